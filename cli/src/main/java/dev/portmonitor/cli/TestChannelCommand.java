package dev.portmonitor.cli;

import dev.portmonitor.config.ChannelConfig;
import dev.portmonitor.config.PortMonitorConfig;
import dev.portmonitor.format.Durations;
import dev.portmonitor.engine.MonitorService;
import dev.portmonitor.notify.Notifiers;
import dev.portmonitor.notify.RetryingDelivery;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code port-monitor test-channel --config FILE NAME}: one test message through a channel. */
@Command(name = "test-channel", mixinStandardHelpOptions = true,
        description = "Sends a test message through one channel of a configuration, with the channel's retries, "
                + "and reports success or the exact failure.",
        footerHeading = "%n",
        footer = {"Exit codes:", "  0  delivered", "  1  not delivered (the reason is printed)",
            "  2  bad usage, a configuration with problems, or no such channel"})
final class TestChannelCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true, description = "The YAML configuration.")
    private Path config;

    @Parameters(paramLabel = "NAME", description = "The id of the channel.")
    private String channelId;

    private final PrintStream logOutput;

    TestChannelCommand(PrintStream logOutput) {
        this.logOutput = logOutput;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PortMonitorConfig loaded = ConfigFiles.load(config, err, "test-channel");
        if (loaded == null) {
            return ExitCodes.USAGE;
        }
        ChannelConfig channel = loaded.channel(channelId).orElse(null);
        if (channel == null) {
            String defined = loaded.channels().stream().map(ChannelConfig::id).collect(Collectors.joining(", "));
            err.println("port-monitor test-channel: no channel \"" + channelId + "\" in " + config
                    + (defined.isEmpty() ? "; it defines no channels" : "; its channels: " + defined));
            err.flush();
            return ExitCodes.USAGE;
        }
        long start = System.nanoTime();
        RetryingDelivery.Outcome outcome;
        try (Notifiers notifiers = new Notifiers(logOutput)) {
            outcome = MonitorService.sendTest(notifiers, channel, Instant.now());
        }
        String took = Durations.formatLatency((System.nanoTime() - start) / 1_000);
        if (outcome.delivered()) {
            out.println("test message delivered to " + channel.type() + " channel " + channelId + " in " + took + " ("
                    + outcome.attempts() + (outcome.attempts() == 1 ? " attempt)" : " attempts)"));
            out.flush();
            return ExitCodes.OK;
        }
        err.println("port-monitor test-channel: " + channel.type() + " channel " + channelId + " failed: " + outcome.reason());
        err.flush();
        return ExitCodes.NOT_OPEN;
    }
}

package dev.portmonitor.cli;

import dev.portmonitor.config.MonitorSpec;
import dev.portmonitor.config.PortMonitorConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code port-monitor check-config FILE}: every problem of a configuration file, at once. */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Checks a configuration file and lists every problem with its path and line.",
        footerHeading = "%n",
        footer = {"Exit codes:", "  0  the file is valid", "  2  the file has problems (listed on standard error)"})
final class CheckConfigCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The YAML file (root key portMonitor).")
    private Path file;

    @Override
    public Integer call() {
        PortMonitorConfig config = ConfigFiles.load(file, spec.commandLine().getErr(), "check-config");
        if (config == null) {
            return ExitCodes.USAGE;
        }
        long enabled = config.monitors().stream().filter(MonitorSpec::enabled).count();
        spec.commandLine().getOut().printf("%s: valid: %d monitors (%d enabled), %d tiers, %d channels%n", file,
                config.monitors().size(), enabled, config.tiers().size(), config.channels().size());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}

package dev.portmonitor.cli;

import dev.portmonitor.config.PortMonitorConfig;
import dev.portmonitor.engine.Reviews;
import dev.portmonitor.review.MonthlyReview;
import dev.portmonitor.review.ReviewFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code port-monitor report --month 2026-11}: the monthly review over a state directory, on demand. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Writes the monthly review of a month (availability, incidents, downtime, time to recovery, "
                + "latency against the month before, certificates, patterns, failures by weekday and hour) from the "
                + "state directory of port-monitor run; it changes nothing there, so it can run beside a running monitor.",
        footerHeading = "%n",
        footer = {"Exit codes:", "  0  written (a state file that could not be read is named, and left out)",
            "  2  bad usage, or a configuration with problems"})
final class ReportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--month", paramLabel = "YYYY-MM", description = "The month (default: the one before this).")
    private String month;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "port-monitor-state",
            description = "The state directory of port-monitor run (default: ${DEFAULT-VALUE}).")
    private Path stateDir;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "The configuration: names, maintenance windows, the deploy window and the time zone. Without "
                    + "it every saved monitor is reported by id.")
    private Path config;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "md",
            description = "html, md or json (default: ${DEFAULT-VALUE}).")
    private String format;

    @Option(names = "--output", paramLabel = "FILE", description = "Where to write it (default: the standard output).")
    private Path output;

    @Option(names = "--timezone", paramLabel = "ZONE",
            description = "The zone months and hours are in (default: the configuration's review.timezone, else the system's).")
    private String timezone;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!ReviewFormat.FORMATS.contains(format)) {
            return usage(err, "--format " + format + " is not one of html, md, json");
        }
        YearMonth which;
        try {
            which = month == null ? YearMonth.now().minusMonths(1) : YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            return usage(err, "--month " + month + " is not a month like 2026-11");
        }
        if (!Files.isDirectory(stateDir)) {
            return usage(err, "--state-dir " + stateDir + " is not a directory (port-monitor run --state-dir makes one)");
        }
        PortMonitorConfig loaded = null;
        if (config != null) {
            loaded = ConfigFiles.load(config, err, "report");
            if (loaded == null) {
                return ExitCodes.USAGE;
            }
        }
        ZoneId zone;
        try {
            zone = timezone != null ? ZoneId.of(timezone) : loaded != null ? loaded.review().timezone() : ZoneId.systemDefault();
        } catch (DateTimeException e) {
            return usage(err, "--timezone " + timezone + " is not a time zone, like UTC or Europe/Paris");
        }
        MonthlyReview review;
        try {
            review = Reviews.fromStateDirectory(stateDir, loaded, which, zone, Instant.now(),
                    problem -> err.println("port-monitor report: " + problem));
        } catch (IOException e) {
            return usage(err, "--state-dir " + stateDir + " cannot be read: " + e.getMessage());
        }
        String text = ReviewFormat.render(review, format);
        if (output == null) {
            out.print(text);
            out.flush();
        } else {
            try {
                Files.writeString(output, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return usage(err, "--output " + output + " cannot be written: " + e.getMessage());
            }
            err.println("port-monitor report: " + ReviewFormat.title(review) + " (" + review.monitors().size()
                    + " monitors) written to " + output);
        }
        err.flush();
        return ExitCodes.OK;
    }

    private static int usage(PrintWriter err, String message) {
        err.println("port-monitor report: " + message);
        err.flush();
        return ExitCodes.USAGE;
    }
}

package dev.portmonitor.cli;

import dev.portmonitor.probe.CloseMode;
import dev.portmonitor.probe.ProbeOptions;
import dev.portmonitor.report.ResultTable;
import dev.portmonitor.verify.Check;
import dev.portmonitor.verify.PortVerifier;
import dev.portmonitor.verify.VerifyOptions;
import dev.portmonitor.verify.VerifyReport;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code port-monitor verify}: the Jenkins step's logic, from any shell. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Checks targets all at once, a TCP connect or the handshake of the target's protocol, and prints "
                + "a table (outcome, check, address, latency, reason, details) or JSON.",
            "Outcomes: OPEN, DEGRADED, SLOW, REFUSED, TIMEOUT, UNRESOLVED, UNREACHABLE, BLOCKED, BAD_RESPONSE, UNHEALTHY, "
                + "TLS_ERROR, ERROR. OPEN passes; DEGRADED passes with a warning."
        },
        footerHeading = "%n",
        footer = {
            "Targets:",
            "  [name=][KIND://]host[:port][/path][?option=value&...]; an IPv6 host in",
            "  brackets, [IPv6]:port. host:port is a TCP connect; KIND:// a protocol",
            "  check, with the kind's default port when none is given",
            "  (postgres://db.internal, smtp://mail.internal:587, tls://shop.example.com,",
            "  postgres://db:5432?tls=true). Kinds and their options: docs/checks.md.",
            "  Surrounding spaces are ignored; host names are lower-cased and one trailing",
            "  dot is dropped. In a file: one target a line, a trailing word 'optional'",
            "  marks an optional target, # a comment.",
            "",
            "Exit codes:",
            "  0  every required target is open (or degraded: a warning)",
            "  1  a required target is not open (refused, timed out, slow...)",
            "  2  bad usage or bad input (nothing was probed)",
            "  3  Port Monitor itself failed",
            "",
            "Examples:",
            "  port-monitor verify db.internal:5432 cache.internal:6379 --timeout 2s",
            "  port-monitor verify postgres://db.internal redis://cache.internal mysql://orders-db",
            "  port-monitor verify orders-db=db.internal:5432 --optional search:9200",
            "  port-monitor verify -f services.txt --slow 500ms --json",
            "  printf 'db:5432\\nredis:6379\\n' | port-monitor verify -f -"
        })
final class VerifyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "TARGET", arity = "0..*",
            description = "A required target: [name=][KIND://]host[:port][?option=value...].")
    private List<String> targets = new ArrayList<>();

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "Read targets from FILE, one a line; '-' reads standard input. Repeatable.")
    private List<String> files = new ArrayList<>();

    @Option(names = "--optional", paramLabel = "TARGET",
            description = "A target that is reported but never fails the run. Repeatable.")
    private List<String> optional = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "3s", converter = DurationConverter.class,
            description = "Budget of each target: name resolution, connect and the protocol's exchange "
                    + "(default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Option(names = "--slow", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "A check whose whole exchange took longer than this is SLOW, and fails like a closed one "
                    + "(default: no threshold).")
    private Duration slow;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "" + VerifyOptions.DEFAULT_CONCURRENCY,
            description = "Most connects in flight at once; each holds a file descriptor (default: ${DEFAULT-VALUE}).")
    private int concurrency;

    @Option(names = "--deadline", paramLabel = "DURATION", defaultValue = "1m", converter = DurationConverter.class,
            description = "Budget of the whole run; a target not done by then is a TIMEOUT (default: ${DEFAULT-VALUE}).")
    private Duration deadline;

    @Option(names = "--reset",
            description = "Close each connection with a TCP reset (SO_LINGER 0): no TIME_WAIT is left behind, "
                    + "but some servers log the reset.")
    private boolean reset;

    @Option(names = "--json", description = "Print the report as JSON on standard output.")
    private boolean json;

    private final InputStream stdin;

    VerifyCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        if (concurrency < 1) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--concurrency': "
                    + concurrency + " is not allowed; give at least 1");
        }
        TargetSources sources = new TargetSources(stdin);
        targets.forEach(text -> sources.addArgument(text, true));
        optional.forEach(text -> sources.addArgument(text, false));
        files.forEach(sources::addFile);
        PrintWriter err = spec.commandLine().getErr();
        if (!sources.problems().isEmpty()) {
            sources.problems().forEach(problem -> err.println("port-monitor verify: " + problem));
            err.println("Nothing was probed. Try 'port-monitor verify --help' for the target syntax.");
            err.flush();
            return ExitCodes.USAGE;
        }
        if (sources.targets().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no targets: give TARGET arguments, --optional TARGET or -f FILE");
        }
        List<Check> distinct = sources.distinct(note -> err.println("port-monitor verify: " + note));
        err.flush();
        ProbeOptions probe = new ProbeOptions(timeout, slow, reset ? CloseMode.RESET : CloseMode.NORMAL);
        VerifyOptions options = new VerifyOptions(probe, concurrency, deadline);
        try (PortVerifier verifier = PortVerifier.create()) {
            VerifyReport report = verifier.verifyChecks(distinct, options).join();
            PrintWriter out = spec.commandLine().getOut();
            out.print(json ? JsonReport.render(report, verifier.transportKind()) : ResultTable.render(report));
            out.flush();
            return report.passed() ? ExitCodes.OK : ExitCodes.NOT_OPEN;
        }
    }
}

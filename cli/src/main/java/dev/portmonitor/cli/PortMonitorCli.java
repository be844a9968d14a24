package dev.portmonitor.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/** {@code port-monitor}: the entry point of the runnable jar. */
@Command(
        name = "port-monitor",
        mixinStandardHelpOptions = true,
        versionProvider = PortMonitorCli.Version.class,
        description = "Watches the TCP doors behind a website: databases, caches, brokers, mail, internal APIs.",
        commandListHeading = "%nCommands:%n",
        footerHeading = "%n",
        footer = "Run 'port-monitor COMMAND --help' for a command's options and exit codes.")
public final class PortMonitorCli implements Runnable {

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, System.in, out, err));
    }

    /** Runs a command line and returns its exit code (see {@link ExitCodes}). */
    static int run(String[] args, InputStream stdin, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new PortMonitorCli())
                .addSubcommand(new VerifyCommand(stdin))
                .addSubcommand(new RunCommand(System.out))
                .addSubcommand(new CheckConfigCommand())
                .addSubcommand(new TestChannelCommand(System.out))
                .addSubcommand(new MarkDeployCommand())
                .addSubcommand(new ReportCommand())
                .registerConverter(Integer.class, new WholeNumberConverter())
                .registerConverter(int.class, new WholeNumberConverter())
                .setOut(out)
                .setErr(err)
                .setParameterExceptionHandler(PortMonitorCli::usageError)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("port-monitor: internal error: " + e);
                    cmd.getErr().flush();
                    return ExitCodes.INTERNAL;
                });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCodes.USAGE;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command; the commands are: "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** The version from the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = PortMonitorCli.class.getPackage().getImplementationVersion();
            return new String[] {"port-monitor " + (version == null ? "(development build)" : version)};
        }
    }
}

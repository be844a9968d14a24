package dev.portmonitor.cli;

import dev.portmonitor.cluster.MemberSettings;
import dev.portmonitor.config.PortMonitorConfig;
import dev.portmonitor.config.Secret;
import dev.portmonitor.engine.MonitorService;
import dev.portmonitor.status.StatusJson;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code port-monitor run}: the whole monitor, standalone, until SIGTERM or SIGINT. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Watches the monitors of a configuration file until stopped (SIGTERM or Ctrl-C): checks each on "
                + "its interval, confirms failures and recoveries, prints events on the log channels, keeps history in "
                + "the state directory, and serves /status and /metrics on loopback.",
        footerHeading = "%n",
        footer = {"Exit codes:",
            "  0    stopped after SIGTERM or SIGINT (the JVM reports 143 or 130",
            "       for the signal)",
            "  2    the configuration has problems (listed on standard error)",
            "  3    Port Monitor itself failed, or it stopped without saving",
            "       every monitor's state"})
final class RunCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true,
            description = "The YAML configuration (root key portMonitor); see docs/configuration.md.")
    private Path config;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "port-monitor-state",
            description = "Where state and history are kept across restarts (default: ${DEFAULT-VALUE}).")
    private Path stateDir;

    @Option(names = "--http-port", paramLabel = "N", defaultValue = "9110",
            description = "Port of the status page (/), /status, /chart, /events and /metrics; 0 picks a free port, "
                    + "-1 serves none (default: ${DEFAULT-VALUE}).")
    private int httpPort;

    @Option(names = "--http-bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = {"The address the status port listens on (default: ${DEFAULT-VALUE}).",
                "Any other than loopback needs --http-token-file or --http-token-env."})
    private String httpBind;

    @Option(names = "--http-token-file", paramLabel = "FILE",
            description = "A read-only access token for the status port, read from this file; every request must then "
                    + "carry it (Authorization: Bearer TOKEN, or /?token=TOKEN once in a browser).")
    private Path httpTokenFile;

    @Option(names = "--http-token-env", paramLabel = "NAME",
            description = "As --http-token-file, from this environment variable.")
    private String httpTokenEnv;

    @Option(names = "--cluster-name", paramLabel = "NAME", defaultValue = "port-monitor",
            description = "Name of the embedded Hazelcast member's cluster (default: ${DEFAULT-VALUE}).")
    private String clusterName;

    @Option(names = "--member", paramLabel = "HOST:PORT",
            description = {"Another member of the cluster; repeat for each. Without any, this member runs alone and joins nothing.",
                "Only these addresses are joined: no multicast, no discovery."})
    private List<String> members = new ArrayList<>();

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The interface the cluster member listens on (default: ${DEFAULT-VALUE}). Hazelcast Community "
                    + "Edition has no TLS and no member authentication: use a private network.")
    private String bind;

    @Option(names = "--cluster-port", paramLabel = "N", defaultValue = "5801",
            description = "The cluster member's port, or the first one tried (default: ${DEFAULT-VALUE}).")
    private int clusterPort;

    @Option(names = "--join-secret-file", paramLabel = "FILE",
            description = "A secret shared by the members, read from this file; a member with another secret (or none) "
                    + "is refused as a member of another cluster. It guards against accidental joins, not against an "
                    + "attacker on the network (docs/cluster.md).")
    private Path joinSecretFile;

    @Option(names = "--save-every", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "How often monitors that changed state are saved (default: ${DEFAULT-VALUE}).")
    private Duration saveEvery;

    @Option(names = "--save-history-every", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "How often every monitor's history is saved (default: ${DEFAULT-VALUE}); everything is saved at stop.")
    private Duration saveHistoryEvery;

    private final PrintStream events;

    RunCommand(PrintStream events) {
        this.events = events;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PortMonitorConfig loaded = ConfigFiles.load(config, err, "run");
        if (loaded == null) {
            return ExitCodes.USAGE;
        }
        MemberSettings cluster = clusterSettings(err);
        if (cluster == null) {
            return ExitCodes.USAGE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // The status port first: a port that is taken is told at once, before anything has started.
        AtomicReference<MonitorService> running = new AtomicReference<>();
        StatusServer opened = null;
        if (httpPort >= 0) {
            StatusServer.Access access = statusAccess(err);
            if (access == null) {
                return ExitCodes.USAGE;
            }
            try {
                opened = new StatusServer(httpPort, new StatusContent(running, registry), access, StatusServer.Limits.DEFAULT);
            } catch (IOException e) {
                err.println("port-monitor run: " + e.getMessage());
                err.flush();
                return ExitCodes.USAGE;
            }
        }
        StatusServer server = opened;
        MonitorService service;
        try {
            service = MonitorService.start(loaded, new MonitorService.Settings(cluster, stateDir, saveEvery,
                    saveHistoryEvery, events, registry), problem -> err.println("port-monitor run: " + problem));
        } catch (IOException e) {
            // The state directory: another monitor's, or not even a directory. Nothing was started.
            if (server != null) {
                server.close();
            }
            err.println("port-monitor run: " + e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        } catch (Exception | Error e) {
            if (server != null) {
                server.close();
            }
            throw e;
        }
        running.set(service);
        if (server != null) {
            service.onStatusEvent(server::publish);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            err.println("port-monitor run: stopping");
            err.flush();
            try {
                if (server != null) {
                    try {
                        server.close();
                    } catch (RuntimeException e) {
                        err.println("port-monitor run: stopping the status server failed: " + e);
                    }
                }
                boolean clean = service.stop(problem -> err.println("port-monitor run: " + problem));
                if (clean) {
                    err.println("port-monitor run: stopped; state saved in " + stateDir.toAbsolutePath());
                } else {
                    err.println("port-monitor run: stopped with the problems above; state may not be saved in "
                            + stateDir.toAbsolutePath());
                }
                err.flush();
                if (!clean) {
                    // The JVM would report the signal (143); a stop that lost state says so in its status.
                    stopped.countDown();
                    Runtime.getRuntime().halt(ExitCodes.INTERNAL);
                }
            } finally {
                stopped.countDown();
            }
        }, "pm-shutdown"));
        err.println("port-monitor run: watching " + loaded.monitors().size() + " monitors from " + config
                + (server == null ? "" : "; status page at http://" + hostForUrl() + ":" + server.port() + "/"));
        err.flush();
        stopped.await();
        return ExitCodes.OK;
    }

    /** What the status port shows, read from the running service (which is not there while it starts). */
    private record StatusContent(AtomicReference<MonitorService> running, PrometheusMeterRegistry registry)
            implements StatusServer.Content {

        private MonitorService service() {
            MonitorService service = running.get();
            if (service == null) {
                throw new IllegalStateException("starting");
            }
            return service;
        }

        @Override
        public String status() {
            return service().statusJson(Instant.now());
        }

        @Override
        public void markDeploy(dev.portmonitor.history.Deploy deploy) throws java.io.IOException {
            service().markDeploy(deploy);
        }

        @Override
        public String metrics() {
            return registry.scrape();
        }

        @Override
        public String chart(String monitorId, Duration range) {
            return service().chart(monitorId, Instant.now(), range);
        }
    }

    private String hostForUrl() {
        String host = httpBind.strip();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1"; // every address, this one among them
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** Where the status port listens and its token, from the options; null, with the problem printed, when wrong. */
    private StatusServer.Access statusAccess(PrintWriter err) {
        InetAddress address;
        try {
            address = InetAddress.getByName(httpBind.strip());
        } catch (UnknownHostException e) {
            return refused(err, "--http-bind " + httpBind + ": cannot resolve it; give an address of this machine, "
                    + "like 127.0.0.1 or 0.0.0.0");
        }
        if (httpTokenFile != null && httpTokenEnv != null) {
            return refused(err, "give one of --http-token-file and --http-token-env, not both");
        }
        Secret token = null;
        if (httpTokenFile != null) {
            try {
                String text = Files.readString(httpTokenFile).strip();
                if (text.length() < 16) {
                    return refused(err, "--http-token-file " + httpTokenFile + ": the token must have at least 16 "
                            + "characters" + (text.isEmpty() ? " (the file is empty)" : ""));
                }
                token = new Secret(text, "file " + httpTokenFile);
            } catch (IOException e) {
                return refused(err, "--http-token-file " + httpTokenFile + ": cannot read it: " + e.getMessage());
            }
        } else if (httpTokenEnv != null) {
            String text = System.getenv(httpTokenEnv);
            if (text == null || text.strip().length() < 16) {
                return refused(err, "--http-token-env " + httpTokenEnv + ": "
                        + (text == null ? "the variable is not set" : text.isBlank() ? "the variable is empty"
                        : "the token must have at least 16 characters"));
            }
            token = new Secret(text.strip(), "environment variable " + httpTokenEnv);
        }
        try {
            return new StatusServer.Access(address, token);
        } catch (IllegalArgumentException e) {
            return refused(err, e.getMessage());
        }
    }

    /** Prints a problem of the options, as the command's other problems are printed; null for the caller to return. */
    private static <T> T refused(PrintWriter err, String problem) {
        err.println("port-monitor run: " + problem);
        err.flush();
        return null;
    }

    /** The member's settings from the options; null, with the problem printed, when they are wrong. */
    private MemberSettings clusterSettings(PrintWriter err) {
        List<String> problems = new ArrayList<>();
        for (String member : members) {
            if (!member.matches("[A-Za-z0-9_.\\[\\]:-]+:\\d{1,5}")) {
                problems.add("--member " + member + ": expected HOST:PORT, like 10.0.0.12:5801");
            }
        }
        if (clusterPort < 1 || clusterPort > 65535) {
            problems.add("--cluster-port " + clusterPort + ": not a port (1-65535)");
        }
        String secret = null;
        if (joinSecretFile != null) {
            try {
                secret = Files.readString(joinSecretFile).strip();
                if (secret.isEmpty()) {
                    problems.add("--join-secret-file " + joinSecretFile + ": the file is empty");
                }
            } catch (java.io.IOException e) {
                problems.add("--join-secret-file " + joinSecretFile + ": cannot read it (" + e.getClass().getSimpleName() + ")");
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(problem -> err.println("port-monitor run: " + problem));
            err.flush();
            return null;
        }
        return new MemberSettings(clusterName, bind, clusterPort, members, null, secret);
    }
}

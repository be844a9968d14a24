package dev.portmonitor.testing;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * A MariaDB server of the test's own (Debian's {@code mariadbd} and {@code mariadb-install-db}), on
 * a free port of every address, in a temporary data directory, with the server options the test
 * gives: for what the shared server on 3306 must not be put through (a lowered
 * {@code max_connect_errors}, a blocked host). Runs as the {@code mysql} user, so it needs root, as
 * CI has; elsewhere the test is skipped with the reason. Statements go through the socket as root.
 */
public final class PrivateMariaDb implements AutoCloseable {

    private final Path directory;
    private final int port;
    private final Process server;

    private PrivateMariaDb(Path directory, int port, Process server) {
        this.directory = directory;
        this.port = port;
        this.server = server;
    }

    public static PrivateMariaDb start(String... options) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/sbin/mariadbd")) || !Files.isExecutable(Path.of("/usr/bin/mariadb-install-db"))) {
            throw new IllegalStateException("MariaDB's server is not installed: apt-get install mariadb-server");
        }
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "a private mariadbd runs as the mysql user, which needs root (CI runs as root)");
        Path directory = Files.createTempDirectory("port-monitor-mariadb");
        Path data = directory.resolve("data");
        Files.createDirectories(data);
        run("chown", "-R", "mysql:mysql", directory.toString());
        run("/usr/bin/mariadb-install-db", "--no-defaults", "--datadir=" + data, "--user=mysql",
                "--auth-root-authentication-method=socket", "--skip-test-db");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of("/usr/sbin/mariadbd", "--no-defaults", "--datadir=" + data, "--user=mysql",
                "--port=" + port, "--bind-address=0.0.0.0", "--socket=" + directory.resolve("sock"),
                "--pid-file=" + directory.resolve("pid"), "--log-error=" + directory.resolve("error.log"), "--skip-log-bin",
                "--innodb-buffer-pool-size=16M", "--skip-name-resolve=0"));
        Collections.addAll(command, options);
        Process server = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve("stdout.log").toFile()).start();
        PrivateMariaDb db = new PrivateMariaDb(directory, port, server);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> db.errorLog().contains("ready for connections") || !server.isAlive());
        } catch (ConditionTimeoutException e) {
            // reported below, with the log
        }
        if (!db.errorLog().contains("ready for connections")) {
            String log = db.errorLog();
            db.close();
            throw new IllegalStateException("the private mariadbd did not start:\n" + log);
        }
        return db;
    }

    public int port() {
        return port;
    }

    /** Runs statements as root over the socket; returns the output (tab-separated, no headers). */
    public String sql(String statements) throws IOException, InterruptedException {
        return run("/usr/bin/mariadb", "-S", directory.resolve("sock").toString(), "-uroot", "-N", "-B", "-e", statements).strip();
    }

    /** A global status counter ({@code Aborted_connects}, {@code Access_denied_errors}...). */
    public long status(String name) throws IOException, InterruptedException {
        String out = sql("SHOW GLOBAL STATUS LIKE '" + name + "'");
        return Long.parseLong(out.split("\\s+")[1]);
    }

    /** The server's error log as it stands. */
    public String errorLog() throws IOException {
        Path log = directory.resolve("error.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /**
     * An IPv4 address of this machine that is not a loopback address: connecting to it from here
     * uses it as the source, so the server treats the client as another host (loopback clients are
     * exempt from its host cache).
     */
    public static InetAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    try (Socket probe = new Socket()) {
                        probe.bind(new java.net.InetSocketAddress(address, 0));
                        return address;
                    }
                }
            }
        }
        throw new IllegalStateException("this machine has no IPv4 address but loopback; the test needs one to be another host");
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        server.destroy();
        try {
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}

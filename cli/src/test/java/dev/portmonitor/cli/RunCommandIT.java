package dev.portmonitor.cli;

import static dev.portmonitor.testing.LoopbackServers.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portmonitor.testing.LoopbackServers;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code port-monitor run} as a process: events, /status, /metrics, a clean stop, and a restart that keeps history. */
class RunCommandIT {

    private static final Path JAR = Path.of(System.getProperty("portmonitor.jar", "target/port-monitor.jar"));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final LoopbackServers servers = new LoopbackServers();
    private Process process;

    @AfterEach
    void stop() {
        if (process != null) {
            process.destroyForcibly();
        }
        servers.close();
    }


    private Process start(Path config, int httpPort, String out, String err) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djdk.net.hosts.file=" + System.getProperty("test.hosts.file"), "-jar", JAR.toString(), "run",
                "--config", config.toString(), "--state-dir", dir.resolve("state").toString(),
                "--http-port", String.valueOf(httpPort), "--cluster-name", "pm-it-" + httpPort);
        return new ProcessBuilder(command).redirectOutput(dir.resolve(out).toFile()).redirectError(dir.resolve(err).toFile()).start();
    }

    private static JsonNode status(int port) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode monitor(JsonNode status, String id) {
        for (JsonNode monitor : status.get("monitors")) {
            if (monitor.get("id").asText().equals(id)) {
                return monitor;
            }
        }
        throw new AssertionError("no monitor " + id + " in " + status);
    }

    private String read(String file) throws IOException {
        File f = dir.resolve(file).toFile();
        return f.exists() ? Files.readString(f.toPath(), StandardCharsets.UTF_8) : "";
    }

    @Test
    void shouldWatchAlertServeStatusStopCleanlyAndKeepHistoryAcrossARestart() throws Exception {
        int open = servers.acceptThenClose();
        int closed = servers.refused();
        Path config = dir.resolve("monitors.yaml");
        Files.writeString(config, """
                portMonitor:
                  defaults: {timeout: 300ms, failuresBeforeAlert: 2}
                  channels: [{id: console, log: {}}]
                  monitors:
                    - {id: shop-db, name: Shop database, host: db.test, port: %d, interval: 300ms, channels: [console]}
                    - {id: search, host: 127.0.0.1, port: %d, interval: 300ms, channels: [console]}
                """.formatted(open, closed));
        int http = freePort();

        process = start(config, http, "out-1.txt", "err-1.txt");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                monitor(status(http), "search").get("status").asText().equals("DOWN")
                        && monitor(status(http), "shop-db").get("status").asText().equals("UP"));

        JsonNode search = monitor(status(http), "search");
        assertThat(search.get("lastCheck").get("outcome").asText()).isEqualTo("REFUSED");
        assertThat(search.get("incidents")).hasSize(1);
        JsonNode db = monitor(status(http), "shop-db");
        assertThat(db.get("name").asText()).isEqualTo("Shop database");
        assertThat(db.get("lastCheck").get("address").asText()).isEqualTo("127.0.0.1:" + open);
        assertThat(db.get("availability").get("1h").asDouble()).isEqualTo(1.0);
        await().atMost(Duration.ofSeconds(10)).until(() -> read("out-1.txt").contains("DOWN search"));
        assertThat(read("out-1.txt")).contains("[console] DOWN search 127.0.0.1:" + closed + ": refused: connection refused; "
                + "2 consecutive failed checks since ");
        assertThat(read("err-1.txt")).as("the log channel printed the DOWN; the event log does not print it again")
                .doesNotContain("DOWN search");
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("portmonitor_checks_total{kind=\"tcp\",monitor=\"search\",outcome=\"REFUSED\"}")
                .contains("portmonitor_monitor_up{monitor=\"shop-db\"} 1.0")
                .contains("portmonitor_events_total{type=\"DOWN\"} 1.0")
                .contains("portmonitor_schedule_lateness_seconds");
        // A second run on the same state directory is refused, naming the first (issue 11, item 6).
        Process second = start(config, freePort(), "out-second.txt", "err-second.txt");
        try {
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("the second run ends by itself").isTrue();
            assertThat(second.exitValue()).isEqualTo(2);
            assertThat(read("err-second.txt")).contains("is in use by process " + process.pid() + " on ")
                    .doesNotContain("Exception");
        } finally {
            second.destroyForcibly();
        }
        long checksBefore = monitor(status(http), "shop-db").get("checks").asLong();
        long searchChecksBefore = monitor(status(http), "search").get("checks").asLong();

        process.destroy(); // SIGTERM
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
        assertThat(read("err-1.txt")).contains("port-monitor run: stopped; state saved in");
        assertThat(dir.resolve("state/monitors/shop-db.json")).exists();
        assertThat(dir.resolve("state/monitors/search.json")).exists();

        int http2 = freePort();
        process = start(config, http2, "out-2.txt", "err-2.txt");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> status(http2) != null);
        JsonNode restored = monitor(status(http2), "shop-db");
        assertThat(restored.get("checks").asLong()).as("history kept across the restart").isGreaterThanOrEqualTo(checksBefore);
        assertThat(monitor(status(http2), "search").get("status").asText()).isEqualTo("DOWN");
        assertThat(monitor(status(http2), "search").get("incidents")).hasSize(1);
        // Still down after the restart: no second DOWN for the same outage.
        await().atMost(Duration.ofSeconds(10)).until(() -> monitor(status(http2), "search").get("checks").asLong()
                >= searchChecksBefore + 3);
        assertThat(read("out-2.txt")).doesNotContain("DOWN search");
    }

    @Test
    void shouldExitTwoOnABadConfiguration() throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "portMonitor:\n  monitors:\n    - {id: db, host: db, port: 70000, interval: 1s}\n");

        process = start(config, freePort(), "out.txt", "err.txt");

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(read("err.txt")).contains("monitors[0].port: 70000 is not a port (1-65535) (line 3)");
    }
}

package dev.portmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.portmonitor.testing.LoopbackServers;
import dev.portmonitor.testing.SwitchablePort;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing lost, nothing repeated (issue 11, items 1 to 3): {@code run} is killed with SIGKILL at
 * points spread over a transition and its delivery (from the port's closing to a second after), the
 * port comes back before the restart, and after every restart the webhook receiver must have been
 * told of every outage Port Monitor ever confirmed, in order, each event under an id of its own.
 *
 * <p>A RECOVERED is raised only from a recorded DOWN, so a RECOVERED whose DOWN never arrived is a
 * lost event; a DOWN received after its own RECOVERED is a reordering; one id for two events is a
 * reused id.
 */
class RunKillIT {

    /** How many kills: 50 points spread over the first second after the port closes. */
    private static final int POINTS = Integer.getInteger("portmonitor.kill.points", 50);
    private static final Path JAR = Path.of(System.getProperty("portmonitor.jar", "target/port-monitor.jar"));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.regex.Pattern DOWN_LINE = java.util.regex.Pattern.compile(
            "events - DOWN flaky .* since (\\S+)$");

    @TempDir
    Path dir;

    private HttpServer receiver;
    private Process process;

    @AfterEach
    void stop() {
        if (process != null) {
            process.destroyForcibly();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    private Process start(Path config, int httpPort, int round) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Djdk.net.hosts.file=" + System.getProperty("test.hosts.file"),
                "-jar", JAR.toString(), "run", "--config", config.toString(), "--state-dir", dir.resolve("state").toString(),
                "--http-port", String.valueOf(httpPort), "--cluster-name", "pm-kill-" + httpPort, "--save-every", "5s");
        return new ProcessBuilder(command).redirectOutput(dir.resolve("out-" + round + ".txt").toFile())
                .redirectError(dir.resolve("err-" + round + ".txt").toFile()).start();
    }

    /** The monitor as /status shows it, or null while the process is starting. */
    private static JsonNode flaky(int httpPort) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                    + "/status")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode monitor : JSON.readTree(response.body()).get("monitors")) {
                if (monitor.get("id").asText().equals("flaky")) {
                    return monitor;
                }
            }
            return null;
        } catch (Exception notYet) {
            return null;
        }
    }

    /**
     * Waits until this process has checked the monitor twice and found it up: /status shows the state
     * restored from disk at once, before this process has checked anything.
     */
    private static void awaitCheckedUp(int httpPort) {
        long[] restored = {-1};
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            JsonNode monitor = flaky(httpPort);
            if (monitor == null) {
                return false;
            }
            long checks = monitor.get("checks").asLong();
            if (restored[0] < 0) {
                restored[0] = checks;
            }
            return checks >= restored[0] + 2 && monitor.get("status").asText().equals("UP");
        });
    }

    @Test
    void shouldDeliverEveryConfirmedOutageInOrderWithIdsOfTheirOwnWhereverRunIsKilled() throws Exception {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        List<String> logged = new ArrayList<>();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        receiver.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                JsonNode body = JSON.readTree(in.readAllBytes());
                if (body.has("events")) {
                    body.get("events").forEach(received::add); // a storm group
                } else {
                    received.add(body);
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try (SwitchablePort flaky = new SwitchablePort()) {
            Path config = Files.writeString(dir.resolve("kill.yaml"), """
                    portMonitor:
                      defaults: {timeout: 100ms, failuresBeforeAlert: 1, successesBeforeRecovery: 1}
                      storm: {enabled: false}
                      channels:
                        - {id: hook, webhook: {url: "http://127.0.0.1:%d/hook", timeout: 2s, deliveryDeadline: 5m}}
                      monitors:
                        - {id: flaky, host: 127.0.0.1, port: %d, interval: 200ms, channels: [hook]}
                    """.formatted(receiver.getAddress().getPort(), flaky.port()), StandardCharsets.UTF_8);
            int http = LoopbackServers.freePort();
            for (int round = 0; round < POINTS; round++) {
                process = start(config, http, round);
                awaitCheckedUp(http);
                flaky.down();
                // The kill point: from the close, through the check that confirms it, the save, the delivery.
                Thread.sleep(round * 1000L / POINTS);
                process.destroyForcibly(); // SIGKILL
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
                flaky.up(); // back before the restart: the DOWN must still be told
                // What the killed process told its log: a DOWN it logged was told to someone, so it must arrive.
                Files.readString(dir.resolve("err-" + round + ".txt")).lines()
                        .map(DOWN_LINE::matcher).filter(java.util.regex.Matcher::find).forEach(m -> logged.add(m.group(1)));
            }
            process = start(config, http, POINTS);
            awaitCheckedUp(http);

            // Every outage that was confirmed (its DOWN or its RECOVERED reached the receiver) is told whole.
            await().atMost(Duration.ofSeconds(60)).until(() -> unmatched(received).isEmpty());
        }
        Map<String, List<String>> byOutage = outages(received);
        System.out.println("RunKillIT: " + POINTS + " kills, " + logged.size() + " DOWNs logged before the kill, "
                + byOutage.size() + " outages confirmed and told, " + received.size() + " deliveries received");
        assertThat(unmatched(received)).as("an outage's DOWN or RECOVERED is missing").isEmpty();
        // One order per channel: within an outage, the first DOWN came before the first RECOVERED.
        byOutage.forEach((since, types) -> assertThat(types.get(0)).as("the first event of the outage since %s", since)
                .isEqualTo("DOWN"));
        // An id is one event: every delivery under one id is the same event type and outage.
        Map<String, String> meaning = new LinkedHashMap<>();
        for (JsonNode event : received) {
            String what = event.get("eventType").asText() + "@" + event.get("since").asText();
            String before = meaning.putIfAbsent(event.get("dedupeId").asText(), what);
            assertThat(before == null || before.equals(what)).as("id %s reused", event.get("dedupeId").asText()).isTrue();
        }
        assertThat(byOutage).as("the kills after the confirming check left outages to tell").isNotEmpty();
        // Every DOWN a killed process had logged reached the receiver (the log line has the second only).
        List<String> told = received.stream().filter(e -> e.get("eventType").asText().equals("DOWN"))
                .map(e -> java.time.Instant.parse(e.get("since").asText()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .toString()).toList();
        assertThat(told).as("DOWNs logged by killed processes, all delivered").containsAll(logged);
        assertThat(logged).as("some kills came after the DOWN was logged").isNotEmpty();
    }

    /** Each outage (by its start) with the types of its deliveries, in the order they arrived. */
    private static Map<String, List<String>> outages(List<JsonNode> received) {
        Map<String, List<String>> byOutage = new LinkedHashMap<>();
        for (JsonNode event : received) {
            byOutage.computeIfAbsent(event.get("since").asText(), since -> new ArrayList<>()).add(event.get("eventType").asText());
        }
        return byOutage;
    }

    /** The outages told only in part: a DOWN without its RECOVERED, or a RECOVERED without its DOWN. */
    private static List<String> unmatched(List<JsonNode> received) {
        List<String> unmatched = new ArrayList<>();
        outages(received).forEach((since, types) -> {
            if (!types.contains("DOWN") || !types.contains("RECOVERED")) {
                unmatched.add(since + " " + types);
            }
        });
        return unmatched;
    }
}

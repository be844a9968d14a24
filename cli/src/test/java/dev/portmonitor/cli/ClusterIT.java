package dev.portmonitor.cli;

import static dev.portmonitor.testing.LoopbackServers.freePort;
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
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three members of one cluster as separate JVM processes ({@code port-monitor run} on loopback):
 * each monitor probed by one member; a member killed with SIGKILL while it is still trying to send
 * a DOWN; the DOWN reaches the webhook anyway, every monitor goes on being probed, history survives;
 * the member restarts and takes a share again; a member of another cluster stays out.
 */
class ClusterIT {

    private static final Path JAR = Path.of(System.getProperty("portmonitor.jar", "target/port-monitor.jar"));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHECKS = Pattern.compile("^portmonitor_checks_total\\{kind=\"[a-z0-9]+\",monitor=\"([^\"]+)\",outcome=\"[A-Z_]+\"} ([0-9.E]+)$",
            Pattern.MULTILINE);
    private static final String CLUSTER = "pm-it-cluster";

    @TempDir
    Path dir;

    private final LoopbackServers servers = new LoopbackServers();
    private final List<Process> processes = new ArrayList<>();
    private HttpServer receiver;

    /** One member: its ports and process. */
    private final class Member {
        final String name;
        final int clusterPort;
        int httpPort;
        Process process;

        Member(String name, int clusterPort) {
            this.name = name;
            this.clusterPort = clusterPort;
        }

        String address() {
            return "127.0.0.1:" + clusterPort;
        }

        void start(Path config, String clusterName, List<Member> others) throws IOException {
            httpPort = freePort();
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-Djdk.net.hosts.file=" + System.getProperty("test.hosts.file"), "-jar", JAR.toString(), "run",
                    "--config", config.toString(), "--state-dir", dir.resolve("state-" + name).toString(),
                    "--http-port", String.valueOf(httpPort), "--cluster-name", clusterName,
                    "--cluster-port", String.valueOf(clusterPort)));
            for (Member other : others) {
                command.add("--member");
                command.add(other.address());
            }
            process = new ProcessBuilder(command).redirectOutput(dir.resolve(name + ".out").toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".err").toFile())).start();
            processes.add(process);
        }

        JsonNode status() throws Exception {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/status")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return JSON.readTree(response.body());
        }

        int members() throws Exception {
            return status().get("cluster").get("members").size();
        }

        /** Checks this process made itself, per monitor (from its own /metrics). */
        Map<String, Double> checks() throws Exception {
            String text = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Map<String, Double> checks = new HashMap<>();
            Matcher matcher = CHECKS.matcher(text);
            while (matcher.find()) {
                checks.merge(matcher.group(1), Double.parseDouble(matcher.group(2)), Double::sum);
            }
            return checks;
        }
    }

    @AfterEach
    void stopAll() {
        processes.forEach(Process::destroyForcibly);
        if (receiver != null) {
            receiver.stop(0);
        }
        servers.close();
    }


    private static JsonNode monitor(JsonNode status, String id) {
        for (JsonNode monitor : status.get("monitors")) {
            if (monitor.get("id").asText().equals(id)) {
                return monitor;
            }
        }
        throw new AssertionError("no monitor " + id + " in " + status);
    }

    /** Which members made checks of each monitor between two reads of their /metrics. */
    private static Map<String, List<String>> probersOver(List<Member> members, List<String> ids, Duration window) throws Exception {
        List<Map<String, Double>> before = new ArrayList<>();
        for (Member member : members) {
            before.add(member.checks());
        }
        Thread.sleep(window.toMillis());
        Map<String, List<String>> probers = new LinkedHashMap<>();
        for (String id : ids) {
            probers.put(id, new ArrayList<>());
        }
        for (int i = 0; i < members.size(); i++) {
            Map<String, Double> after = members.get(i).checks();
            for (String id : ids) {
                if (after.getOrDefault(id, 0.0) > before.get(i).getOrDefault(id, 0.0)) {
                    probers.get(id).add(members.get(i).name);
                }
            }
        }
        return probers;
    }

    @Test
    void shouldProbeEachMonitorOnceSurviveASigkillAndLetNoOtherClusterIn() throws Exception {
        // The webhook receiver: 503 until told to answer, so the DOWN is still pending when its sender dies.
        AtomicBoolean healthy = new AtomicBoolean(false);
        AtomicInteger refusedAttempts = new AtomicInteger();
        List<JsonNode> accepted = new CopyOnWriteArrayList<>();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        receiver.createContext("/hook", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            JsonNode event = JSON.readTree(body);
            int status;
            if (healthy.get()) {
                accepted.add(event);
                status = 200;
            } else {
                refusedAttempts.incrementAndGet();
                status = 503;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();

        SwitchablePort flaky = new SwitchablePort();
        List<String> ids = new ArrayList<>();
        StringBuilder yaml = new StringBuilder("""
                portMonitor:
                  defaults: {timeout: 300ms, failuresBeforeAlert: 2}
                  channels:
                    - {id: hook, webhook: {url: "http://127.0.0.1:%d/hook", timeout: 1s, deliveryDeadline: 3m}}
                  monitors:
                    - {id: flaky, host: 127.0.0.1, port: %d, interval: 500ms, channels: [hook]}
                """.formatted(receiver.getAddress().getPort(), flaky.port()));
        ids.add("flaky");
        for (int i = 0; i < 30; i++) { // enough that a rejoining member gets some: (2/3)^30 is about 5e-6
            int port = servers.open();
            yaml.append("    - {id: m").append(i).append(", host: 127.0.0.1, port: ").append(port)
                    .append(", interval: 500ms, channels: [hook]}\n");
            ids.add("m" + i);
        }
        Path config = dir.resolve("cluster.yaml");
        Files.writeString(config, yaml.toString());

        Member a = new Member("a", freePort());
        Member b = new Member("b", freePort());
        Member c = new Member("c", freePort());
        List<Member> all = List.of(a, b, c);
        for (Member member : all) {
            member.start(config, CLUSTER, all.stream().filter(m -> m != member).toList());
        }
        for (Member member : all) {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> member.members() == 3);
        }
        // Three JVMs that read the same file agree that they run the same configuration.
        for (Member member : all) {
            assertThat(member.status().get("cluster").get("configurationDifferences")).as("differences seen by %s", member.name)
                    .isEmpty();
        }

        // Each monitor is probed by exactly one member (once the partitions have settled).
        Map<String, List<String>>[] last = new Map[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> {
            last[0] = probersOver(all, ids, Duration.ofSeconds(2));
            return last[0].values().stream().allMatch(probers -> probers.size() == 1);
        });
        assertThat(last[0].values().stream().map(probers -> probers.get(0)).distinct().count())
                .as("monitors spread over more than one member: %s", last[0]).isGreaterThan(1);
        JsonNode before = a.status();
        String owner = monitor(before, "flaky").get("prober").asText();
        Member victim = all.stream().filter(m -> m.address().equals(owner)).findFirst().orElseThrow();
        assertThat(last[0].get("flaky")).containsExactly(victim.name);
        List<Member> survivors = all.stream().filter(m -> m != victim).toList();

        // The port closes; its owner confirms the DOWN and cannot deliver it yet (503) when it is killed.
        flaky.down();
        await().atMost(Duration.ofSeconds(30)).until(() -> refusedAttempts.get() >= 1);
        Map<String, Long> checksBefore = new HashMap<>();
        JsonNode beforeKill = survivors.get(0).status();
        for (String id : ids) {
            checksBefore.put(id, monitor(beforeKill, id).get("checks").asLong());
        }
        victim.process.destroyForcibly(); // SIGKILL
        victim.process.waitFor();
        healthy.set(true);

        // The DOWN arrives, sent by the monitor's next owner from the dead member's outbox.
        await().atMost(Duration.ofSeconds(60)).until(() -> accepted.stream().anyMatch(e -> e.get("eventType").asText().equals("DOWN")
                && e.get("monitor").get("id").asText().equals("flaky")));
        // For 5 s more, whatever arrives for flaky is that DOWN again (a duplicate keeps its dedupe id), never another.
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> accepted.stream()
                .filter(e -> e.get("eventType").asText().equals("DOWN") && e.get("monitor").get("id").asText().equals("flaky"))
                .map(e -> e.get("dedupeId").asText()).distinct().count() == 1);
        List<JsonNode> downs = accepted.stream().filter(e -> e.get("eventType").asText().equals("DOWN")
                && e.get("monitor").get("id").asText().equals("flaky")).toList();
        System.out.println("ClusterIT: the DOWN of flaky was accepted " + downs.size() + " time(s) after "
                + refusedAttempts.get() + " refused attempt(s) by the killed member");
        assertThat(downs).extracting(e -> e.get("dedupeId").asText()).as("one DOWN, or duplicates of it").hasSizeGreaterThanOrEqualTo(1)
                .allMatch(id -> id.equals(downs.get(0).get("dedupeId").asText()));

        // Every monitor goes on being probed by the two left, and history from before the kill is there.
        for (Member survivor : survivors) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> survivor.members() == 2);
        }
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            JsonNode now = survivors.get(0).status();
            return ids.stream().allMatch(id -> monitor(now, id).get("checks").asLong() > checksBefore.get(id) + 2);
        });
        JsonNode after = survivors.get(0).status();
        assertThat(monitor(after, "flaky").get("status").asText()).isEqualTo("DOWN");
        assertThat(monitor(after, "flaky").get("incidents")).hasSize(1);
        Map<String, List<String>> twoLeft = probersOver(survivors, ids, Duration.ofSeconds(2));
        assertThat(twoLeft.values()).as("every monitor probed by one of the two left: %s", twoLeft)
                .allMatch(probers -> probers.size() == 1);

        // The killed member comes back and takes a share again.
        victim.start(config, CLUSTER, survivors);
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> victim.members() == 3);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> {
            Map<String, List<String>> probers = probersOver(all, ids, Duration.ofSeconds(2));
            return probers.values().stream().anyMatch(list -> list.contains(victim.name));
        });

        // A member of another cluster pointed at this one stays alone, and the cluster stays three.
        Member stranger = new Member("stranger", freePort());
        stranger.start(config, "pm-it-other", List.of(a));
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> stranger.members() == 1);
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> stranger.members() == 1 && a.members() == 3);
        assertThat(stranger.members()).isEqualTo(1);
        assertThat(a.members()).isEqualTo(3);
        assertThat(Files.readString(dir.resolve("a.err"), StandardCharsets.UTF_8)).doesNotContain("Exception in thread");
    }
}

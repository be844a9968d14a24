package dev.portmonitor.engine;

import dev.portmonitor.status.StatusJson;
import dev.portmonitor.status.MonitorView;
import static dev.portmonitor.testing.LoopbackServers.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portmonitor.config.ConfigLoader;
import dev.portmonitor.config.PortMonitorConfig;
import dev.portmonitor.monitor.MonitorStatus;
import dev.portmonitor.notify.RetryingDelivery;
import dev.portmonitor.probe.Outcome;
import dev.portmonitor.cluster.MemberSettings;
import dev.portmonitor.testing.SwitchablePort;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorServiceIT {

    @TempDir
    Path stateDir;

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

    private MonitorService.Settings settings() {
        return new MonitorService.Settings(MemberSettings.local("pm-service-" + UUID.randomUUID()), stateDir,
                Duration.ofMillis(200), Duration.ofMinutes(5), new PrintStream(logged, true, StandardCharsets.UTF_8),
                new SimpleMeterRegistry());
    }

    private static PortMonitorConfig config(int open, int closed) throws Exception {
        return ConfigLoader.parse("""
                portMonitor:
                  defaults: {timeout: 150ms, failuresBeforeAlert: 1}
                  channels: [{id: oncall, log: {}}]
                  monitors:
                    - {id: up, host: 127.0.0.1, port: %d, interval: 200ms, channels: [oncall]}
                    - {id: down, host: 127.0.0.1, port: %d, interval: 200ms, channels: [oncall]}
                """.formatted(open, closed), "test.yaml");
    }

    @Test
    void shouldRunCheckAndKeepStateAcrossARestart() throws Exception {
        try (SwitchablePort open = new SwitchablePort(); SwitchablePort closed = new SwitchablePort()) {
            closed.down();
            PortMonitorConfig config = config(open.port(), closed.port());
            List<String> problems = new ArrayList<>();
            MonitorService service = MonitorService.start(config, settings(), problems::add);
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> service.status().stream()
                        .allMatch(v -> v.status() != MonitorStatus.UNKNOWN));
                assertThat(service.status()).extracting(MonitorView::id, MonitorView::status)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("up", MonitorStatus.UP),
                                org.assertj.core.groups.Tuple.tuple("down", MonitorStatus.DOWN));
                assertThat(service.checkNow(config.monitor("up").orElseThrow()).outcome()).isEqualTo(Outcome.OPEN);
                assertThat(service.checkNow(config.monitor("down").orElseThrow()).outcome()).isEqualTo(Outcome.REFUSED);
                assertThat(service.record("down").history().incidents()).hasSize(1);
                assertThat(service.record("nothing")).isNull();

                RetryingDelivery.Outcome sent = service.testChannel(config.channel("oncall").orElseThrow());
                assertThat(sent.delivered()).isTrue();
                assertThat(logged.toString(StandardCharsets.UTF_8)).contains("TEST");
            } finally {
                service.stop(problems::add);
            }
            assertThat(problems).isEmpty();
            assertThat(stateDir.resolve("monitors/down.json")).exists();

            // A second start finds the incident saved by the first, and retires a monitor no longer configured.
            PortMonitorConfig onlyDown = ConfigLoader.parse("""
                    portMonitor:
                      monitors:
                        - {id: down, host: 127.0.0.1, port: %d, interval: 1h}
                    """.formatted(closed.port()), "test.yaml");
            MonitorService again = MonitorService.start(onlyDown, settings(), problems::add);
            try {
                assertThat(again.record("down").history().incidents()).hasSize(1);
                assertThat(again.record("down").state().status()).isEqualTo(MonitorStatus.DOWN);
            } finally {
                again.close();
            }
            assertThat(problems).singleElement().asString().startsWith("monitor up is no longer configured");
            assertThat(Files.exists(stateDir.resolve("monitors/up.json"))).isFalse();
        }
    }


    /** Two members of a new cluster on loopback, each joining the other. */
    private static List<MemberSettings> pair(String prefix) throws java.io.IOException {
        String name = prefix + UUID.randomUUID();
        int portA = freePort();
        int portB = freePort();
        return List.of(new MemberSettings(name, "127.0.0.1", portA, List.of("127.0.0.1:" + portB), null),
                new MemberSettings(name, "127.0.0.1", portB, List.of("127.0.0.1:" + portA), null));
    }

    /** A member that saves every 2 s and prints nothing. */
    private static MonitorService member(PortMonitorConfig config, MemberSettings member, Path dir) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return MonitorService.start(config, new MonitorService.Settings(member, dir, Duration.ofSeconds(2), Duration.ofMinutes(5),
                quiet, new SimpleMeterRegistry()), p -> { });
    }

    @Test
    void shouldTellEveryMembersPagesOfAnEventWhicheverMemberOwnsTheMonitor(@TempDir Path otherDir) throws Exception {
        try (SwitchablePort port = new SwitchablePort()) {
            List<MemberSettings> pair = pair("pm-events-");
            PortMonitorConfig config = ConfigLoader.parse("""
                    portMonitor:
                      defaults: {timeout: 150ms, failuresBeforeAlert: 1}
                      monitors:
                        - {id: db, host: 127.0.0.1, port: %d, interval: 200ms}
                    """.formatted(port.port()), "a.yaml");
            List<String> heardByA = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<String> heardByB = new java.util.concurrent.CopyOnWriteArrayList<>();
            try (MonitorService first = member(config, pair.get(0), stateDir);
                 MonitorService second = member(config, pair.get(1), otherDir)) {
                first.onStatusEvent(heardByA::add);
                second.onStatusEvent(heardByB::add);
                await().atMost(Duration.ofSeconds(20)).until(() -> first.cluster().members().size() == 2
                        && first.status().get(0).status() == MonitorStatus.UP);

                port.down();

                await().atMost(Duration.ofSeconds(10)).until(() -> !heardByA.isEmpty() && !heardByB.isEmpty());
                assertThat(heardByA).as("one member owns db; both hear its DOWN once").hasSize(1);
                assertThat(heardByB).isEqualTo(heardByA);
                assertThat(heardByA.get(0)).startsWith("{\"monitor\":\"db\",\"event\":\"DOWN\",\"status\":\"DOWN\",\"at\":");
            }
        }
    }

    @Test
    void shouldNameHowAnotherMembersConfigurationDiffers(@TempDir Path otherDir) throws Exception {
        try (SwitchablePort open = new SwitchablePort()) {
            List<MemberSettings> pair = pair("pm-configs-");
            int portA = pair.get(0).port();
            int portB = pair.get(1).port();
            PortMonitorConfig mine = ConfigLoader.parse("""
                    portMonitor:
                      defaults: {timeout: 200ms}
                      channels: [{id: oncall, log: {}}]
                      monitors:
                        - {id: db, host: 127.0.0.1, port: %d, interval: 1s, channels: [oncall]}
                        - {id: cache, host: 127.0.0.1, port: %d, interval: 1s}
                    """.formatted(open.port(), open.port()), "a.yaml");
            PortMonitorConfig theirs = ConfigLoader.parse("""
                    portMonitor:
                      defaults: {timeout: 200ms}
                      channels: [{id: oncall, log: {}}]
                      monitors:
                        - {id: db, host: 127.0.0.1, port: %d, interval: 2s, channels: [oncall]}
                        - {id: search, host: 127.0.0.1, port: %d, interval: 1s}
                    """.formatted(open.port(), open.port()), "b.yaml");
            try (MonitorService first = member(mine, pair.get(0), stateDir);
                 MonitorService second = member(theirs, pair.get(1), otherDir)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> !first.cluster().configDifferences().isEmpty()
                        && !second.cluster().configDifferences().isEmpty());
                assertThat(first.cluster().configDifferences()).containsExactly("member 127.0.0.1:" + portB
                        + " has another configuration: only here: monitor cache; only there: monitor search; set differently: monitor db");
                assertThat(second.cluster().configDifferences()).containsExactly("member 127.0.0.1:" + portA
                        + " has another configuration: only here: monitor search; only there: monitor cache; set differently: monitor db");

                dev.portmonitor.status.ClusterView view = first.cluster();
                assertThat(view.members()).hasSize(2);
                assertThat(view.probers()).containsOnlyKeys("db", "cache");
                String json = StatusJson.render(first.status(), java.time.Instant.now(), view);
                assertThat(json).contains("\"prober\"").contains("\"configurationDifferences\"").contains("127.0.0.1:" + portB);

                // The same configuration on both: the differences go away.
                second.apply(mine);
                await().atMost(Duration.ofSeconds(20)).until(() -> first.cluster().configDifferences().isEmpty()
                        && second.cluster().configDifferences().isEmpty());
            }
        }
    }
}

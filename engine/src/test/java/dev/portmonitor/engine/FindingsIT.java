package dev.portmonitor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portmonitor.cluster.MemberSettings;
import dev.portmonitor.config.ConfigLoader;
import dev.portmonitor.config.PortMonitorConfig;
import dev.portmonitor.history.Deploy;
import dev.portmonitor.history.History;
import dev.portmonitor.monitor.MonitorState;
import dev.portmonitor.store.MonitorRecord;
import dev.portmonitor.store.StateFiles;
import dev.portmonitor.testing.SwitchablePort;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The findings end to end, through the real engine: histories planted in the state directory, the
 * service started over it, deploys marked through it, and {@code /status} read at a time the test
 * chooses (the clock the finders look from).
 */
class FindingsIT {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** Monday Nov 30 2026, noon in Berlin. */
    private static final Instant NOW = ZonedDateTime.of(2026, 11, 30, 12, 0, 0, 0, BERLIN).toInstant();

    @TempDir
    Path stateDir;

    private static Instant berlin(String localDateTime) {
        return java.time.LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }

    private void plant(String id, List<Instant> starts) throws Exception {
        History history = new History();
        int n = 0;
        for (Instant start : starts) {
            history.openIncident(start, start.plusSeconds(30), "REFUSED", "refused: connection refused", id + "-down-" + n++);
            history.closeIncident(start.plusSeconds(600));
        }
        new StateFiles(stateDir).save(id, new MonitorRecord(MonitorState.initial(NOW.minus(Duration.ofDays(200))), history));
    }

    @Test
    void shouldShowWeeklyTogetherAndDeployFindingsInStatus() throws Exception {
        // Session cache: down on the last four Tuesdays at about 03:05 Berlin time.
        plant("cache", List.of(berlin("2026-11-03T03:04:00"), berlin("2026-11-10T03:09:00"), berlin("2026-11-17T03:02:00"),
                berlin("2026-11-24T03:11:00")));
        // Orders database and Search: down within the same minutes three times.
        List<Instant> together = List.of(berlin("2026-10-20T14:00:00"), berlin("2026-11-06T09:30:00"),
                berlin("2026-11-26T22:15:00"));
        plant("db", together);
        plant("search", together.stream().map(t -> t.plusSeconds(90)).toList());
        // Billing API: down a few minutes after three of its own deploys.
        List<Instant> billing = List.of(berlin("2026-09-15T10:06:00"), berlin("2026-10-13T16:21:00"),
                berlin("2026-11-19T11:44:00"), berlin("2026-11-27T08:00:00"));
        plant("billing", billing);

        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        try (SwitchablePort open = new SwitchablePort()) {
            PortMonitorConfig config = ConfigLoader.parse("""
                    portMonitor:
                      history: {timezone: Europe/Berlin, deployWindow: 15m}
                      monitors:
                        - {id: cache, name: Session cache, host: 127.0.0.1, port: %1$d, interval: 1m}
                        - {id: db, name: Orders database, host: 127.0.0.1, port: %1$d, interval: 1m}
                        - {id: search, name: Search, host: 127.0.0.1, port: %1$d, interval: 1m}
                        - {id: billing, name: Billing API, host: 127.0.0.1, port: %1$d, interval: 1m}
                    """.formatted(open.port()), "findings.yaml");
            List<String> problems = new ArrayList<>();
            MonitorService service = MonitorService.start(config, new MonitorService.Settings(
                    MemberSettings.local("pm-findings-" + UUID.randomUUID()), stateDir, Duration.ofMillis(200),
                    Duration.ofMinutes(5), new PrintStream(logged, true, StandardCharsets.UTF_8), new SimpleMeterRegistry()),
                    problems::add);
            try {
                assertThat(problems).isEmpty();
                String billingTarget = "127.0.0.1:" + open.port();
                int build = 410;
                for (Instant start : billing.subList(0, 3)) {
                    service.markDeploy(new Deploy("deploy-billing", String.valueOf(build++), start.minus(Duration.ofMinutes(6)),
                            List.of(billingTarget), null));
                }
                service.markDeploy(new Deploy("deploy-frontend", null, billing.get(3).minus(Duration.ofHours(5)), List.of(), null));

                JsonNode status = new ObjectMapper().readTree(service.statusJson(NOW));

                assertThat(status.path("timezone").asText()).isEqualTo("Europe/Berlin");
                assertThat(monitor(status, "cache").path("patterns")).singleElement().satisfies(p -> {
                    assertThat(p.path("kind").asText()).isEqualTo("weekly");
                    assertThat(p.path("sentence").asText()).isEqualTo("Session cache (" + billingTarget + ") went down on 4 of"
                            + " the last 4 Tuesdays between 03:02 and 03:12 Europe/Berlin (Nov 3, 10, 17, 24): look at what"
                            + " runs then.");
                });
                assertThat(status.path("findings")).singleElement().satisfies(f -> {
                    assertThat(f.path("kind").asText()).isEqualTo("together");
                    assertThat(f.path("monitors").toString()).isEqualTo("[\"db\",\"search\"]");
                    assertThat(f.path("sentence").asText()).startsWith("Orders database (" + billingTarget + ") and Search ("
                            + billingTarget + ") went down within the same 5 minutes 3 times in the last 8 weeks");
                });
                JsonNode billingView = monitor(status, "billing");
                assertThat(billingView.path("patterns")).singleElement().satisfies(p -> {
                    assertThat(p.path("kind").asText()).isEqualTo("deploys");
                    assertThat(p.path("sentence").asText()).isEqualTo("3 of the last 4 incidents of Billing API (" + billingTarget
                            + ") began within 15 minutes after a deploy of deploy-billing (#410, #411, #412): look at what"
                            + " those deploys change.");
                });
                assertThat(billingView.path("incidents").get(1).path("afterDeploy").path("sentence").asText())
                        .isEqualTo("began 6 min after deploy-billing #412");
                assertThat(billingView.path("incidents").get(0).path("afterDeploy").isNull())
                        .as("five hours after a deploy is not after it").isTrue();
                assertThat(status.path("deploys")).hasSize(4);

                // The same build marked again (at its start for every monitor, then by its verifyPorts): one marker.
                service.markDeploy(new Deploy("deploy-billing", "412", billing.get(2), List.of("10.0.0.9:80"), "https://ci/412/"));
                assertThat(service.deploys()).hasSize(4).filteredOn(d -> d.label().equals("deploy-billing #412"))
                        .singleElement().satisfies(d -> {
                            assertThat(d.targets()).containsExactly(billingTarget, "10.0.0.9:80");
                            assertThat(d.at()).isEqualTo(billing.get(2).minus(Duration.ofMinutes(6)));
                            assertThat(d.url()).isEqualTo("https://ci/412/");
                        });
                assertThat(monitor(status, "db").path("patterns")).as("the pair is a finding of its own").isEmpty();
            } finally {
                service.stop(problems::add);
            }
            // The markers survive a restart.
            MonitorService again = MonitorService.start(config, new MonitorService.Settings(
                    MemberSettings.local("pm-findings-" + UUID.randomUUID()), stateDir, Duration.ofMillis(200),
                    Duration.ofMinutes(5), new PrintStream(logged, true, StandardCharsets.UTF_8), new SimpleMeterRegistry()),
                    problems::add);
            try {
                assertThat(again.deploys()).extracting(Deploy::label)
                        .containsExactly("deploy-billing #410", "deploy-billing #411", "deploy-billing #412", "deploy-frontend");
            } finally {
                again.stop(problems::add);
            }
        }
    }

    @Test
    void shouldAnnounceANewPatternOnceOnTheMonitorsChannelsEvenAfterARestart() throws Exception {
        plant("cache", List.of(berlin("2026-11-03T03:04:00"), berlin("2026-11-10T03:09:00"), berlin("2026-11-17T03:02:00"),
                berlin("2026-11-24T03:11:00")));
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        try (SwitchablePort open = new SwitchablePort()) {
            PortMonitorConfig config = ConfigLoader.parse("""
                    portMonitor:
                      history: {timezone: Europe/Berlin, announcePatterns: true}
                      channels: [{id: console, log: {}}]
                      monitors:
                        - {id: cache, name: Session cache, host: 127.0.0.1, port: %d, interval: 1m, channels: [console]}
                    """.formatted(open.port()), "announce.yaml");
            List<String> problems = new ArrayList<>();
            for (int run = 0; run < 2; run++) {
                MonitorService service = MonitorService.start(config, new MonitorService.Settings(
                        MemberSettings.local("pm-announce-" + UUID.randomUUID()), stateDir, Duration.ofMillis(200),
                        Duration.ofMinutes(5), new PrintStream(logged, true, StandardCharsets.UTF_8), new SimpleMeterRegistry()),
                        problems::add);
                try {
                    assertThat(service.announcePatterns(NOW)).as("run %d", run).isEqualTo(run == 0 ? 1 : 0);
                    assertThat(service.announcePatterns(NOW.plus(Duration.ofDays(7)))).as("a week on, the same pattern")
                            .isZero();
                } finally {
                    service.stop(problems::add);
                }
            }
        }
        String log = logged.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("[console] Pattern found: Session cache (127.0.0.1:")
                .contains("went down on 4 of the last 4 Tuesdays between 03:02 and 03:12 Europe/Berlin");
        assertThat(log.split("Pattern found", -1)).hasSize(2);
    }

    private static JsonNode monitor(JsonNode status, String id) {
        for (JsonNode node : status.path("monitors")) {
            if (node.path("id").asText().equals(id)) {
                return node;
            }
        }
        throw new AssertionError("no monitor " + id + " in " + status);
    }
}

package dev.portmonitor.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portmonitor.config.ConfigLoader;
import dev.portmonitor.config.PortMonitorConfig;
import dev.portmonitor.history.History;
import dev.portmonitor.history.Incident;
import dev.portmonitor.history.Sparkline;
import dev.portmonitor.monitor.CheckResult;
import dev.portmonitor.monitor.MonitorStatus;
import dev.portmonitor.probe.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the dashboard reads beyond the monitors' states: sparklines, maintenance, the last failure, chart ranges. */
class StatusDocumentTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:20:30Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldCutTheLastDayIntoTwentyFourHoursWithGapsWhereNothingWasChecked() {
        History history = new History();
        // 30 hours ago: outside the day. 5 hours ago: two open (2 ms, 4 ms). This hour: one open, one refused.
        history.record(new CheckResult(Outcome.OPEN, 9_000, "a", null, NOW.minus(Duration.ofHours(30))));
        history.record(new CheckResult(Outcome.OPEN, 2_000, "a", null, NOW.minus(Duration.ofHours(5))));
        history.record(new CheckResult(Outcome.OPEN, 4_000, "a", null, NOW.minus(Duration.ofHours(5)).plusSeconds(10)));
        history.record(new CheckResult(Outcome.OPEN, 1_000, "a", null, NOW.minusSeconds(60)));
        history.record(new CheckResult(Outcome.REFUSED, -1, "a", "connection refused", NOW));

        Sparkline line = Sparkline.of(history.hours(), NOW.getEpochSecond());

        assertThat(line.start()).isEqualTo(Instant.parse("2026-11-25T13:00:00Z").getEpochSecond());
        assertThat(line.availability()).hasSize(24);
        assertThat(line.availability()[23]).isEqualTo(50.0);
        assertThat(line.latencyMs()[23]).isEqualTo(1.0);
        assertThat(line.availability()[18]).isEqualTo(100.0);
        assertThat(line.latencyMs()[18]).isEqualTo(3.0);
        long gaps = java.util.Arrays.stream(line.availability()).filter(Double::isNaN).count();
        assertThat(gaps).as("hours without checks are gaps, not zeros; the check 30 h ago is outside").isEqualTo(22);
    }

    @Test
    void shouldWriteSparklineTagsMaintenanceAndTheLastFailure() throws Exception {
        PortMonitorConfig config = ConfigLoader.parse("""
                portMonitor:
                  monitors:
                    - {id: cache, host: cache.test, port: 6379, interval: 1m, tags: [cache, sessions]}
                  maintenance:
                    - {id: upgrade, start: "2026-11-26T12:00:00Z", end: "2026-11-26T13:00:00Z", tags: [cache]}
                    - {id: nightly, cron: "30 1 * * *", duration: 20m, timezone: Europe/Paris}
                """, "test.yaml");
        History history = new History();
        history.record(new CheckResult(Outcome.REFUSED, -1, "127.0.0.1:6379", "connection refused", NOW));
        Map<String, Double> availability = new LinkedHashMap<>();
        availability.put("24h", 0.0);
        CheckResult last = new CheckResult(Outcome.REFUSED, -1, "127.0.0.1:6379", "connection refused", NOW);
        MonitorView view = new MonitorView("cache", "Session cache", "cache.test:6379", null, true, MonitorStatus.DOWN,
                NOW.minusSeconds(30), last, 3, 3, availability, List.of(new Incident(NOW.minusSeconds(30), null, "refused")),
                List.of(), "tcp", List.of("cache", "sessions"), "upgrade", Sparkline.of(history.hours(), NOW.getEpochSecond()),
                List.of());

        JsonNode root = JSON.readTree(StatusJson.render(List.of(view), NOW, null, null, config.maintenance()));

        assertThat(root.get("summary").get("maintenance").asInt()).isEqualTo(1);
        JsonNode monitor = root.get("monitors").get(0);
        assertThat(monitor.get("tags").toString()).isEqualTo("[\"cache\",\"sessions\"]");
        assertThat(monitor.get("maintenance").asText()).isEqualTo("upgrade");
        assertThat(monitor.get("lastFailure").asText()).isEqualTo("connection refused");
        JsonNode sparkline = monitor.get("sparkline");
        assertThat(sparkline.get("stepSeconds").asInt()).isEqualTo(3600);
        assertThat(sparkline.get("availability")).hasSize(24);
        assertThat(sparkline.get("availability").get(23).asDouble()).isEqualTo(0.0);
        assertThat(sparkline.get("availability").get(0).isNull()).isTrue();
        assertThat(sparkline.get("latencyMs").get(23).isNull()).as("a refused check has no latency").isTrue();
        JsonNode windows = root.get("maintenance");
        assertThat(windows).hasSize(2);
        assertThat(windows.get(0).get("active").asBoolean()).isTrue();
        assertThat(windows.get(0).get("tags").toString()).isEqualTo("[\"cache\"]");
        assertThat(windows.get(1).get("cron").asText()).isEqualTo("30 1 * * *");
        assertThat(windows.get(1).get("duration").asText()).isEqualTo("20m");
        assertThat(windows.get(1).get("zone").asText()).isEqualTo("Europe/Paris");
        assertThat(windows.get(1).get("active").asBoolean()).isFalse();
    }

    @Test
    void shouldGiveTheLatestIncidentsCauseWhenTheLastCheckSucceeded() {
        CheckResult open = new CheckResult(Outcome.OPEN, 1_000, "a", null, NOW);
        MonitorView view = new MonitorView("db", "db", "db.test:5432", null, true, MonitorStatus.UP, NOW, open, 0, 9,
                Map.of(), List.of(new Incident(NOW.minusSeconds(600), NOW.minusSeconds(60), "timed out after 3s")), List.of(),
                "tcp", List.of(), null, null, List.of());

        assertThat(StatusJson.lastFailure(view)).isEqualTo("timed out after 3s");
    }

    @Test
    void shouldReadAChartRangeInHoursOrDaysAndRefuseAnythingElse() {
        assertThat(HistoryChart.range("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(HistoryChart.range("30d")).isEqualTo(Duration.ofDays(30));
        assertThat(HistoryChart.range("90m")).isEqualTo(Duration.ofMinutes(90));
        assertThatThrownBy(() -> HistoryChart.range("91d")).hasMessage("range \"91d\" must be from 1m to 90d");
        assertThatThrownBy(() -> HistoryChart.range("soon")).hasMessage("range \"soon\" is not a duration; write 24h, 30d or 90m");
        assertThatThrownBy(() -> HistoryChart.range("")).hasMessage("range: give one, like 24h or 30d");
    }

    @Test
    void shouldServeThePageFilesFromTheJarAndNothingElse() {
        String script = new String(Dashboard.asset("dashboard.js"), StandardCharsets.UTF_8);
        String page = new String(Dashboard.asset("index.html"), StandardCharsets.UTF_8);

        assertThat(script).contains("pm-dashboard").contains("data-status-url");
        assertThat(page).contains("assets/dashboard.js").contains("assets/echarts.min.js")
                .as("no inline script under the Content-Security-Policy").doesNotContainPattern("<script(?![^>]*\\bsrc=)");
        assertThat(Dashboard.asset("dashboard.css")).isNotEmpty();
        assertThatThrownBy(() -> Dashboard.asset("../../../secret")).isInstanceOf(IllegalArgumentException.class);
    }
}

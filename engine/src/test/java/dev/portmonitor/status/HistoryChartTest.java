package dev.portmonitor.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portmonitor.history.History;
import dev.portmonitor.monitor.CheckResult;
import dev.portmonitor.probe.Outcome;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HistoryChartTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:30Z");

    @Test
    void shouldGiveAvailabilityAndLatencyPerMinuteForADayAndPerHourForAWeek() throws Exception {
        History history = new History();
        // Two days ago: one open check (outside 24 h, inside 7 d).
        history.record(new CheckResult(Outcome.OPEN, 4_000, "127.0.0.1:5432", null, NOW.minus(Duration.ofHours(47))));
        // Ten minutes ago: three open (1, 2, 3 ms) and one refused.
        Instant tenAgo = NOW.minus(Duration.ofMinutes(10)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        for (int i = 1; i <= 3; i++) {
            history.record(new CheckResult(Outcome.OPEN, i * 1_000L, "127.0.0.1:5432", null, tenAgo.plusSeconds(i)));
        }
        history.record(new CheckResult(Outcome.REFUSED, -1, "127.0.0.1:5432", "connection refused", tenAgo.plusSeconds(10)));
        // Now: one refused only, so no latency.
        history.record(new CheckResult(Outcome.REFUSED, -1, "127.0.0.1:5432", "connection refused", NOW));

        JsonNode day = new ObjectMapper().readTree(HistoryChart.render(history, NOW, Duration.ofHours(24)));
        assertThat(day.get("bucketSeconds").asLong()).isEqualTo(60);
        assertThat(day.get("points")).hasSize(2);
        JsonNode minute = day.get("points").get(0);
        assertThat(minute.get("t").asLong()).isEqualTo(tenAgo.toEpochMilli());
        assertThat(minute.get("availability").asDouble()).isEqualTo(75.0);
        assertThat(minute.get("latencyMs").asDouble()).isEqualTo(2.0);
        assertThat(minute.get("checks").asInt()).isEqualTo(4);
        assertThat(day.get("points").get(1).get("latencyMs").isNull()).isTrue();
        assertThat(day.get("points").get(1).get("availability").asDouble()).isEqualTo(0.0);

        JsonNode week = new ObjectMapper().readTree(HistoryChart.render(history, NOW, Duration.ofDays(7)));
        assertThat(week.get("bucketSeconds").asLong()).isEqualTo(3600);
        assertThat(week.get("points").get(0).get("latencyMs").asDouble()).isEqualTo(4.0);
        assertThat(week.get("points").get(0).get("availability").asDouble()).isEqualTo(100.0);
        long checks = 0;
        for (JsonNode point : week.get("points")) {
            checks += point.get("checks").asLong();
        }
        assertThat(checks).isEqualTo(6);
    }
}

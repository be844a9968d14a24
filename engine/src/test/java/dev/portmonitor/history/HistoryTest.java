package dev.portmonitor.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.portmonitor.history.BucketSeries.Bucket;
import dev.portmonitor.monitor.CheckResult;
import dev.portmonitor.probe.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {

    private static final Instant T0 = Instant.parse("2026-11-26T00:00:00Z");

    private static CheckResult check(Instant at, boolean open, long latency) {
        return new CheckResult(open ? Outcome.OPEN : Outcome.REFUSED, open ? latency : -1, "127.0.0.1:1",
                open ? null : "connection refused", at);
    }

    @Test
    void shouldKeepTheLastHundredChecks() {
        History history = new History();
        for (int i = 0; i < 250; i++) {
            history.record(check(T0.plusSeconds(i), true, i));
        }

        assertThat(history.recent()).hasSize(100);
        assertThat(history.recent().get(0).latencyMicros()).isEqualTo(150);
        assertThat(history.recent().get(99).latencyMicros()).isEqualTo(249);
    }

    @Test
    void shouldAggregatePerMinuteWithLatencyMinAvgMax() {
        History history = new History();
        history.record(check(T0.plusSeconds(1), true, 100));
        history.record(check(T0.plusSeconds(20), true, 300));
        history.record(check(T0.plusSeconds(40), false, -1));
        history.record(check(T0.plusSeconds(61), true, 50));

        Bucket[] minutes = history.minutes().buckets();
        assertThat(minutes).hasSize(2);
        assertThat(minutes[0]).isEqualTo(new Bucket(T0.getEpochSecond(), 3, 1, 2, 400, 100, 300));
        assertThat(minutes[0].latencyAvgMicros()).isEqualTo(200);
        assertThat(minutes[1].start()).isEqualTo(T0.getEpochSecond() + 60);
        assertThat(history.hours().buckets()).hasSize(1);
        assertThat(history.hours().bucket(0).checks()).isEqualTo(4);
    }

    @Test
    void shouldBoundMinuteBucketsToFortyEightHours() {
        History history = new History();
        // One check a minute for 50 hours.
        for (int minute = 0; minute < 50 * 60; minute++) {
            history.record(check(T0.plusSeconds(minute * 60L), true, 10));
        }

        assertThat(history.minutes().size()).isEqualTo(History.MINUTES);
        assertThat(history.minutes().bucket(0).start()).isEqualTo(T0.plus(Duration.ofHours(2)).getEpochSecond());
        assertThat(history.hours().size()).isEqualTo(50);
    }

    @Test
    void shouldComputeAvailabilityOverWindows() {
        History history = new History();
        Instant now = T0.plus(Duration.ofDays(3));
        // Two days ago: 10 checks, all failed. The last hour: 9 checks, 1 failed.
        for (int i = 0; i < 10; i++) {
            history.record(check(now.minus(Duration.ofHours(47)).plusSeconds(i * 60L), false, -1));
        }
        for (int i = 0; i < 9; i++) {
            history.record(check(now.minus(Duration.ofMinutes(50)).plusSeconds(i * 60L), i != 4, 10));
        }

        assertThat(history.availability(now, Duration.ofHours(1))).isCloseTo(8 / 9.0, within(1e-9));
        assertThat(history.availability(now, Duration.ofHours(24))).isCloseTo(8 / 9.0, within(1e-9));
        assertThat(history.availability(now, Duration.ofDays(7))).isCloseTo(8 / 19.0, within(1e-9));
        assertThat(history.availability(now, Duration.ofDays(30))).isCloseTo(8 / 19.0, within(1e-9));
        assertThat(new History().availability(now, Duration.ofHours(1))).isNull();
    }

    @Test
    void shouldOpenAndCloseIncidents() {
        History history = new History();
        history.openIncident(T0, "refused: connection refused");
        assertThat(history.incidents().get(0).open()).isTrue();

        history.closeIncident(T0.plusSeconds(90));

        Incident incident = history.incidents().get(0);
        assertThat(incident.open()).isFalse();
        assertThat(incident.duration(T0.plusSeconds(1000))).isEqualTo(Duration.ofSeconds(90));
        assertThat(incident.cause()).isEqualTo("refused: connection refused");
    }

    @Test
    void shouldKeepEachIncidentsConfirmationOutcomeWindowAndChannels() {
        History history = new History();
        history.openIncident(T0, T0.plusSeconds(20), "REFUSED", "refused: connection refused", "db-down-1");

        assertThat(history.told("db-down-1", "oncall")).isTrue();
        assertThat(history.told("db-down-1", "oncall")).as("told twice is once").isTrue();
        assertThat(history.told("db-down-1", "dba")).isTrue();
        assertThat(history.told("another-event", "dba")).isFalse();
        history.closeIncident(T0.plusSeconds(90));

        Incident incident = history.incidents().get(0);
        assertThat(incident.confirmed()).isEqualTo(T0.plusSeconds(20));
        assertThat(incident.end()).isEqualTo(T0.plusSeconds(90));
        assertThat(incident.outcome()).isEqualTo("REFUSED");
        assertThat(incident.eventId()).isEqualTo("db-down-1");
        assertThat(incident.told()).containsExactly("oncall", "dba");
        assertThat(incident.maintenance()).isNull();
    }

    @Test
    void shouldMarkTheRightIncidentAndKeepTheOrder() {
        History history = new History();
        for (int i = 0; i < 5; i++) {
            history.openIncident(T0.plusSeconds(i * 1000L), null, "TIMEOUT", "timed out", "e" + i);
            history.closeIncident(T0.plusSeconds(i * 1000L + 100));
        }

        assertThat(history.inMaintenance("e2", "patching")).isTrue();

        assertThat(history.incidents()).extracting(Incident::eventId).containsExactly("e0", "e1", "e2", "e3", "e4");
        assertThat(history.incidents()).extracting(Incident::maintenance).containsExactly(null, null, "patching", null, null);
    }

    @Test
    void shouldForgetIncidentsByAgeButNeverAnOpenOne() {
        History history = new History();
        Instant day = Instant.parse("2025-01-01T03:00:00Z");
        for (int i = 0; i < 500; i++) {
            history.openIncident(day.plus(Duration.ofDays(i)), "refused");
            history.closeIncident(day.plus(Duration.ofDays(i)).plusSeconds(300));
        }
        assertThat(history.incidents()).as("more than the old limit of 100").hasSize(500);

        Instant now = day.plus(Duration.ofDays(500));
        history.forgetIncidentsBefore(now.minus(Duration.ofDays(400)));

        assertThat(history.incidents()).hasSize(400);
        assertThat(history.incidents().get(0).start()).isEqualTo(day.plus(Duration.ofDays(100)));

        History open = new History();
        open.openIncident(day, "refused");
        open.forgetIncidentsBefore(now);
        assertThat(open.incidents()).as("an outage still going on is kept").hasSize(1);
    }

    @Test
    void shouldLeaveIncidentsInMaintenanceOutOfThePatternsStarts() {
        History history = new History();
        history.openIncident(T0, null, "REFUSED", "refused", "patch-1");
        history.closeIncident(T0.plusSeconds(60));
        history.inMaintenance("patch-1", "patching");
        history.openIncident(T0.plusSeconds(3600), null, "REFUSED", "refused", "real-1");

        assertThat(history.incidentStartsSince(T0)).containsExactly(T0.plusSeconds(3600));
    }

    @Test
    void shouldHoldNoMoreThanTheCapWhateverTheirAge() {
        History history = new History();
        for (int i = 0; i < History.MAX_INCIDENTS + 10; i++) {
            history.openIncident(T0.plusSeconds(i * 60L), "refused");
            history.closeIncident(T0.plusSeconds(i * 60L + 30));
        }

        assertThat(history.incidents()).hasSize(History.MAX_INCIDENTS);
        assertThat(history.incidents().get(0).start()).isEqualTo(T0.plusSeconds(10 * 60L));
    }

    @Test
    void shouldShareRepeatedTextsBetweenIncidents() {
        Incident first = new Incident(T0, null, T0, "REFUSED", new String("refused: connection refused"), "a", null,
                List.of(new String("oncall")));
        Incident second = new Incident(T0, null, T0, "REFUSED", new String("refused: connection refused"), "b", null,
                List.of(new String("oncall")));

        assertThat(first.cause()).isSameAs(second.cause());
        assertThat(first.told().get(0)).isSameAs(second.told().get(0));
    }

    @Test
    void shouldRebuildASeriesFromItsBuckets() {
        BucketSeries series = new BucketSeries(60, 10);
        for (int i = 0; i < 30; i++) {
            series.add(T0.getEpochSecond() + i * 20L, i % 7 == 0, i % 7 == 0 ? -1 : i * 10L);
        }

        BucketSeries copy = BucketSeries.of(60, 10, series.buckets());

        assertThat(copy.buckets()).containsExactly(series.buckets());
    }
}

package dev.portmonitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class MaintenanceWindowTest {

    private static PortMonitorConfig config(String maintenance) throws InvalidConfigException {
        return ConfigLoader.parse("""
                portMonitor:
                  monitors:
                    - {id: orders-db, host: db, port: 5432, interval: 10s, tags: [db]}
                    - {id: cache, host: cache, port: 6379, interval: 10s, tags: [cache]}
                  maintenance:
                """ + maintenance, "test.yaml");
    }

    @Test
    void shouldSilenceTaggedMonitorsDuringARecurringWindow() throws InvalidConfigException {
        // Sundays at 02:00 UTC for two hours; 2026-11-29 is a Sunday.
        PortMonitorConfig config = config("    - {id: patching, cron: \"0 2 * * SUN\", duration: 2h, tags: [db]}\n");
        MonitorSpec db = config.monitor("orders-db").orElseThrow();
        MonitorSpec cache = config.monitor("cache").orElseThrow();

        assertThat(config.maintenance(db, Instant.parse("2026-11-29T02:00:00Z"))).isPresent();
        assertThat(config.maintenance(db, Instant.parse("2026-11-29T03:59:59Z"))).isPresent();
        assertThat(config.maintenance(db, Instant.parse("2026-11-29T04:00:00Z"))).isEmpty();
        assertThat(config.maintenance(db, Instant.parse("2026-11-29T01:59:59Z"))).isEmpty();
        assertThat(config.maintenance(db, Instant.parse("2026-11-30T02:30:00Z"))).as("a Monday").isEmpty();
        assertThat(config.maintenance(cache, Instant.parse("2026-11-29T02:30:00Z"))).as("not tagged db").isEmpty();
    }

    @Test
    void shouldFollowTheWindowsTimeZone() throws InvalidConfigException {
        PortMonitorConfig config = config("    - {id: nightly, cron: \"0 2 * * *\", duration: 1h, timezone: Europe/Paris}\n");
        MonitorSpec cache = config.monitor("cache").orElseThrow();

        // 02:00 in Paris is 01:00 UTC in winter.
        assertThat(config.maintenance(cache, Instant.parse("2026-11-26T01:30:00Z"))).isPresent();
        assertThat(config.maintenance(cache, Instant.parse("2026-11-26T02:30:00Z"))).isEmpty();
    }

    @Test
    void shouldSilenceNamedMonitorsDuringAOneOffWindow() throws InvalidConfigException {
        PortMonitorConfig config = config(
                "    - {id: migration, start: \"2026-12-01T22:00:00Z\", end: \"2026-12-02T02:00:00+00:00\", monitors: [cache]}\n");
        MonitorSpec cache = config.monitor("cache").orElseThrow();

        assertThat(config.maintenance(cache, Instant.parse("2026-12-01T23:00:00Z"))).isPresent();
        assertThat(config.maintenance(cache, Instant.parse("2026-12-02T02:00:00Z"))).isEmpty();
        assertThat(config.maintenance(config.monitor("orders-db").orElseThrow(), Instant.parse("2026-12-01T23:00:00Z"))).isEmpty();
    }

    @Test
    void shouldReportBadWindows() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> config("""
                    - {id: a, cron: "0 2 * *", duration: 2h}
                    - {id: b, cron: "0 2 * * *"}
                    - {id: c, start: "2026-12-01T22:00:00Z", end: "2026-12-01T21:00:00Z"}
                    - {id: d, start: "tomorrow", end: "2026-12-01T21:00:00Z", monitors: [ordres-db]}
                    - {id: e, cron: "0 2 * * *", duration: 1h, start: "2026-12-01T22:00:00Z", end: "2026-12-01T23:00:00Z"}
                    - {id: f, cron: "0 2 * * *", duration: 1h, timezone: Mars/Olympus}
                """));

        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                "maintenance[0].cron: \"0 2 * *\" is not a cron expression (minute hour day-of-month month day-of-week, like \"0 2 * * SUN\"): Cron expression contains 4 parts but we expect one of [5]" + " (line 6)",
                "maintenance[1]: a cron window needs a duration, like 2h (line 7)",
                "maintenance[2].end: must be after start (line 8)",
                "maintenance[3].start: \"tomorrow\" is not a date and time with an offset, like 2026-12-01T22:00:00Z (line 9)",
                "maintenance[3].monitors[0]: unknown monitor \"ordres-db\"; did you mean \"orders-db\"? (line 9)",
                "maintenance[4]: give either cron and duration (a recurring window) or start and end (once) (line 10)",
                "maintenance[5].timezone: \"Mars/Olympus\" is not a time zone, like UTC or Europe/Paris (line 11)");
    }
}

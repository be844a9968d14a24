package dev.portmonitor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portmonitor.config.ConfigLoader;
import dev.portmonitor.config.PortMonitorConfig;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ReviewsTest {

    @Test
    void shouldGiveMaintenanceHoursAsTheBucketsStartsAlsoHalfAnHourOffUtc() throws Exception {
        PortMonitorConfig config = ConfigLoader.parse("""
                portMonitor:
                  monitors:
                    - {id: db, host: 127.0.0.1, port: 5432, interval: 1m}
                    - {id: web, host: 127.0.0.1, port: 80, interval: 1m}
                  maintenance:
                    - {id: patch, start: "2026-11-10T20:30:00Z", end: "2026-11-10T22:30:00Z", monitors: [db]}
                """, "maintenance.yaml");
        ZoneId kolkata = ZoneId.of("Asia/Kolkata"); // UTC+05:30

        long[] hours = Reviews.maintenanceHours(config.maintenance(), config.monitor("db").orElseThrow(),
                YearMonth.of(2026, 11), kolkata);

        // the buckets of 20:00 and 21:00 UTC have their middle (20:30, 21:30) in the window; 22:00's (22:30) is its end
        assertThat(hours).containsExactly(Instant.parse("2026-11-10T20:00:00Z").getEpochSecond(),
                Instant.parse("2026-11-10T21:00:00Z").getEpochSecond());
        assertThat(Reviews.maintenanceHours(config.maintenance(), config.monitor("web").orElseThrow(),
                YearMonth.of(2026, 11), kolkata)).isEmpty();
    }
}

package dev.portmonitor.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeployCorrelationTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(15);
    private static final ZoneId UTC = ZoneId.of("UTC");

    @Test
    void shouldNameTheLatestDeployWithinTheWindowThatConcernsTheTarget() {
        Instant start = NOW.minus(Duration.ofHours(1));
        List<Deploy> deploys = List.of(
                new Deploy("deploy-orders", "411", start.minus(Duration.ofMinutes(14)), List.of(), null),
                new Deploy("deploy-orders", "412", start.minus(Duration.ofMinutes(6)), List.of("db:5432"), null),
                new Deploy("deploy-search", "7", start.minus(Duration.ofMinutes(2)), List.of("es:9200"), null),
                new Deploy("deploy-later", null, start.plusSeconds(10), List.of(), null));

        assertThat(DeployCorrelation.before(start, "db:5432", deploys, WINDOW)).map(Deploy::label).contains("deploy-orders #412");
        assertThat(DeployCorrelation.before(start, "cache:6379", deploys, WINDOW)).map(Deploy::label)
                .as("412 names db only; 411 names everything").contains("deploy-orders #411");
        assertThat(DeployCorrelation.before(start, "cache:6379", deploys, Duration.ofMinutes(10))).isEmpty();
        assertThat(DeployCorrelation.describe(start, deploys.get(1))).isEqualTo("began 6 min after deploy-orders #412");
        assertThat(DeployCorrelation.describe(start, deploys.get(2))).isEqualTo("began 2 min after deploy-search #7");
    }

    @Test
    void shouldReportAMonitorMostOfWhoseIncidentsFollowOneJobsDeploys() {
        List<Deploy> deploys = new ArrayList<>();
        List<Instant> starts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Instant deploy = NOW.minus(Duration.ofDays(10L * i + 1));
            deploys.add(new Deploy("deploy-orders", String.valueOf(400 + i), deploy, List.of(), null));
            if (i < 4) {
                starts.add(deploy.plus(Duration.ofMinutes(3 + i)));
            }
        }
        starts.add(NOW.minus(Duration.ofDays(33)));

        assertThat(DeployCorrelation.find("Orders database (db:5432)", "db:5432", starts, deploys, WINDOW, UTC, NOW))
                .hasValueSatisfying(f -> assertThat(f.sentence()).isEqualTo("4 of the last 5 incidents of Orders database"
                        + " (db:5432) began within 15 minutes after a deploy of deploy-orders (#403, #402, #401, #400): look at"
                        + " what those deploys change."));
    }

    @Test
    void shouldFindNothingWhenDeploysAndIncidentsAreIndependent() {
        for (long seed = 1; seed <= 12; seed++) {
            Random random = new Random(seed);
            List<Deploy> deploys = new ArrayList<>();
            List<Instant> starts = new ArrayList<>();
            long period = DeployCorrelation.PERIOD.toSeconds();
            int deployCount = 20 + random.nextInt(200);
            for (int i = 0; i < deployCount; i++) {
                deploys.add(new Deploy("job-" + random.nextInt(3), String.valueOf(i),
                        NOW.minusSeconds((long) (random.nextDouble() * period)), List.of(), null));
            }
            int incidents = 3 + random.nextInt(40);
            for (int i = 0; i < incidents; i++) {
                starts.add(NOW.minusSeconds((long) (random.nextDouble() * period)));
            }
            assertThat(DeployCorrelation.find("noise", "x:1", starts, deploys, WINDOW, UTC, NOW))
                    .as("seed %d: %d deploys, %d incidents", seed, deployCount, incidents).isEmpty();
        }
    }

    @Test
    void shouldNotBlameAJobThatDeploysAllTheTime() {
        // Deploys every 20 minutes cover three quarters of the time: incidents after them are no sign.
        List<Deploy> deploys = new ArrayList<>();
        for (long t = 0; t < DeployCorrelation.PERIOD.toSeconds(); t += 1200) {
            deploys.add(new Deploy("ci-spam", String.valueOf(t), NOW.minusSeconds(t), List.of(), null));
        }
        List<Instant> starts = List.of(NOW.minus(Duration.ofDays(3)).plusSeconds(60), NOW.minus(Duration.ofDays(9)).plusSeconds(60),
                NOW.minus(Duration.ofDays(20)).plusSeconds(60), NOW.minus(Duration.ofDays(40)).plusSeconds(60));

        assertThat(DeployCorrelation.find("busy", "x:1", starts, deploys, WINDOW, UTC, NOW)).isEmpty();
    }
}

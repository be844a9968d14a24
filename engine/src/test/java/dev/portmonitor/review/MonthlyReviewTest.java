package dev.portmonitor.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portmonitor.history.History;
import dev.portmonitor.monitor.CheckResult;
import dev.portmonitor.probe.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A month of synthetic history, a check a minute, against figures computed by hand: October at 2 ms;
 * November at 2 ms for ten days, then 4 ms; down on three Tuesdays at 03:00 Berlin time for 20, 10
 * and 30 minutes; and 30 minutes down inside a maintenance window on Nov 20 from 01:00.
 */
class MonthlyReviewTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);

    private static Instant berlin(String text) {
        return LocalDateTime.parse(text).atZone(BERLIN).toInstant();
    }

    /** [start, minutes] of each outage. */
    private static final List<Object[]> OUTAGES = List.of(new Object[] {"2026-11-03T03:00", 20},
            new Object[] {"2026-11-10T03:00", 10}, new Object[] {"2026-11-17T03:00", 30}, new Object[] {"2026-11-20T01:00", 30});

    private static boolean down(Instant at) {
        for (Object[] outage : OUTAGES) {
            Instant start = berlin((String) outage[0]);
            if (!at.isBefore(start) && at.isBefore(start.plus(Duration.ofMinutes((Integer) outage[1])))) {
                return true;
            }
        }
        return false;
    }

    static History history() {
        History history = new History();
        Instant from = berlin("2026-10-01T00:00");
        Instant to = berlin("2026-12-01T00:00");
        Instant faster = berlin("2026-11-11T00:00");
        for (Instant at = from; at.isBefore(to); at = at.plusSeconds(60)) {
            boolean failing = down(at);
            long micros = at.isBefore(faster) ? 2_000 : 4_000;
            history.record(failing ? new CheckResult(Outcome.REFUSED, -1, "10.0.0.5:5432", "connection refused", at)
                    : new CheckResult(Outcome.OPEN, micros, "10.0.0.5:5432", null, at));
        }
        int n = 0;
        for (Object[] outage : OUTAGES) {
            Instant start = berlin((String) outage[0]);
            String id = "db-down-" + n++;
            history.openIncident(start, start.plusSeconds(60), "REFUSED", "refused: connection refused", id);
            if (((String) outage[0]).startsWith("2026-11-20")) {
                history.inMaintenance(id, "patching");
            }
            history.closeIncident(start.plus(Duration.ofMinutes((Integer) outage[1])));
        }
        return history;
    }

    static MonthlyReview review() {
        Instant windowStart = berlin("2026-11-20T01:00");
        MonthFigures db = MonthFigures.of("orders-db", "Orders database", "db.internal:5432", history(), NOVEMBER, BERLIN,
                at -> !at.isBefore(windowStart) && at.isBefore(windowStart.plus(Duration.ofHours(1))));
        MonthFigures idle = MonthFigures.of("new", "New service", "new.internal:80", new History(), NOVEMBER, BERLIN, at -> false);
        return new MonthlyReview(NOVEMBER, BERLIN, Instant.parse("2026-12-01T07:00:00Z"), List.of(db, idle), List.of());
    }

    @Test
    void shouldComputeTheMonthAsByHand() {
        MonthFigures db = review().monitors().get(0);

        // 30 days of a check a minute, less the hour of the maintenance window
        assertThat(db.checks()).isEqualTo(30 * 1440 - 60);
        assertThat(db.failedChecks()).isEqualTo(20 + 10 + 30);
        assertThat(db.availability()).isCloseTo((30 * 1440 - 60 - 60) / (double) (30 * 1440 - 60), within(1e-12));
        assertThat(db.maintenanceChecks()).isEqualTo(60);
        assertThat(db.maintenanceFailedChecks()).isEqualTo(30);
        assertThat(db.incidents()).isEqualTo(3);
        assertThat(db.maintenanceIncidents()).isEqualTo(1);
        assertThat(db.downtime()).isEqualTo(Duration.ofMinutes(60));
        assertThat(db.longest()).isEqualTo(Duration.ofMinutes(30));
        assertThat(db.mttr()).isEqualTo(Duration.ofMinutes(20));
        // hourly means: 10 days at 2 ms, 20 at 4 ms; October all at 2 ms
        assertThat(db.latencyP50Ms()).isEqualTo(4.0);
        assertThat(db.latencyP95Ms()).isEqualTo(4.0);
        assertThat(db.previousP50Ms()).isEqualTo(2.0);
        assertThat(db.previousP95Ms()).isEqualTo(2.0);
        // every failure outside maintenance was on a Tuesday at 03 Berlin time
        assertThat(db.failuresByWeekdayHour()[1][3]).isEqualTo(60);
        assertThat(db.heatTotal()).isEqualTo(60);
        assertThat(db.patterns()).singleElement().satisfies(p -> assertThat(p.sentence()).isEqualTo(
                "Orders database (db.internal:5432) went down on 3 of the last 4 Tuesdays between 03:00 and 03:01"
                        + " Europe/Berlin (Nov 3, 10, 17): look at what runs then."));

        MonthFigures idle = review().monitors().get(1);
        assertThat(idle.availability()).isNull();
        assertThat(idle.mttr()).isNull();
        assertThat(idle.latencyP50Ms()).isNull();
    }

    @Test
    void shouldRenderTheSameFiguresAsHtmlMarkdownAndJson() throws Exception {
        MonthlyReview review = review();

        String markdown = ReviewFormat.render(review, "md");
        assertThat(markdown).startsWith("# Port Monitor review of November 2026\n")
                .contains("| Orders database (db.internal:5432) | 99.861% | 3 | 1h | 30m | 20m | 4.00 ms (+100% vs 2.00 ms) |"
                        + " 4.00 ms (+100% vs 2.00 ms) | 1 incident, 30 of 60 checks failed |")
                .contains("| New service (new.internal:80) | – | 0 | 0s | 0s | – | – | – | – |")
                .contains("- Orders database (db.internal:5432) went down on 3 of the last 4 Tuesdays")
                .contains("\nTue     #                    \n");

        String html = ReviewFormat.render(review, "html");
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg ", "Tue 03:00: 60 failed checks", "99.861%")
                .doesNotContain("http://", "https://", "<script", "<link", "src=", "href=");

        JsonNode json = new ObjectMapper().readTree(ReviewFormat.render(review, "json"));
        assertThat(json.path("month").asText()).isEqualTo("2026-11");
        JsonNode db = json.path("monitors").get(0);
        assertThat(db.path("downtimeSeconds").asLong()).isEqualTo(3600);
        assertThat(db.path("mttrSeconds").asLong()).isEqualTo(1200);
        assertThat(db.path("maintenance").path("incidents").asInt()).isEqualTo(1);
        assertThat(db.path("latencyMs").path("previousP50").asDouble()).isEqualTo(2.0);
        assertThat(json.path("failuresByWeekdayHour").get(1).get(3).asInt()).isEqualTo(60);
        assertThat(json.path("monitors").get(1).path("availability").isNull()).isTrue();
    }

    @Test
    void shouldTakeTheWeightedQuantileOfHourlyMeans() {
        assertThat(MonthFigures.quantile(List.of(), 0.5)).isNull();
        assertThat(MonthFigures.quantile(List.of(new double[] {1, 1}, new double[] {9, 3}), 0.5)).isEqualTo(9.0);
        assertThat(MonthFigures.quantile(List.of(new double[] {1, 3}, new double[] {9, 1}), 0.5)).isEqualTo(1.0);
        assertThat(MonthFigures.quantile(List.of(new double[] {1, 94}, new double[] {9, 6}), 0.95)).isEqualTo(9.0);
    }

    @Test
    void shouldCountTheMonthsPartOfAnOutageThatCrossesItsBoundsAndNotTheFuture() {
        History history = new History();
        Instant start = berlin("2026-10-31T23:50");
        for (Instant at = berlin("2026-10-31T23:00"); at.isBefore(berlin("2026-11-01T02:00")); at = at.plusSeconds(60)) {
            boolean down = !at.isBefore(start) && at.isBefore(start.plus(Duration.ofMinutes(30)));
            history.record(down ? new CheckResult(Outcome.REFUSED, -1, "a:1", "refused", at) : new CheckResult(Outcome.OPEN, 1_000, "a:1", null, at));
        }
        history.openIncident(start, start.plusSeconds(60), "REFUSED", "refused", "across");
        history.closeIncident(start.plus(Duration.ofMinutes(30)));
        // and one still going on, checked last at 02:00 on Dec 1: it lasted 10 minutes so far, not to the month's end
        Instant open = berlin("2026-12-01T01:50");
        history.record(new CheckResult(Outcome.REFUSED, -1, "a:1", "refused", berlin("2026-12-01T02:00")));
        history.openIncident(open, null, "REFUSED", "refused", "ongoing");

        MonthFigures november = MonthFigures.of("a", "A", "a:1", history, NOVEMBER, BERLIN, at -> false);
        MonthFigures october = MonthFigures.of("a", "A", "a:1", history, YearMonth.of(2026, 10), BERLIN, at -> false);
        MonthFigures december = MonthFigures.of("a", "A", "a:1", history, YearMonth.of(2026, 12), BERLIN, at -> false);

        assertThat(november.downtime()).as("00:00 to 00:20 on Nov 1").isEqualTo(Duration.ofMinutes(20));
        assertThat(november.incidents()).as("it began in October").isZero();
        assertThat(october.downtime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(october.incidents()).isEqualTo(1);
        assertThat(october.mttr()).isEqualTo(Duration.ofMinutes(30));
        assertThat(december.downtime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(december.mttr()).as("not recovered").isNull();
    }
}

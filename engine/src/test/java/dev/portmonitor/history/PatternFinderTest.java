package dev.portmonitor.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Synthetic incident histories: planted weekly, daily and monthly patterns are found, noise is not. */
class PatternFinderTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Instant NOW = LocalDateTime.parse("2026-11-30T12:00").atZone(BERLIN).toInstant();
    private static final String CACHE = "Session cache (cache.internal:6379)";

    private static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }

    @Test
    void shouldFindTheSameWeekdayAndTimeInMostWeeks() {
        List<Instant> starts = new ArrayList<>(List.of(at("2026-11-03T03:05"), at("2026-11-10T03:12"),
                at("2026-11-24T03:18"), at("2026-11-17T03:02")));
        starts.add(at("2026-11-12T14:40")); // one unrelated incident

        List<PatternFinder.Finding> found = PatternFinder.find(CACHE, starts, BERLIN, NOW);

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo("weekly");
            assertThat(f.sentence()).isEqualTo("Session cache (cache.internal:6379) went down on 4 of the last 4 Tuesdays"
                    + " between 03:02 and 03:19 Europe/Berlin (Nov 3, 10, 17, 24): look at what runs then.");
            assertThat(f.evidence()).containsExactly(LocalDate.parse("2026-11-03"), LocalDate.parse("2026-11-10"),
                    LocalDate.parse("2026-11-17"), LocalDate.parse("2026-11-24"));
        });
    }

    @Test
    void shouldCountTheWeeksAWeeklyPatternMissed() {
        List<Instant> starts = List.of(at("2026-10-13T03:05"), at("2026-10-20T03:10"), at("2026-11-03T03:01"),
                at("2026-11-24T03:15"));

        List<PatternFinder.Finding> found = PatternFinder.find(CACHE, starts, BERLIN, NOW);

        assertThat(found).singleElement().extracting(PatternFinder.Finding::sentence).asString()
                .contains("went down on 4 of the last 7 Tuesdays between 03:01 and 03:16 Europe/Berlin (Oct 13, 20, Nov 3, 24)");
    }

    @Test
    void shouldFindTheSameTimeEveryDayAndNotAlsoCallItWeekly() {
        List<Instant> starts = new ArrayList<>();
        for (int day = 10; day <= 30; day++) {
            if (day != 27) {
                starts.add(at("2026-11-%02dT02:%02d".formatted(day, 5 + day % 10)));
            }
        }

        List<PatternFinder.Finding> found = PatternFinder.find("Orders database (db:5432)", starts, BERLIN, NOW);

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo("daily");
            assertThat(f.sentence()).isEqualTo("Orders database (db:5432) went down between 02:05 and 02:15 Europe/Berlin"
                    + " on 6 of the last 7 days (Nov 24, 25, 26, 28, 29, 30): look at what runs every day then.");
        });
    }

    @Test
    void shouldFindTheSameDayOfTheMonth() {
        List<Instant> starts = List.of(at("2026-07-01T00:20"), at("2026-09-01T05:00"), at("2026-10-01T23:10"),
                at("2026-11-01T01:40"), at("2026-10-17T09:00"));

        List<PatternFinder.Finding> found = PatternFinder.find("Billing API (billing:8443)", starts, BERLIN, NOW);

        assertThat(found).singleElement().extracting(PatternFinder.Finding::sentence).isEqualTo(
                "Billing API (billing:8443) went down on the 1st of the month in 4 of the last 5 months"
                        + " (Jul 1, Sep 1, Oct 1, Nov 1): look at what runs monthly.");
    }

    @Test
    void shouldFindNothingInTwelveHistoriesOfNoise() {
        for (long seed = 1; seed <= 12; seed++) {
            Random random = new Random(seed);
            List<Instant> starts = new ArrayList<>();
            int incidents = 5 + random.nextInt(40); // a quiet monitor to a very flaky one, over six months
            for (int i = 0; i < incidents; i++) {
                starts.add(NOW.minusSeconds((long) (random.nextDouble() * 182 * 86_400)));
            }

            assertThat(PatternFinder.find("noise", starts, BERLIN, NOW)).as("seed %d, %d incidents", seed, incidents).isEmpty();
        }
    }

    @Test
    void shouldCallAPatternChanceWhenTheMonitorFailsAtRandomAllTheTime() {
        assertThat(PatternFinder.unlikely(3, 4, 1.0 / 336, 336)).isTrue();
        assertThat(PatternFinder.unlikely(3, 400, 1.0 / 336, 336)).as("400 random incidents put 3 in some window").isFalse();
    }

    @Test
    void shouldNotTakeAnUnderflowForSignificance() {
        // (1 - 0.999)^200 underflows to 0: in logarithms the tail is about 1, nothing unlikely.
        org.assertj.core.api.Assertions.assertThat(PatternFinder.unlikely(150, 200, 0.999, 1)).isFalse();
        org.assertj.core.api.Assertions.assertThat(PatternFinder.unlikely(5, 5, 1.0 / 336, 336)).isTrue();
        org.assertj.core.api.Assertions.assertThat(PatternFinder.unlikely(2, 40, 0.5, 1)).isFalse();
        org.assertj.core.api.Assertions.assertThat(PatternFinder.unlikely(0, 40, 0.01, 1)).isFalse();
    }

    /**
     * Twelve histories, each a planted pattern (weekly, daily or monthly, at a weekday, time or day of
     * its own, some occurrences missed, times spread within 20 minutes) in 5 to 20 incidents of noise
     * over six months: the planted one is found, of its kind and at its place, and nothing else.
     */
    @Test
    void shouldFindEveryPlantedPatternInTwelveHistoriesWithNoise() {
        java.time.LocalDate today = NOW.atZone(BERLIN).toLocalDate();
        for (long seed = 1; seed <= 12; seed++) {
            Random random = new Random(100 + seed);
            List<Instant> starts = new ArrayList<>();
            int noise = 5 + random.nextInt(16);
            for (int i = 0; i < noise; i++) {
                starts.add(NOW.minusSeconds((long) (random.nextDouble() * 182 * 86_400)));
            }
            String kind = List.of("weekly", "daily", "monthly").get((int) (seed % 3));
            int minute = 60 * random.nextInt(24) + random.nextInt(10);
            java.time.DayOfWeek weekday = java.time.DayOfWeek.of(1 + random.nextInt(7));
            int dayOfMonth = 1 + random.nextInt(28);
            List<java.time.LocalDate> days = new ArrayList<>();
            switch (kind) {
                case "weekly" -> {
                    java.time.LocalDate last = today.minusDays(1).with(java.time.temporal.TemporalAdjusters.previousOrSame(weekday));
                    for (int w = 0; w < 6; w++) {
                        if (w != 2) { // one week missed
                            days.add(last.minusWeeks(w));
                        }
                    }
                }
                case "daily" -> {
                    for (int d = 1; d <= 6; d++) {
                        if (d != 4) {
                            days.add(today.minusDays(d));
                        }
                    }
                }
                default -> {
                    for (int m = 1; m <= 5; m++) {
                        days.add(today.minusMonths(m).withDayOfMonth(dayOfMonth));
                    }
                }
            }
            for (java.time.LocalDate day : days) {
                starts.add(day.atStartOfDay(BERLIN).plusMinutes(minute + random.nextInt(20)).toInstant());
            }

            List<PatternFinder.Finding> found = PatternFinder.find("planted " + seed, starts, BERLIN, NOW);

            assertThat(found).as("seed %d: %s planted at minute %d (%s, day %d) among %d of noise", seed, kind, minute, weekday,
                    dayOfMonth, noise).singleElement().satisfies(f -> {
                        assertThat(f.kind()).isEqualTo(kind);
                        assertThat(f.evidence()).containsAll(days);
                    });
        }
    }

    /** The sweep gives what trying every window gives, ties and midnight included. */
    @Test
    void shouldFindTheDensestWindowAsTryingEveryOneWould() {
        for (long seed = 1; seed <= 200; seed++) {
            Random random = new Random(seed);
            List<java.time.ZonedDateTime> times = new ArrayList<>();
            int n = PatternFinder.SWEEP_FROM + 1 + random.nextInt(60); // the sweep, not the small lists' way
            for (int i = 0; i < n; i++) {
                // few distinct minutes and days, so that ties and shared minutes are common
                times.add(NOW.atZone(BERLIN).minusDays(random.nextInt(10)).withHour(random.nextBoolean() ? 23 : random.nextInt(3))
                        .withMinute(random.nextInt(60) / 5 * 5));
            }
            int bestFrom = -1;
            int bestCount = 0;
            for (java.time.ZonedDateTime candidate : times) {
                int from = candidate.getHour() * 60 + candidate.getMinute();
                long count = times.stream().filter(t -> Math.floorMod(t.getHour() * 60 + t.getMinute() - from, 1440) < 30)
                        .map(java.time.ZonedDateTime::toLocalDate).distinct().count();
                if (count > bestCount) {
                    bestCount = (int) count;
                    bestFrom = from;
                }
            }
            assertThat(PatternFinder.densest(times, java.time.ZonedDateTime::toLocalDate)).as("seed %d", seed)
                    .containsExactly(bestFrom, bestCount);
        }
    }
}

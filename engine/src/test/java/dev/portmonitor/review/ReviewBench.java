package dev.portmonitor.review;

import dev.portmonitor.history.BucketSeries;
import dev.portmonitor.history.History;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Figures for issue 15's aims, printed, not asserted (bench/review.sh runs it):
 * <ol>
 *   <li>the monthly review of MONITORS monitors (default 10,000), each with 90 days of hour buckets
 *       and an incident a day, computed and rendered as HTML, Markdown and JSON, in ms (best and
 *       median of RUNS);</li>
 *   <li>the heap a year of daily incidents costs a monitor: 2,000 incident logs of 365 incidents
 *       (each with its own event id, the outcome, cause and channels as the engine keeps them),
 *       heap after a full GC less the heap before, divided by 2,000.</li>
 * </ol>
 */
public final class ReviewBench {

    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final YearMonth MONTH = YearMonth.of(2026, 11);

    public static void main(String[] args) {
        int monitors = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        review(monitors, runs);
        heap(2_000);
        flapper(5_000, runs);
    }

    static History monitorHistory(long seed, Instant end) {
        Random random = new Random(seed);
        int hours = History.HOURS;
        BucketSeries.Bucket[] buckets = new BucketSeries.Bucket[hours];
        long first = end.getEpochSecond() / 3600 * 3600 - (long) (hours - 1) * 3600;
        for (int i = 0; i < hours; i++) {
            int failures = random.nextInt(100) == 0 ? 1 + random.nextInt(5) : 0;
            int connected = 360 - failures;
            long latency = 1_000 + random.nextInt(2_000);
            buckets[i] = new BucketSeries.Bucket(first + i * 3600L, 360, failures, connected, latency * connected,
                    (int) latency / 2, (int) latency * 2);
        }
        History history = History.of(List.of(), new BucketSeries(60, History.MINUTES), BucketSeries.of(3600, hours, buckets),
                List.of(), List.of());
        for (int day = 90; day > 0; day--) {
            Instant start = end.minus(Duration.ofDays(day)).plusSeconds(random.nextInt(86_400));
            history.openIncident(start, start.plusSeconds(30), "REFUSED", "refused: connection refused", "m" + seed + "-" + day);
            history.told("m" + seed + "-" + day, "oncall");
            history.closeIncident(start.plusSeconds(60 + random.nextInt(1_800)));
        }
        return history;
    }

    static void review(int monitors, int runs) {
        Instant end = MONTH.plusMonths(1).atDay(1).atStartOfDay(ZONE).toInstant();
        List<History> histories = new ArrayList<>(monitors);
        for (int i = 0; i < monitors; i++) {
            histories.add(monitorHistory(i, end));
        }
        List<Long> times = new ArrayList<>();
        int[] sizes = new int[3];
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            List<MonthFigures> figures = new ArrayList<>(monitors);
            for (int i = 0; i < monitors; i++) {
                figures.add(MonthFigures.of("m" + i, "Monitor " + i, "host-" + i + ".internal:5432", histories.get(i), MONTH,
                        ZONE, at -> false));
            }
            MonthlyReview review = new MonthlyReview(MONTH, ZONE, Instant.now(), figures, List.of());
            sizes[0] = ReviewFormat.render(review, "html").length();
            sizes[1] = ReviewFormat.render(review, "md").length();
            sizes[2] = ReviewFormat.render(review, "json").length();
            times.add((System.nanoTime() - start) / 1_000_000);
        }
        List<Long> sorted = new ArrayList<>(times);
        sorted.sort(null);
        System.out.printf("review of %,d monitors (90 days of hour buckets, an incident a day), computed and rendered"
                        + " as html+md+json: best %d ms, median %d ms, runs %s; html %,d bytes, md %,d, json %,d%n",
                monitors, sorted.get(0), sorted.get(sorted.size() / 2), times, sizes[0], sizes[1], sizes[2]);
    }

    /** The patterns of a monitor that flaps: INCIDENTS incidents at random over the last 8 weeks. */
    static void flapper(int incidents, int runs) {
        Random random = new Random(7);
        Instant now = Instant.parse("2026-11-30T12:00:00Z");
        List<Instant> starts = new ArrayList<>(incidents);
        for (int i = 0; i < incidents; i++) {
            starts.add(now.minusSeconds((long) (random.nextDouble() * 56 * 86_400)));
        }
        List<Long> times = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            dev.portmonitor.history.PatternFinder.find("flapper", starts, ZONE, now);
            times.add((System.nanoTime() - start) / 1_000_000);
        }
        System.out.printf("patterns of a monitor with %,d incidents in 8 weeks: %s ms (runs)%n", incidents, times);
    }

    static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static void heap(int logs) {
        Instant end = Instant.parse("2026-12-01T00:00:00Z");
        long before = usedAfterGc();
        List<History> kept = new ArrayList<>(logs);
        for (int i = 0; i < logs; i++) {
            History history = new History();
            for (int day = 365; day > 0; day--) {
                Instant start = end.minus(Duration.ofDays(day)).plusSeconds(3 * 3600 + (day * 37L) % 900);
                String eventId = "monitor-" + i + "-down-" + start.toEpochMilli();
                history.openIncident(start, start.plusSeconds(30), "REFUSED", "refused: connection refused", eventId);
                history.told(eventId, "oncall");
                history.closeIncident(start.plusSeconds(600));
            }
            kept.add(history);
        }
        long after = usedAfterGc();
        long empty = emptyHistories(logs);
        System.out.printf("a year of daily incidents (365, each with its own event id, told on one channel): %,d bytes of"
                        + " heap per monitor (%,d logs: %,d bytes in all, less %,d bytes per empty History)%n",
                (after - before) / logs - empty, kept.size(), after - before, empty);
    }

    /** What an empty History costs (its buckets' arrays), so that only the incidents are counted. */
    static long emptyHistories(int count) {
        long before = usedAfterGc();
        List<History> kept = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            kept.add(new History());
        }
        long after = usedAfterGc();
        return kept.isEmpty() ? 0 : (after - before) / count;
    }
}

package dev.portmonitor.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portmonitor.format.Durations;
import dev.portmonitor.history.BucketSeries;
import dev.portmonitor.history.History;
import java.time.Duration;
import java.time.Instant;

/**
 * A monitor's history as a chart's data: per bucket, its start, the share of successful checks and
 * the mean connect latency. The last 24 hours come from the per-minute buckets, longer ranges from
 * the hourly ones. Buckets without checks are left out; a chart shows the gap.
 */
public final class HistoryChart {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HistoryChart() {
    }

    /** The longest range a chart covers: what the hourly buckets hold. */
    public static final Duration LONGEST = Duration.ofDays(90);

    /**
     * A chart's range as a page asks for it: {@code 24h}, {@code 30d}, {@code 90m} or any duration
     * ({@code 1h30m}), from one minute to 90 days.
     *
     * @throws IllegalArgumentException saying what is wrong and what is allowed
     */
    public static Duration range(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("range: give one, like 24h or 30d");
        }
        String given = text.strip();
        Duration range;
        if (given.matches("\\d{1,3}d")) {
            range = Duration.ofDays(Long.parseLong(given.substring(0, given.length() - 1)));
        } else {
            try {
                range = Durations.parse(given);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("range \"" + given + "\" is not a duration; write 24h, 30d or 90m", e);
            }
        }
        if (range.compareTo(Duration.ofMinutes(1)) < 0 || range.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("range \"" + given + "\" must be from 1m to 90d");
        }
        return range;
    }

    /** The chart of a history held here (see {@link #render(BucketSeries.Slice, Duration)}). */
    public static String render(History history, Instant now, Duration range) {
        return render(history.slice(now, range), range);
    }

    /**
     * @param slice the range's buckets, as the record's owner cut them
     * @param range how far back, at most 90 days
     * @return {@code {"range": "24h", "bucketSeconds": 60, "points": [{"t": epochMillis,
     *     "availability": 99.5, "latencyMs": 1.2, "checks": 6, "failures": 0}, ...]}}
     */
    public static String render(BucketSeries.Slice slice, Duration range) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("range", Durations.format(range));
        root.put("bucketSeconds", slice.widthSeconds());
        ArrayNode points = root.putArray("points");
        for (BucketSeries.Bucket bucket : slice.buckets()) {
            ObjectNode point = points.addObject();
            point.put("t", bucket.start() * 1000);
            point.put("availability", Math.round(10_000.0 * (bucket.checks() - bucket.failures()) / bucket.checks()) / 100.0);
            long latency = bucket.latencyAvgMicros();
            if (latency >= 0) {
                point.put("latencyMs", latency / 1000.0);
            } else {
                point.putNull("latencyMs");
            }
            point.put("checks", bucket.checks());
            point.put("failures", bucket.failures());
        }
        return root.toString();
    }
}

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

package dev.portmonitor.history;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Checks aggregated per time bucket (a minute, an hour), oldest first, at most {@code capacity}
 * buckets: the oldest is dropped when a new one is needed. Parallel primitive arrays that grow as
 * buckets fill, so a young monitor costs little and an old one at most
 * {@code capacity x 28} bytes.
 */
public final class BucketSeries implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int INITIAL = 8;

    private final long widthSeconds;
    private final int capacity;
    private long[] start = new long[INITIAL];     // epoch seconds, a multiple of widthSeconds
    private int[] checks = new int[INITIAL];
    private int[] failures = new int[INITIAL];
    private int[] connected = new int[INITIAL];   // checks with a latency
    private long[] latencySum = new long[INITIAL]; // microseconds
    private int[] latencyMin = new int[INITIAL];
    private int[] latencyMax = new int[INITIAL];
    private int head;  // index of the oldest bucket
    private int size;

    public BucketSeries(long widthSeconds, int capacity) {
        this.widthSeconds = widthSeconds;
        this.capacity = capacity;
    }

    /** Adds one check made at {@code epochSecond}. Checks older than the newest bucket are dropped. */
    public void add(long epochSecond, boolean failed, long latencyMicros) {
        long bucketStart = Math.floorDiv(epochSecond, widthSeconds) * widthSeconds;
        int last = size == 0 ? -1 : slot(size - 1);
        if (last < 0 || start[last] < bucketStart) {
            last = append(bucketStart);
        } else if (start[last] > bucketStart) {
            return; // out of order and older than the newest bucket: not worth a rewrite
        }
        checks[last]++;
        if (failed) {
            failures[last]++;
        }
        if (latencyMicros >= 0) {
            int micros = (int) Math.min(Integer.MAX_VALUE, latencyMicros);
            latencyMin[last] = connected[last] == 0 ? micros : Math.min(latencyMin[last], micros);
            latencyMax[last] = Math.max(latencyMax[last], micros);
            latencySum[last] += micros;
            connected[last]++;
        }
    }

    private int append(long bucketStart) {
        if (size == capacity) {
            head = (head + 1) % start.length;
            size--;
        } else if (size == start.length) {
            grow();
        }
        int slot = slot(size);
        size++;
        start[slot] = bucketStart;
        checks[slot] = 0;
        failures[slot] = 0;
        connected[slot] = 0;
        latencySum[slot] = 0;
        latencyMin[slot] = 0;
        latencyMax[slot] = 0;
        return slot;
    }

    private void grow() {
        int length = Math.min(capacity, start.length * 2);
        start = reorder(start, length);
        checks = reorder(checks, length);
        failures = reorder(failures, length);
        connected = reorder(connected, length);
        latencySum = reorder(latencySum, length);
        latencyMin = reorder(latencyMin, length);
        latencyMax = reorder(latencyMax, length);
        head = 0;
    }

    private long[] reorder(long[] values, int length) {
        long[] copy = new long[length];
        for (int i = 0; i < size; i++) {
            copy[i] = values[slot(i)];
        }
        return copy;
    }

    private int[] reorder(int[] values, int length) {
        int[] copy = new int[length];
        for (int i = 0; i < size; i++) {
            copy[i] = values[slot(i)];
        }
        return copy;
    }

    private int slot(int index) {
        return (head + index) % start.length;
    }

    /** Checks and failures in buckets that start at or after {@code fromEpochSecond}. */
    public long[] totalsSince(long fromEpochSecond) {
        long totalChecks = 0;
        long totalFailures = 0;
        for (int i = size - 1; i >= 0; i--) {
            int s = slot(i);
            if (start[s] < fromEpochSecond) {
                break;
            }
            totalChecks += checks[s];
            totalFailures += failures[s];
        }
        return new long[] {totalChecks, totalFailures};
    }

    public int size() {
        return size;
    }

    public long widthSeconds() {
        return widthSeconds;
    }

    /** Bucket {@code index}, 0 the oldest. */
    public Bucket bucket(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        int s = slot(index);
        return new Bucket(start[s], checks[s], failures[s], connected[s], latencySum[s],
                connected[s] == 0 ? -1 : latencyMin[s], connected[s] == 0 ? -1 : latencyMax[s]);
    }

    /** Every bucket, oldest first. */
    public Bucket[] buckets() {
        Bucket[] all = new Bucket[size];
        Arrays.setAll(all, this::bucket);
        return all;
    }

    /** Rebuilds a series from its buckets (a snapshot read back). */
    public static BucketSeries of(long widthSeconds, int capacity, Bucket[] buckets) {
        BucketSeries series = new BucketSeries(widthSeconds, capacity);
        for (Bucket bucket : buckets) {
            int slot = series.append(bucket.start());
            series.checks[slot] = bucket.checks();
            series.failures[slot] = bucket.failures();
            series.connected[slot] = bucket.connected();
            series.latencySum[slot] = bucket.latencySumMicros();
            series.latencyMin[slot] = (int) Math.max(0, bucket.latencyMinMicros());
            series.latencyMax[slot] = (int) Math.max(0, bucket.latencyMaxMicros());
        }
        return series;
    }

    /**
     * One bucket.
     *
     * @param start epoch second at which the bucket begins
     * @param connected checks that connected, and so have a latency
     * @param latencyMinMicros -1 when no check connected
     */
    /** The buckets that end after {@code fromEpochSecond} and hold checks, oldest first, with their width. */
    public Slice since(long fromEpochSecond) {
        java.util.List<Bucket> kept = new java.util.ArrayList<>();
        for (Bucket bucket : buckets()) {
            if (bucket.start() + widthSeconds > fromEpochSecond && bucket.checks() > 0) {
                kept.add(bucket);
            }
        }
        return new Slice(widthSeconds, kept);
    }

    /** A part of a series: what a chart of a range needs, and no more. */
    public record Slice(long widthSeconds, java.util.List<Bucket> buckets) implements Serializable {
        public Slice {
            buckets = java.util.List.copyOf(buckets);
        }
    }

    public record Bucket(long start, int checks, int failures, int connected, long latencySumMicros,
                         long latencyMinMicros, long latencyMaxMicros) implements Serializable {

        /** Mean latency of the checks that connected, or -1. */
        public long latencyAvgMicros() {
            return connected == 0 ? -1 : latencySumMicros / connected;
        }
    }
}

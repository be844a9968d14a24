package dev.portmonitor.history;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A monitor's last 24 hours in 24 hourly points, small enough to send for a thousand monitors at
 * once: per hour, the share of successful checks (percent) and the mean latency of the checks that
 * connected (milliseconds). An hour without checks is {@code NaN} in both (a gap, not a zero).
 *
 * @param start epoch second at which the first hour begins
 * @param stepSeconds the width of a point (3600)
 */
public record Sparkline(long start, int stepSeconds, double[] availability, double[] latencyMs) implements Serializable {

    public static final int POINTS = 24;
    public static final int STEP_SECONDS = 3600;

    /** The last 24 hours of an hourly series, the current hour last, cut at {@code nowEpochSecond}. */
    public static Sparkline of(BucketSeries hours, long nowEpochSecond) {
        long lastHour = Math.floorDiv(nowEpochSecond, STEP_SECONDS) * STEP_SECONDS;
        long start = lastHour - (long) (POINTS - 1) * STEP_SECONDS;
        double[] availability = new double[POINTS];
        double[] latency = new double[POINTS];
        Arrays.fill(availability, Double.NaN);
        Arrays.fill(latency, Double.NaN);
        for (int i = hours.size() - 1; i >= 0; i--) {
            BucketSeries.Bucket bucket = hours.bucket(i);
            if (bucket.start() < start) {
                break;
            }
            int slot = (int) ((bucket.start() - start) / STEP_SECONDS);
            if (slot >= POINTS || bucket.checks() == 0) {
                continue;
            }
            availability[slot] = Math.round(10_000.0 * (bucket.checks() - bucket.failures()) / bucket.checks()) / 100.0;
            long micros = bucket.latencyAvgMicros();
            latency[slot] = micros < 0 ? Double.NaN : micros / 1000.0;
        }
        return new Sparkline(start, STEP_SECONDS, availability, latency);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Sparkline that && start == that.start && stepSeconds == that.stepSeconds
                && Arrays.equals(availability, that.availability) && Arrays.equals(latencyMs, that.latencyMs);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(start) * 31 + Arrays.hashCode(availability);
    }

    @Override
    public String toString() {
        return "Sparkline[start=" + start + ", availability=" + Arrays.toString(availability) + ", latencyMs="
                + Arrays.toString(latencyMs) + "]";
    }
}

package dev.portmonitor.verify;

import dev.portmonitor.probe.ProbeOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * How a verify runs.
 *
 * @param probe options of each probe
 * @param concurrency the most probes in flight at once
 * @param deadline the budget of the whole verify; a target not finished by then is a TIMEOUT
 */
public record VerifyOptions(ProbeOptions probe, int concurrency, Duration deadline) {

    public static final int DEFAULT_CONCURRENCY = 256;
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(1);

    public VerifyOptions {
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(deadline, "deadline");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
        }
        if (deadline.isNegative() || deadline.isZero() || deadline.compareTo(ProbeOptions.MAX_DURATION) > 0) {
            throw new IllegalArgumentException("deadline must be positive and at most 24h: " + deadline);
        }
    }

    public static VerifyOptions defaults() {
        return new VerifyOptions(ProbeOptions.defaults(), DEFAULT_CONCURRENCY, DEFAULT_DEADLINE);
    }

    public VerifyOptions withProbe(ProbeOptions options) {
        return new VerifyOptions(options, concurrency, deadline);
    }

    public VerifyOptions withConcurrency(int value) {
        return new VerifyOptions(probe, value, deadline);
    }

    public VerifyOptions withDeadline(Duration value) {
        return new VerifyOptions(probe, concurrency, value);
    }
}

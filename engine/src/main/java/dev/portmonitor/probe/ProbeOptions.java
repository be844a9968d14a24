package dev.portmonitor.probe;

import java.time.Duration;
import java.util.Objects;

/**
 * How one probe runs.
 *
 * @param timeout the whole budget of the probe: name resolution and every address tried
 * @param slowThreshold an open port whose connect took longer is {@link Outcome#SLOW}; null for none
 * @param closeMode how the established connection is closed
 * @param policy where the probe may connect; {@link ConnectPolicy#ANY} for anywhere
 */
public record ProbeOptions(Duration timeout, Duration slowThreshold, CloseMode closeMode, ConnectPolicy policy) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    /** The longest timeout or threshold accepted: far beyond any useful value, far from overflow. */
    public static final Duration MAX_DURATION = Duration.ofHours(24);

    public ProbeOptions {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(closeMode, "closeMode");
        Objects.requireNonNull(policy, "policy");
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("timeout must be positive and at most 24h: " + timeout);
        }
        if (slowThreshold != null && (slowThreshold.isNegative() || slowThreshold.isZero())) {
            throw new IllegalArgumentException("slow threshold must be positive: " + slowThreshold);
        }
    }

    public ProbeOptions(Duration timeout, Duration slowThreshold, CloseMode closeMode) {
        this(timeout, slowThreshold, closeMode, ConnectPolicy.ANY);
    }

    public static ProbeOptions defaults() {
        return new ProbeOptions(DEFAULT_TIMEOUT, null, CloseMode.NORMAL);
    }

    public ProbeOptions withTimeout(Duration newTimeout) {
        return new ProbeOptions(newTimeout, slowThreshold, closeMode, policy);
    }

    public ProbeOptions withSlowThreshold(Duration threshold) {
        return new ProbeOptions(timeout, threshold, closeMode, policy);
    }

    public ProbeOptions withCloseMode(CloseMode mode) {
        return new ProbeOptions(timeout, slowThreshold, mode, policy);
    }

    public ProbeOptions withPolicy(ConnectPolicy newPolicy) {
        return new ProbeOptions(timeout, slowThreshold, closeMode, newPolicy);
    }
}

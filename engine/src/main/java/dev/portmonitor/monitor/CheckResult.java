package dev.portmonitor.monitor;

import dev.portmonitor.probe.Outcome;
import java.io.Serializable;
import java.time.Instant;

/**
 * One check of a monitor, as kept in its state and history: what the probe found, compactly.
 *
 * @param latencyMicros -1 when no connection was established
 * @param address the address that answered or was last tried; null when none
 * @param latencyMicros the whole check (a protocol kind's exchange, or the connect); -1 when not connected
 * @param reason why it was not open; null when open
 * @param details what a protocol check learned (server version, certificate expiry), as text; empty for none
 */
public record CheckResult(Outcome outcome, long latencyMicros, String address, String reason, Instant at,
                          java.util.Map<String, String> details) implements Serializable {

    public CheckResult {
        details = details == null || details.isEmpty() ? java.util.Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
    }

    /** A check without details. */
    public CheckResult(Outcome outcome, long latencyMicros, String address, String reason, Instant at) {
        this(outcome, latencyMicros, address, reason, at, null);
    }

    public CheckResult withDetails(java.util.Map<String, String> newDetails) {
        return new CheckResult(outcome, latencyMicros, address, reason, at, newDetails);
    }

    /** OPEN, SLOW or DEGRADED: the service answered (see {@link Outcome#isReachable()}). */
    public boolean reachable() {
        return outcome.isReachable();
    }

    /** "refused: connection refused", "slow: connected in 812 ms...", "open". */
    public String describe() {
        return outcome.word() + (reason == null ? "" : ": " + reason);
    }
}

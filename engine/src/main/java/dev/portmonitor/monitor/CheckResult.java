package dev.portmonitor.monitor;

import dev.portmonitor.probe.Outcome;
import java.io.Serializable;
import java.time.Instant;

/**
 * One check of a monitor, as kept in its state and history: what the probe found, compactly.
 *
 * @param latencyMicros -1 when no connection was established
 * @param address the address that answered or was last tried; null when none
 * @param reason why it was not open; null when open
 */
public record CheckResult(Outcome outcome, long latencyMicros, String address, String reason, Instant at)
        implements Serializable {

    /** OPEN or SLOW: the port accepted a connection. */
    public boolean reachable() {
        return outcome == Outcome.OPEN || outcome == Outcome.SLOW;
    }

    /** "refused: connection refused", "slow: connected in 812 ms...", "open". */
    public String describe() {
        return outcome.word() + (reason == null ? "" : ": " + reason);
    }
}

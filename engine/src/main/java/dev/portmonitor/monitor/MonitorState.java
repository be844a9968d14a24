package dev.portmonitor.monitor;

import java.io.Serializable;
import java.time.Instant;

/**
 * A monitor's confirmed status and the counters that lead to the next transition. Immutable; the
 * {@link StateMachine} makes the next one.
 *
 * @param since when the current status began (for DOWN, the first failed check of the streak)
 * @param failingSince the first check of the current streak of failures; null if none
 * @param reachableSince the first check of the current streak of checks that connected; null if none
 * @param openSince the first check of the current streak of OPEN checks; null if none
 * @param slowSince the first check of the current streak of SLOW checks; null if none
 * @param cause the last failure, in words, while failing, DOWN or DEGRADED
 * @param lastReminderAt the DOWN event or the last REMINDER, while DOWN
 * @param events how many events this monitor has raised: the sequence of their dedupe ids
 */
public record MonitorState(MonitorStatus status, Instant since, int consecutiveFailures, int consecutiveSuccesses,
                           int consecutiveOpen, int consecutiveSlow, Instant failingSince, Instant reachableSince,
                           Instant openSince, Instant slowSince, String cause, int remindersSent, Instant lastReminderAt,
                           CheckResult last, long checks, long events) implements Serializable {

    public static MonitorState initial(Instant now) {
        return new MonitorState(MonitorStatus.UNKNOWN, now, 0, 0, 0, 0, null, null, null, null, null, 0, null, null, 0, 0);
    }

    /** True when the record holds what every state must: a status, a time, counts that are not negative. */
    public boolean wellFormed() {
        return status != null && since != null && consecutiveFailures >= 0 && consecutiveSuccesses >= 0
                && consecutiveOpen >= 0 && consecutiveSlow >= 0 && remindersSent >= 0 && checks >= 0 && events >= 0;
    }
}

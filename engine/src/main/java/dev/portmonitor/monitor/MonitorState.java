package dev.portmonitor.monitor;

import java.io.Serializable;
import java.time.Instant;

/**
 * A monitor's confirmed status and the counters that lead to the next transition. Immutable; the
 * {@link StateMachine} makes the next one.
 *
 * @param since when the current status began (for DOWN, the first failed check of the streak)
 * @param failingSince the first failed check of the current streak of failures; null if none
 * @param cause the last failure, in words, while failing or DOWN
 * @param lastReminderAt the DOWN event or the last REMINDER, while DOWN
 * @param events how many events this monitor has raised: the sequence of their dedupe ids
 */
public record MonitorState(MonitorStatus status, Instant since, int consecutiveFailures, int consecutiveSuccesses,
                           int consecutiveOpen, int consecutiveSlow, Instant failingSince, String cause,
                           int remindersSent, Instant lastReminderAt, CheckResult last, long checks, long events)
        implements Serializable {

    public static MonitorState initial(Instant now) {
        return new MonitorState(MonitorStatus.UNKNOWN, now, 0, 0, 0, 0, null, null, 0, null, null, 0, 0);
    }
}

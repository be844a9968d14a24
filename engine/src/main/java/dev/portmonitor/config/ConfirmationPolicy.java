package dev.portmonitor.config;

import java.time.Duration;

/**
 * When a monitor changes state.
 *
 * @param failuresBeforeAlert consecutive failed checks that make a monitor DOWN
 * @param successesBeforeRecovery consecutive successful checks that bring a DOWN monitor back UP
 * @param slowBeforeDegraded consecutive SLOW checks that make an UP monitor DEGRADED
 * @param reminderEvery while DOWN, a REMINDER event this often; null for none
 * @param maxReminders the most REMINDER events for one outage
 */
public record ConfirmationPolicy(int failuresBeforeAlert, int successesBeforeRecovery, int slowBeforeDegraded,
                                 Duration reminderEvery, int maxReminders) implements java.io.Serializable {

    public static final ConfirmationPolicy DEFAULT = new ConfirmationPolicy(Defaults.FAILURES_BEFORE_ALERT,
            Defaults.SUCCESSES_BEFORE_RECOVERY, Defaults.SLOW_BEFORE_DEGRADED, null, Defaults.MAX_REMINDERS);

    public ConfirmationPolicy {
        if (failuresBeforeAlert < 1 || successesBeforeRecovery < 1 || slowBeforeDegraded < 1 || maxReminders < 0) {
            throw new IllegalArgumentException("counts must be positive: " + failuresBeforeAlert + ", "
                    + successesBeforeRecovery + ", " + slowBeforeDegraded + ", " + maxReminders);
        }
    }
}

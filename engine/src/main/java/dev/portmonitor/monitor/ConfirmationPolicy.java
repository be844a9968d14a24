package dev.portmonitor.monitor;

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

    /**
     * What a monitor gets when neither its defaults: block nor the monitor says otherwise: the one
     * place these numbers are written (the configuration's binder derives its built-in settings
     * from it; docs/configuration.md tells users the same).
     */
    public static final ConfirmationPolicy DEFAULT = new ConfirmationPolicy(2, 1, 3, null, 3);

    public ConfirmationPolicy {
        if (failuresBeforeAlert < 1 || successesBeforeRecovery < 1 || slowBeforeDegraded < 1 || maxReminders < 0) {
            throw new IllegalArgumentException("counts must be positive: " + failuresBeforeAlert + ", "
                    + successesBeforeRecovery + ", " + slowBeforeDegraded + ", " + maxReminders);
        }
    }
}

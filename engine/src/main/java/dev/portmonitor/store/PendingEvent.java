package dev.portmonitor.store;

import dev.portmonitor.monitor.MonitorEvent;
import java.io.Serializable;
import java.util.List;

/**
 * An event not yet delivered on every channel: kept in its monitor's record, and so in the
 * cluster with a backup, until each channel has delivered it or given up. A member that dies
 * between the transition and the delivery leaves it here for the monitor's next owner.
 *
 * @param channels the channels still to deliver it
 * @param claimant the UUID of the member that raised it and is delivering it; while that member
 *     lives, no other sends it (null when unknown, as in files from before the field)
 */
public record PendingEvent(MonitorEvent event, List<String> channels, String claimant) implements Serializable {

    public PendingEvent {
        channels = List.copyOf(channels);
    }
}

package dev.portmonitor.history;

import dev.portmonitor.monitor.EventType;
import dev.portmonitor.monitor.MonitorEvent;
import dev.portmonitor.monitor.MonitorStatus;

/**
 * When an incident begins and ends, from the state machine's events: a DOWN opens one at the first
 * failed check of its streak; a RECOVERED from DOWN closes it when the outage ended (its start plus
 * its downtime). DEGRADED and its recovery, and REMINDER, are not incidents.
 */
public final class IncidentRule {

    private IncidentRule() {
    }

    /** Applies an event (or none) to a monitor's incidents. */
    public static void apply(MonitorEvent event, History history) {
        if (event == null) {
            return;
        }
        if (event.type() == EventType.DOWN) {
            history.openIncident(event.since(), event.at(), event.outcome() == null ? null : event.outcome().name(),
                    event.cause(), event.id());
        } else if (event.type() == EventType.RECOVERED && event.previous() == MonitorStatus.DOWN) {
            history.closeIncident(event.since().plus(event.downtime()));
        }
    }
}

package dev.portmonitor.notify;

import dev.portmonitor.monitor.MonitorEvent;

/** Delivers events to one channel. Called from that channel's own thread, never from probing. */
@FunctionalInterface
public interface Notifier {

    /** Delivers one event, or throws with the reason it could not be delivered. */
    void deliver(MonitorEvent event) throws Exception;

    /**
     * Delivers several events as one message: what a channel gets during a storm of state changes.
     * Every channel type overrides this; the default sends them one by one.
     */
    default void deliverGroup(java.util.List<MonitorEvent> events) throws Exception {
        for (MonitorEvent event : events) {
            deliver(event);
        }
    }

    /** Sends a report (the monthly review) as this channel can show it. */
    default void deliverReport(Report report) throws Exception {
        throw DeliveryException.permanent("this channel cannot send reports");
    }
}

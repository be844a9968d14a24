package dev.portmonitor.notify;

import dev.portmonitor.monitor.MonitorEvent;

/** Delivers events to one channel. Called from that channel's own thread, never from probing. */
public interface Notifier {

    /** Delivers one event, or throws with the reason it could not be delivered. */
    void deliver(MonitorEvent event) throws Exception;
}

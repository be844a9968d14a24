package dev.portmonitor.store;

import dev.portmonitor.history.History;
import dev.portmonitor.monitor.MonitorState;
import java.io.Serializable;

/**
 * Everything kept about one monitor: its confirmed state and its history. One Hazelcast entry, so
 * that a check changes both in one atomic step on the entry's owner.
 */
public final class MonitorRecord implements Serializable {

    private static final long serialVersionUID = 1L;

    private MonitorState state;
    private final History history;

    public MonitorRecord(MonitorState state, History history) {
        this.state = state;
        this.history = history;
    }

    public MonitorState state() {
        return state;
    }

    void state(MonitorState next) {
        this.state = next;
    }

    public History history() {
        return history;
    }
}

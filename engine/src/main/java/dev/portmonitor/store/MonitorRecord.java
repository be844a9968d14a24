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
    /** Events not yet delivered on every channel, oldest first (see PendingEvent). */
    private java.util.ArrayList<PendingEvent> outbox = new java.util.ArrayList<>();
    /** The outbox's size, as a field a Hazelcast query can read. */
    private int pendingDeliveries;

    public MonitorRecord(MonitorState state, History history) {
        this(state, history, java.util.List.of());
    }

    /** A record with events still to deliver (read back from a state file). */
    public MonitorRecord(MonitorState state, History history, java.util.List<PendingEvent> outbox) {
        this.state = state;
        this.history = history;
        this.outbox = new java.util.ArrayList<>(outbox);
        this.pendingDeliveries = this.outbox.size();
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

    /** Events still to deliver, oldest first. */
    public java.util.List<PendingEvent> outbox() {
        return outbox == null ? java.util.List.of() : java.util.List.copyOf(outbox);
    }

    public int getPendingDeliveries() {
        return pendingDeliveries;
    }

    void addPending(PendingEvent pending) {
        if (outbox == null) {
            outbox = new java.util.ArrayList<>();
        }
        outbox.add(pending);
        pendingDeliveries = outbox.size();
    }

    /** The channel is done with the event (delivered, or given up); returns whether it was pending. */
    boolean settle(String eventId, String channel) {
        if (outbox == null) {
            return false;
        }
        for (int i = 0; i < outbox.size(); i++) {
            PendingEvent pending = outbox.get(i);
            if (pending.event().id().equals(eventId) && pending.channels().contains(channel)) {
                java.util.List<String> left = new java.util.ArrayList<>(pending.channels());
                left.remove(channel);
                if (left.isEmpty()) {
                    outbox.remove(i);
                } else {
                    outbox.set(i, new PendingEvent(pending.event(), left, pending.claimant()));
                }
                pendingDeliveries = outbox.size();
                return true;
            }
        }
        return false;
    }
}

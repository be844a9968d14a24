package dev.portmonitor.notify;

import dev.portmonitor.config.StormControl;
import dev.portmonitor.monitor.MonitorEvent;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Storm control for one channel. The first events within a window pass one by one; from the
 * {@code events}-th, they are held and released together when the window has passed since the
 * first of them; grouping goes on for one more window after a group, and ends with a quiet window.
 * Used from the channel's own thread only.
 */
public final class StormGate {

    private volatile StormControl control;
    private final ArrayDeque<Instant> passed = new ArrayDeque<>();
    private final List<MonitorEvent> held = new ArrayList<>();
    private Instant heldSince;
    private Instant stormUntil = Instant.MIN;
    private volatile int holding;  // read by the flush timer
    private final java.util.concurrent.atomic.AtomicBoolean flushQueued = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * For the flush timer: true when events are held and no flush is queued yet; then one is
     * considered queued until {@link #due} or {@link #drain} runs. A stuck channel so gets at most
     * one flush in its queue.
     */
    public boolean wantsFlush() {
        return holding > 0 && flushQueued.compareAndSet(false, true);
    }

    public StormGate(StormControl control) {
        this.control = control;
    }

    /** A new setting (null for off) takes effect with the next event; held events stay held. */
    public void control(StormControl next) {
        this.control = next;
    }

    /**
     * True when the event should be sent on its own now; false when it is held for a group. An event
     * of a monitor that has an event held is held too, whatever the window says: a channel never
     * sends a monitor's RECOVERED before the group that holds its DOWN.
     */
    public boolean offer(MonitorEvent event, Instant now) {
        StormControl control = this.control;
        if (holdsEventOf(event.monitorId())) {
            held.add(event);
            holding = held.size();
            return false;
        }
        if (control == null) {
            return true;
        }
        while (!passed.isEmpty() && !passed.peekFirst().isAfter(now.minus(control.window()))) {
            passed.removeFirst();
        }
        if (now.isBefore(stormUntil) || passed.size() >= control.events() - 1) {
            if (held.isEmpty()) {
                heldSince = now;
            }
            held.add(event);
            holding = held.size();
            return false;
        }
        passed.addLast(now);
        return true;
    }

    private boolean holdsEventOf(String monitorId) {
        for (MonitorEvent held : this.held) {
            if (held.monitorId().equals(monitorId)) {
                return true;
            }
        }
        return false;
    }

    /** Every held event at once (at stop), whether its window has passed or not. */
    public List<MonitorEvent> drain() {
        flushQueued.set(false);
        List<MonitorEvent> group = new ArrayList<>(held);
        held.clear();
        heldSince = null;
        holding = 0;
        return group;
    }

    /** The held events, once the window has passed since the first of them; otherwise none. */
    public List<MonitorEvent> due(Instant now) {
        flushQueued.set(false);
        StormControl current = control;
        if (held.isEmpty() || (current != null && now.isBefore(heldSince.plus(current.window())))) {
            return List.of();
        }
        List<MonitorEvent> group = new ArrayList<>(held);
        held.clear();
        heldSince = null;
        holding = 0;
        stormUntil = current == null ? Instant.MIN : now.plus(current.window());
        passed.clear();
        return group;
    }
}

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

    public StormGate(StormControl control) {
        this.control = control;
    }

    /** A new setting (null for off) takes effect with the next event; held events stay held. */
    public void control(StormControl next) {
        this.control = next;
    }

    /** True when the event should be sent on its own now; false when it is held for a group. */
    public boolean offer(MonitorEvent event, Instant now) {
        StormControl control = this.control;
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
            return false;
        }
        passed.addLast(now);
        return true;
    }

    /** Every held event at once (at stop), whether its window has passed or not. */
    public List<MonitorEvent> drain() {
        List<MonitorEvent> group = new ArrayList<>(held);
        held.clear();
        heldSince = null;
        return group;
    }

    /** The held events, once the window has passed since the first of them; otherwise none. */
    public List<MonitorEvent> due(Instant now) {
        StormControl current = control;
        if (held.isEmpty() || (current != null && now.isBefore(heldSince.plus(current.window())))) {
            return List.of();
        }
        List<MonitorEvent> group = new ArrayList<>(held);
        held.clear();
        heldSince = null;
        stormUntil = current == null ? Instant.MIN : now.plus(current.window());
        passed.clear();
        return group;
    }
}

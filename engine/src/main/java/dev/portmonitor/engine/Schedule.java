package dev.portmonitor.engine;

import dev.portmonitor.config.MonitorSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * When each monitor is next due. A new monitor (at a start, or added by a new configuration) is
 * checked once at once, spread over the first {@link #START_SPREAD} by a hash of its id, so that a
 * monitor with a long interval is not unknown until its phase comes; from then on its checks keep
 * one phase within its interval, taken from the same hash, so that monitors with the same interval
 * spread evenly over it instead of all firing at once, and a monitor keeps its phase across restarts
 * and members.
 */
public final class Schedule {

    /** A monitor that is due: its spec and the time it was due, for lateness. */
    public record Due(MonitorSpec spec, long dueNanos) {
    }

    /** How long the first checks of monitors that are new together are spread over. */
    static final long START_SPREAD = 1_000_000_000L;

    /** @param first the monitor's first check, off its phase: the next one goes back to the phase */
    private record Entry(String id, long dueNanos, long generation, boolean first) {
    }

    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> Long.compare(a.dueNanos, b.dueNanos));
    private final Map<String, MonitorSpec> specs = new HashMap<>();
    private final Map<String, Long> generations = new HashMap<>();
    private final long epochNanos; // nanoTime at the wall-clock epoch, so phases are absolute
    private long generation;

    public Schedule(long nowNanos, long nowEpochMillis) {
        this.epochNanos = nowNanos - nowEpochMillis * 1_000_000L;
    }

    /** Adds a monitor, or updates it; a changed interval takes effect from its next phase. */
    public synchronized void put(MonitorSpec spec, long nowNanos) {
        MonitorSpec previous = specs.put(spec.id(), spec);
        if (previous != null && previous.interval().equals(spec.interval()) && previous.enabled() == spec.enabled()) {
            return;
        }
        long mine = ++generation;
        generations.put(spec.id(), mine);
        if (spec.enabled() && previous == null) {
            queue.add(new Entry(spec.id(), nowNanos + offset(spec, Math.min(START_SPREAD, spec.interval().toNanos())),
                    mine, true));
        } else if (spec.enabled()) {
            queue.add(new Entry(spec.id(), firstDue(spec, nowNanos), mine, false));
        }
    }

    public synchronized void remove(String id) {
        specs.remove(id);
        generations.remove(id);
    }

    /** Whether the monitor is scheduled (put and not removed since). */
    public synchronized boolean contains(String id) {
        return specs.containsKey(id);
    }

    public synchronized int size() {
        return specs.size();
    }

    /** Every monitor due at {@code nowNanos}, each rescheduled for its next phase. */
    public synchronized List<Due> due(long nowNanos) {
        List<Due> due = new ArrayList<>();
        while (!queue.isEmpty() && queue.peek().dueNanos <= nowNanos) {
            Entry entry = queue.poll();
            Long current = generations.get(entry.id);
            if (current == null || current != entry.generation) {
                continue; // removed or rescheduled since
            }
            MonitorSpec spec = specs.get(entry.id);
            due.add(new Due(spec, entry.dueNanos));
            long interval = spec.interval().toNanos();
            long next;
            if (entry.first) {
                // Back to the phase, at least half an interval on, so that the first two checks are not a burst.
                next = firstDue(spec, Math.max(entry.dueNanos, nowNanos) + interval / 2);
            } else {
                next = entry.dueNanos + interval;
                if (next <= nowNanos) {
                    // Fell behind (a pause, a suspended machine): skip the missed checks, keep the phase.
                    next += ((nowNanos - next) / interval + 1) * interval;
                }
            }
            queue.add(new Entry(entry.id, next, entry.generation, false));
        }
        return due;
    }

    /** The monitor's place within a span: a hash of its id, the same on every member and after a restart. */
    private static long offset(MonitorSpec spec, long spanNanos) {
        return Math.floorMod((long) spec.id().hashCode() * 2_654_435_761L, spanNanos);
    }

    private long firstDue(MonitorSpec spec, long nowNanos) {
        long interval = spec.interval().toNanos();
        long phase = offset(spec, interval);
        long sinceEpoch = nowNanos - epochNanos;
        long cycleStart = sinceEpoch - Math.floorMod(sinceEpoch, interval);
        long due = cycleStart + phase;
        if (due < sinceEpoch) {
            due += interval;
        }
        return due + epochNanos;
    }
}

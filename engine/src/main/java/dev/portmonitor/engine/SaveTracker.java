package dev.portmonitor.engine;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which monitors' records must be written to the state directory: checked since the last full save,
 * changed (an event, a delivery) since the last quick save, removed since the last save.
 */
public final class SaveTracker {

    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final Set<String> changed = ConcurrentHashMap.newKeySet();
    private final Set<String> removed = ConcurrentHashMap.newKeySet();
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    void added(String monitorId) {
        known.add(monitorId);
        removed.remove(monitorId);
    }

    void removed(String monitorId) {
        known.remove(monitorId);
        dirty.remove(monitorId);
        changed.remove(monitorId);
        removed.add(monitorId);
    }

    void checked(String monitorId) {
        dirty.add(monitorId);
    }

    /** An event or a delivery outcome: its saved outbox is out of date. */
    void changed(String monitorId) {
        changed.add(monitorId);
        dirty.add(monitorId);
    }

    /** Puts a monitor back among those to save (its save failed). */
    public void markDirty(String monitorId) {
        if (known.contains(monitorId)) {
            dirty.add(monitorId);
        }
    }

    /** Monitors removed since the last call: their saved files should be retired. */
    public Set<String> drainRemoved() {
        return drain(removed);
    }

    /** Monitors checked since the last call: the ones whose record should be saved. */
    public Set<String> drainDirty() {
        changed.clear();
        return drain(dirty);
    }

    /** Monitors that had an event since the last call (or the last {@link #drainDirty()}): saved first. */
    public Set<String> drainChanged() {
        return drain(changed);
    }

    private static Set<String> drain(Set<String> ids) {
        Set<String> drained = new HashSet<>();
        for (String id : ids) {
            if (ids.remove(id)) {
                drained.add(id);
            }
        }
        return drained;
    }
}

package dev.portmonitor.engine;

import dev.portmonitor.store.MonitorRecord;
import dev.portmonitor.store.MonitorStore;
import dev.portmonitor.store.PersistenceHealth;
import dev.portmonitor.store.StateFiles;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves monitor records to the state directory: the monitors that changed state (had an event)
 * soon, every monitor checked since the last full save less often (each save of 10,000 monitors
 * writes and forces 10,000 files), and everything once more at shutdown. Restores them before the
 * engine starts.
 */
public final class StateSaver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StateSaver.class);

    private final SaveTracker saves;
    private final MonitorMetrics metrics;
    private final PersistenceHealth health = new PersistenceHealth();
    private final java.util.Map<String, Object> locks = new java.util.concurrent.ConcurrentHashMap<>();
    private final MonitorStore store;
    private final StateFiles files;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "pm-state-saver");
        thread.setDaemon(true);
        return thread;
    });

    public StateSaver(SaveTracker saves, MonitorStore store, StateFiles files) {
        this(saves, store, files, new MonitorMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
    }

    public StateSaver(SaveTracker saves, MonitorStore store, StateFiles files, MonitorMetrics metrics) {
        this.saves = saves;
        this.metrics = metrics;
        this.store = store;
        this.files = files;
    }

    /** Puts the saved records of these monitors into the store; returns the problems met. */
    public static List<String> restore(StateFiles files, MonitorStore store, List<String> monitorIds) {
        StateFiles.Loaded loaded = files.load(monitorIds);
        loaded.records().forEach(store::restore);
        loaded.problems().forEach(problem -> LOG.warn(problem));
        return loaded.problems();
    }

    /**
     * @param changes how often monitors that had an event are saved
     * @param everything how often every monitor checked since the last full save is saved
     */
    public void start(Duration changes, Duration everything) {
        timer.scheduleWithFixedDelay(() -> quietly(() -> save(saves.drainChanged())), changes.toMillis(), changes.toMillis(),
                TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> quietly(this::save), everything.toMillis(), everything.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private static void quietly(Runnable save) {
        try {
            save.run();
        } catch (RuntimeException e) {
            LOG.warn("saving monitor state failed: {}", e.toString());
        }
    }

    /** Saves every monitor checked since the last full save; returns how many were saved. */
    public synchronized int save() {
        return save(saves.drainDirty());
    }

    private synchronized int save(Set<String> dirty) {
        for (String id : saves.drainRemoved()) {
            locks.remove(id);
            try {
                files.retire(id);
            } catch (IOException e) {
                LOG.warn("could not retire the state file of removed monitor {}: {}", id, e.toString());
            }
        }
        int saved = 0;
        int failed = 0;
        String firstFailure = null;
        for (String id : dirty) {
            try {
                if (saveOne(id)) {
                    saved++;
                }
            } catch (IOException e) {
                saves.markDirty(id);
                failed++;
                if (firstFailure == null) {
                    firstFailure = failure(id, e);
                }
            }
        }
        if (failed > 0) {
            // One line a pass, not one a monitor: a full disk fails them all.
            String error = failed == 1 ? firstFailure : firstFailure + " (and " + (failed - 1) + " more monitors)";
            health.failed(error, Instant.now());
            metrics.saveFailed(failed);
            LOG.warn("{}; they are kept and tried again at the next save", error);
        } else if (saved > 0) {
            health.succeeded(Instant.now());
        }
        return saved;
    }

    /**
     * Reads a monitor's record and writes it, under the monitor's own lock, so that of two saves of
     * one monitor (the periodic one, and {@link #saveNow} for a new event) the later write is always
     * of the later read: a newer outbox is never overwritten by an older one.
     *
     * @return false when the monitor has no record (it was removed)
     */
    private boolean saveOne(String monitorId) throws IOException {
        synchronized (locks.computeIfAbsent(monitorId, id -> new Object())) {
            MonitorRecord record = store.get(monitorId);
            if (record == null) {
                return false;
            }
            files.save(monitorId, record);
            return true;
        }
    }

    /**
     * Writes a monitor's record now, before its new event is delivered: an event is on disk (or, in a
     * cluster, in its backup as well) before anyone is told, so a crash right after cannot lose it.
     * A failure is recorded in the health and the monitor saved again at the next pass; the event is
     * delivered regardless, since telling people matters more than the file.
     */
    public void saveNow(String monitorId) {
        try {
            if (saveOne(monitorId)) {
                health.succeeded(Instant.now());
            }
        } catch (IOException e) {
            saves.markDirty(monitorId);
            String error = failure(monitorId, e);
            health.failed(error, Instant.now());
            metrics.saveFailed(1);
            LOG.warn("{}; its new event is delivered anyway", error);
        }
    }

    private String failure(String monitorId, IOException e) {
        return "could not save the state of " + monitorId + " in " + files.file(monitorId).getParent() + ": "
                + StateFiles.describe(e);
    }

    /** Whether the state directory takes this member's saves. */
    public PersistenceHealth health() {
        return health;
    }

    /**
     * Stops the timer, lets a save under way finish, and saves what is left.
     *
     * @throws IllegalStateException when the last save failed: state and history are not on disk
     */
    @Override
    public void close() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("a periodic save did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        save();
        PersistenceHealth.Snapshot last = health.snapshot();
        if (!last.ok()) {
            throw new IllegalStateException(last.lastError());
        }
    }
}

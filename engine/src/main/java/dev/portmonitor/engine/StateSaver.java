package dev.portmonitor.engine;

import dev.portmonitor.store.MonitorRecord;
import dev.portmonitor.store.MonitorStore;
import dev.portmonitor.store.StateFiles;
import java.io.IOException;
import java.time.Duration;
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
    private final MonitorStore store;
    private final StateFiles files;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "pm-state-saver");
        thread.setDaemon(true);
        return thread;
    });

    public StateSaver(SaveTracker saves, MonitorStore store, StateFiles files) {
        this.saves = saves;
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
            try {
                files.retire(id);
            } catch (IOException e) {
                LOG.warn("could not retire the state file of removed monitor {}: {}", id, e.toString());
            }
        }
        int saved = 0;
        for (String id : dirty) {
            MonitorRecord record = store.get(id);
            if (record == null) {
                continue;
            }
            try {
                files.save(id, record);
                saved++;
            } catch (IOException e) {
                saves.markDirty(id);
                LOG.warn("could not save the state of {}: {}", id, e.toString());
            }
        }
        return saved;
    }

    /** Stops the timer, lets a save under way finish, and saves what is left. */
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
    }
}

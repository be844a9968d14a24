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
 * Saves the records of monitors that were checked since the last save, every so often and once more
 * at shutdown; restores them before the engine starts.
 */
public final class StateSaver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StateSaver.class);

    private final MonitorEngine engine;
    private final MonitorStore store;
    private final StateFiles files;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "pm-state-saver");
        thread.setDaemon(true);
        return thread;
    });

    public StateSaver(MonitorEngine engine, MonitorStore store, StateFiles files) {
        this.engine = engine;
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

    public void start(Duration every) {
        timer.scheduleWithFixedDelay(this::saveQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void saveQuietly() {
        try {
            save();
        } catch (RuntimeException e) {
            LOG.warn("saving monitor state failed: {}", e.toString());
        }
    }

    /** Saves every monitor checked since the last save; returns how many were saved. */
    public synchronized int save() {
        Set<String> dirty = engine.drainDirty();
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
                LOG.warn("could not save the state of {}: {}", id, e.toString());
            }
        }
        return saved;
    }

    /** Stops the timer and saves what is left. */
    @Override
    public void close() {
        timer.shutdownNow();
        save();
    }
}

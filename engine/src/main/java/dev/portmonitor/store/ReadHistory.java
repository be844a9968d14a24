package dev.portmonitor.store;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import dev.portmonitor.history.History;
import java.io.Serializable;
import java.util.Map;

/** Applies a function to a monitor's history on the member that owns it, and returns only its result. */
public final class ReadHistory<R> implements EntryProcessor<String, MonitorRecord, R>, ReadOnly {

    private static final long serialVersionUID = 1L;

    /** What to compute from one history; sent to the owners, so it must be serializable. */
    public interface HistoryFunction<R> extends Serializable {
        R apply(String monitorId, History history);
    }

    private final HistoryFunction<R> function;

    ReadHistory(HistoryFunction<R> function) {
        this.function = function;
    }

    @Override
    public R process(Map.Entry<String, MonitorRecord> entry) {
        MonitorRecord record = entry.getValue();
        return record == null ? null : function.apply(entry.getKey(), record.history());
    }

    @Override
    public EntryProcessor<String, MonitorRecord, R> getBackupProcessor() {
        return null;
    }
}

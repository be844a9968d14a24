package dev.portmonitor.store;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import java.util.List;
import java.util.Map;

/** Reads a monitor's pending events on its owner, without copying its history. */
final class ReadPending implements EntryProcessor<String, MonitorRecord, List<PendingEvent>>, ReadOnly {

    private static final long serialVersionUID = 1L;

    @Override
    public List<PendingEvent> process(Map.Entry<String, MonitorRecord> entry) {
        MonitorRecord record = entry.getValue();
        return record == null ? List.of() : record.outbox();
    }

    @Override
    public EntryProcessor<String, MonitorRecord, List<PendingEvent>> getBackupProcessor() {
        return null; // reads only
    }
}

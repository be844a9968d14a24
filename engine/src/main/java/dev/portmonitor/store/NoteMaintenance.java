package dev.portmonitor.store;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/** Marks the incident a DOWN event opened as fallen in a maintenance window, on the record's owner. */
final class NoteMaintenance implements EntryProcessor<String, MonitorRecord, Boolean> {

    private static final long serialVersionUID = 1L;

    private final String eventId;
    private final String window;

    NoteMaintenance(String eventId, String window) {
        this.eventId = eventId;
        this.window = window;
    }

    @Override
    public Boolean process(Map.Entry<String, MonitorRecord> entry) {
        MonitorRecord record = entry.getValue();
        if (record == null || !record.history().inMaintenance(eventId, window)) {
            return false;
        }
        entry.setValue(record);
        return true;
    }
}

package dev.portmonitor.store;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The starts of a monitor's incidents since a time, read on the record's owner. */
final class ReadIncidentStarts implements EntryProcessor<String, MonitorRecord, List<Instant>>, ReadOnly {

    private static final long serialVersionUID = 1L;

    private final Instant since;

    ReadIncidentStarts(Instant since) {
        this.since = since;
    }

    @Override
    public List<Instant> process(Map.Entry<String, MonitorRecord> entry) {
        MonitorRecord record = entry.getValue();
        return record == null ? null : record.history().incidentStartsSince(since);
    }

    @Override
    public EntryProcessor<String, MonitorRecord, List<Instant>> getBackupProcessor() {
        return null;
    }
}

package dev.portmonitor.store;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import dev.portmonitor.history.BucketSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Cuts a chart's range out of a monitor's history on the member that owns the record; changes nothing. */
final class ReadSeries implements EntryProcessor<String, MonitorRecord, BucketSeries.Slice>, ReadOnly {

    private static final long serialVersionUID = 1L;

    private final Instant now;
    private final Duration range;

    ReadSeries(Instant now, Duration range) {
        this.now = now;
        this.range = range;
    }

    @Override
    public BucketSeries.Slice process(Map.Entry<String, MonitorRecord> entry) {
        MonitorRecord record = entry.getValue();
        return record == null ? null : record.history().slice(now, range);
    }

    @Override
    public EntryProcessor<String, MonitorRecord, BucketSeries.Slice> getBackupProcessor() {
        return null; // read-only: nothing to repeat on a backup
    }
}

package dev.portmonitor.store;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import dev.portmonitor.history.History;
import dev.portmonitor.history.Sparkline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a {@link MonitorSummary} on the member that owns the record; changes nothing. */
final class Summarize implements EntryProcessor<String, MonitorRecord, MonitorSummary>, ReadOnly {

    private static final long serialVersionUID = 1L;
    private static final int RECENT_ITEMS = 10;

    private final Instant now;
    private final java.time.ZoneId zone;

    Summarize(Instant now, java.time.ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    @Override
    public MonitorSummary process(Map.Entry<String, MonitorRecord> entry) {
        MonitorRecord record = entry.getValue();
        if (record == null) {
            return null;
        }
        History history = record.history();
        Map<String, Double> availability = new LinkedHashMap<>();
        History.AVAILABILITY_WINDOWS.forEach((name, window) -> availability.put(name, history.availability(now, window)));
        return new MonitorSummary(record.state(), availability, newest(history.incidents()), newest(history.deliveries()),
                Sparkline.of(history.hours(), now.getEpochSecond()), history.patterns(zone, now));
    }

    @Override
    public EntryProcessor<String, MonitorRecord, MonitorSummary> getBackupProcessor() {
        return null; // read-only: nothing to repeat on a backup
    }

    private static <T> List<T> newest(List<T> items) {
        List<T> copy = new ArrayList<>(items.subList(Math.max(0, items.size() - RECENT_ITEMS), items.size()));
        Collections.reverse(copy);
        return copy;
    }
}

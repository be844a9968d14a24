package dev.portmonitor.store;

import com.hazelcast.map.EntryProcessor;
import dev.portmonitor.monitor.CheckResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Puts a record read from a state file unless the monitor already has one with a later check: a
 * member joining a running cluster never rolls its monitors back, and when a whole cluster
 * restarts, the freshest files win whichever member starts first.
 */
final class RestoreIfNewer implements EntryProcessor<String, MonitorRecord, Boolean> {

    private static final long serialVersionUID = 1L;

    private final MonitorRecord restored;

    RestoreIfNewer(MonitorRecord restored) {
        this.restored = restored;
    }

    @Override
    public Boolean process(Map.Entry<String, MonitorRecord> entry) {
        MonitorRecord current = entry.getValue();
        if (current != null && !lastCheck(restored).isAfter(lastCheck(current))) {
            return false;
        }
        entry.setValue(restored);
        return true;
    }

    static Instant lastCheck(MonitorRecord record) {
        List<CheckResult> recent = record.history().recent();
        return recent.isEmpty() ? Instant.MIN : recent.get(recent.size() - 1).at();
    }
}

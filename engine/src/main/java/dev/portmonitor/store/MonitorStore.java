package dev.portmonitor.store;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import dev.portmonitor.cluster.ClusterMember;
import dev.portmonitor.cluster.MemberSettings;
import dev.portmonitor.history.BucketSeries;
import dev.portmonitor.history.DeliveryRecord;
import dev.portmonitor.history.History;
import dev.portmonitor.monitor.CheckResult;
import dev.portmonitor.monitor.ConfirmationPolicy;
import dev.portmonitor.monitor.MonitorState;
import dev.portmonitor.monitor.StateMachine.Step;
import dev.portmonitor.monitor.StateMachine.Subject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Monitor state and history in a Hazelcast map of the embedded member. Every change goes through an
 * entry processor on the member that owns the monitor's key, and every read a page makes is computed
 * there too, so adding members later changes nothing here.
 */
public final class MonitorStore implements AutoCloseable {

    static final String MONITORS = "pm-monitors";

    private final ClusterMember member;
    private final boolean ownsMember;
    private final IMap<String, MonitorRecord> monitors;
    private volatile Duration keepIncidents = dev.portmonitor.history.History.KEEP_INCIDENTS;

    private MonitorStore(ClusterMember member, boolean ownsMember) {
        this.member = member;
        this.ownsMember = ownsMember;
        this.monitors = member.hazelcast().getMap(MONITORS);
    }

    /** The store over a member started with {@link #configure}; closing the store leaves the member running. */
    public static MonitorStore over(ClusterMember member) {
        return new MonitorStore(member, false);
    }

    /** Starts a member of its own for the store; closing the store stops it. */
    public static MonitorStore start(MemberSettings settings) {
        return new MonitorStore(ClusterMember.start(settings, MonitorStore::configure), true);
    }

    /** What the store needs of the member's configuration: its map and its serializers. */
    public static void configure(Config config) {
        config.getSerializationConfig().addDataSerializableFactory(StoreSerialization.FACTORY_ID, new StoreSerialization());
        // Entry processors work on the stored objects: no copy per check.
        // (No index on pendingDeliveries: keeping one up to date on every check cost more than the
        // outbox scan it would speed up; docs/benchmarks.md.)
        config.getMapConfig(MONITORS).setInMemoryFormat(InMemoryFormat.OBJECT).setBackupCount(1);
    }

    /** How long an incident is kept after it ended ({@code history.keepIncidents}); applies from the next check. */
    public void keepIncidents(Duration keep) {
        this.keepIncidents = keep;
    }

    /** The member the records live in. */
    public ClusterMember member() {
        return member;
    }

    /** Creates a new monitor's record, unless it has one (restored from disk, or kept by the cluster). */
    public void ensure(String monitorId, Instant now) {
        monitors.putIfAbsent(monitorId, new MonitorRecord(MonitorState.initial(now), new History()));
    }

    /**
     * Applies one check to a monitor, atomically on its owner; returns the state machine's step, or
     * null when the monitor has no record (it was removed).
     */
    public Step record(String monitorId, CheckResult check, ConfirmationPolicy policy, Subject subject) {
        return record(monitorId, check, policy, subject, List.of());
    }

    /**
     * Applies one check, and keeps an event it raises as pending on these channels until each has
     * delivered it or given up ({@link #recordDelivery}).
     */
    public Step record(String monitorId, CheckResult check, ConfirmationPolicy policy, Subject subject,
                       List<String> channels) {
        return monitors.executeOnKey(monitorId,
                new RecordCheck(check, policy, subject, channels, member.localUuid()).keepingIncidents(keepIncidents));
    }

    /** The monitors this member owns that have events still to deliver. */
    public Set<String> localWithPending() {
        return monitors.localKeySet(Predicates.greaterThan("pendingDeliveries", 0));
    }

    /** The pending events of these monitors, read on their owners. */
    public Map<String, List<PendingEvent>> pending(Set<String> monitorIds) {
        return monitors.executeOnKeys(monitorIds, new ReadPending());
    }

    /** One monitor's pending events, oldest first, read on its owner; empty without a record. */
    public List<PendingEvent> pending(String monitorId) {
        return monitors.executeOnKey(monitorId, new ReadPending());
    }

    /** Keeps what became of an event on a channel in the monitor's history. */
    public void recordDelivery(String monitorId, DeliveryRecord delivery) {
        monitors.executeOnKey(monitorId, new RecordDelivery(delivery));
    }

    /** Marks the incident that this DOWN event opened as fallen in a maintenance window. */
    public void noteMaintenance(String monitorId, String eventId, String window) {
        monitors.executeOnKey(monitorId, new NoteMaintenance(eventId, window));
    }

    /**
     * Computes something from each of these monitors' histories on the member that owns it (the
     * monthly review's figures): only the results travel.
     */
    public <R> Map<String, R> computeOnOwners(Set<String> monitorIds, ReadHistory.HistoryFunction<R> function) {
        return monitors.executeOnKeys(monitorIds, new ReadHistory<>(function));
    }

    /** Each monitor's incident starts since {@code since}, oldest first, read on the owners. */
    public Map<String, List<Instant>> incidentStarts(Set<String> monitorIds, Instant since) {
        return monitors.executeOnKeys(monitorIds, new ReadIncidentStarts(since));
    }

    /** The status-page view of each monitor that has a record, computed on its owner. */
    public Map<String, MonitorSummary> summaries(Set<String> monitorIds, Instant now) {
        return summaries(monitorIds, now, java.time.ZoneId.systemDefault());
    }

    /** The same, with recurring patterns found in this time zone. */
    public Map<String, MonitorSummary> summaries(Set<String> monitorIds, Instant now, java.time.ZoneId zone) {
        return monitors.executeOnKeys(monitorIds, new Summarize(now, zone));
    }

    /**
     * The buckets of a monitor's history over the last {@code range} (per minute up to 48 hours, per
     * hour beyond), cut on its owner: a chart never copies the whole history. Null without a record.
     */
    public BucketSeries.Slice series(String monitorId, Instant now, Duration range) {
        return monitors.executeOnKey(monitorId, new ReadSeries(now, range));
    }

    /** The whole record, for saving it to disk. */
    public MonitorRecord get(String monitorId) {
        return monitors.get(monitorId);
    }

    public Map<String, MonitorRecord> getAll(Set<String> monitorIds) {
        return monitors.getAll(monitorIds);
    }

    /**
     * Puts a record read back from disk, unless the monitor has a more recent one: one kept by a
     * running cluster, or restored by a member whose files are newer (the whole cluster restarting).
     */
    public void restore(String monitorId, MonitorRecord record) {
        monitors.executeOnKey(monitorId, new RestoreIfNewer(record));
    }

    public void remove(String monitorId) {
        member.forget(monitorId);
        monitors.delete(monitorId);
    }

    @Override
    public void close() {
        if (ownsMember) {
            member.close();
        }
    }
}

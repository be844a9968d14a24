package dev.portmonitor.store;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.Partition;
import com.hazelcast.query.Predicates;
import dev.portmonitor.monitor.ConfirmationPolicy;
import dev.portmonitor.history.DeliveryRecord;
import dev.portmonitor.monitor.CheckResult;
import dev.portmonitor.monitor.StateMachine.Step;
import dev.portmonitor.monitor.StateMachine.Subject;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Monitor state and history in a Hazelcast map of an embedded member. Every change goes through an
 * entry processor on the member that owns the monitor's key, so adding members later changes
 * nothing here.
 */
public final class MonitorStore implements AutoCloseable {

    static final String MONITORS = "pm-monitors";
    public static final int HEARTBEAT_SECONDS = 1;
    public static final int MAX_NO_HEARTBEAT_SECONDS = 5;

    private final HazelcastInstance hazelcast;
    private final IMap<String, MonitorRecord> monitors;

    private final String clusterName;
    private final Map<String, Partition> partitions = new java.util.concurrent.ConcurrentHashMap<>();

    private MonitorStore(HazelcastInstance hazelcast, String clusterName) {
        this.hazelcast = hazelcast;
        this.clusterName = clusterName;
        this.monitors = hazelcast.getMap(MONITORS);
    }

    public static MonitorStore start(StoreSettings settings) {
        return new MonitorStore(Hazelcast.newHazelcastInstance(config(settings)), settings.clusterName());
    }

    static Config config(StoreSettings settings) {
        Config config = new Config();
        if (settings.classLoader() != null) {
            config.setClassLoader(settings.classLoader());
        }
        config.setClusterName(settings.effectiveClusterName());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        // A member that stops answering is dropped after 5 s (Hazelcast's default is 60 s), so that its
        // monitors are probed again within seconds; members on one network answer well within that.
        config.setProperty("hazelcast.heartbeat.interval.seconds", String.valueOf(HEARTBEAT_SECONDS));
        config.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(MAX_NO_HEARTBEAT_SECONDS));
        // Join the configured members quickly rather than waiting Hazelcast's default 5 to 20 s.
        config.setProperty("hazelcast.wait.seconds.before.join", "1");
        config.setProperty("hazelcast.max.wait.seconds.before.join", "3");
        config.getJetConfig().setEnabled(false);
        config.getSerializationConfig().addDataSerializableFactory(StoreSerialization.FACTORY_ID, new StoreSerialization());
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.port()).setPortAutoIncrement(true).setPortCount(100);
        network.getInterfaces().setEnabled(true).addInterface(settings.bindAddress());
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(!settings.members().isEmpty()).setMembers(settings.members());
        // Entry processors work on the stored objects: no copy per check.
        // (No index on pendingDeliveries: keeping one up to date on every check cost more than the
        // outbox scan it would speed up; docs/benchmarks.md.)
        config.getMapConfig(MONITORS).setInMemoryFormat(InMemoryFormat.OBJECT).setBackupCount(1);
        return config;
    }

    /** Creates a new monitor's record, unless it has one (restored from disk, or kept by the cluster). */
    public void ensure(String monitorId, java.time.Instant now) {
        monitors.putIfAbsent(monitorId, new MonitorRecord(dev.portmonitor.monitor.MonitorState.initial(now),
                new dev.portmonitor.history.History()));
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
        return monitors.executeOnKey(monitorId, new RecordCheck(check, policy, subject, channels, localUuid()));
    }

    /** The monitors this member owns that have events still to deliver. */
    public Set<String> localWithPending() {
        return monitors.localKeySet(Predicates.greaterThan("pendingDeliveries", 0));
    }

    /** The pending events of these monitors, read on their owners. */
    public Map<String, List<PendingEvent>> pending(Set<String> monitorIds) {
        return monitors.executeOnKeys(monitorIds, new ReadPending());
    }

    /** Keeps what became of an event on a channel in the monitor's history. */
    public void recordDelivery(String monitorId, DeliveryRecord delivery) {
        monitors.executeOnKey(monitorId, new RecordDelivery(delivery));
    }

    /** The status-page view of each monitor that has a record, computed on its owner. */
    public Map<String, MonitorSummary> summaries(Set<String> monitorIds, java.time.Instant now) {
        return monitors.executeOnKeys(monitorIds, new Summarize(now));
    }

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

    /**
     * Whether this member owns the monitor's key, and so probes it: each monitor is probed by one
     * member at a time, the owner of its key's partition, which moves when members come and go.
     */
    public boolean ownsLocally(String monitorId) {
        Member owner = partition(monitorId).getOwner();
        return owner != null && owner.localMember();
    }

    /** The address of the member that owns (and probes) the monitor, or null while it is assigned. */
    public String ownerOf(String monitorId) {
        Member owner = partition(monitorId).getOwner();
        return owner == null ? null : address(owner);
    }

    /**
     * The monitor's partition. Partition objects are live views (their owner changes as partitions
     * move), so each monitor's is looked up once: finding it serializes and hashes the key, which
     * at 1,000 checks a second is worth saving.
     */
    private Partition partition(String monitorId) {
        Partition partition = partitions.get(monitorId);
        if (partition == null) {
            partition = hazelcast.getPartitionService().getPartition(monitorId);
            partitions.put(monitorId, partition);
        }
        return partition;
    }

    /** A member of the cluster, as a status page shows it. */
    public record MemberView(String address, String uuid, boolean local) {
    }

    /** The members, oldest first. */
    public List<MemberView> members() {
        return hazelcast.getCluster().getMembers().stream()
                .map(m -> new MemberView(address(m), m.getUuid().toString(), m.localMember())).toList();
    }

    public String localUuid() {
        return hazelcast.getCluster().getLocalMember().getUuid().toString();
    }

    /** The UUIDs of the members alive now. */
    public Set<String> liveMembers() {
        Set<String> uuids = new java.util.HashSet<>();
        hazelcast.getCluster().getMembers().forEach(m -> uuids.add(m.getUuid().toString()));
        return uuids;
    }

    public String localAddress() {
        return address(hazelcast.getCluster().getLocalMember());
    }

    static final String CONFIGS = "pm-configs";

    /** Publishes this member's configuration fingerprint (see ConfigFingerprint). */
    public void publishConfig(Map<String, String> fingerprint) {
        configs().set(hazelcast.getCluster().getLocalMember().getUuid().toString(), new java.util.HashMap<>(fingerprint));
    }

    /** The other live members' published fingerprints, by address. */
    public Map<String, Map<String, String>> otherConfigs() {
        Map<String, Map<String, String>> others = new java.util.LinkedHashMap<>();
        for (Member member : hazelcast.getCluster().getMembers()) {
            if (!member.localMember()) {
                java.util.HashMap<String, String> theirs = configs().get(member.getUuid().toString());
                if (theirs != null) {
                    others.put(address(member), theirs);
                }
            }
        }
        return others;
    }

    /** Called (on a Hazelcast thread) whenever a member publishes its configuration. */
    public void onConfigPublished(Runnable listener) {
        configs().addEntryListener(new ConfigListener(listener), false);
    }

    private static final class ConfigListener implements
            com.hazelcast.map.listener.EntryAddedListener<String, java.util.HashMap<String, String>>,
            com.hazelcast.map.listener.EntryUpdatedListener<String, java.util.HashMap<String, String>> {

        private final Runnable listener;

        ConfigListener(Runnable listener) {
            this.listener = listener;
        }

        @Override
        public void entryAdded(com.hazelcast.core.EntryEvent<String, java.util.HashMap<String, String>> event) {
            listener.run();
        }

        @Override
        public void entryUpdated(com.hazelcast.core.EntryEvent<String, java.util.HashMap<String, String>> event) {
            listener.run();
        }
    }

    private IMap<String, java.util.HashMap<String, String>> configs() {
        return hazelcast.getMap(CONFIGS);
    }

    /** The cluster's name as configured (without the join secret's suffix). */
    public String clusterName() {
        return clusterName;
    }

    /** Called with the address of every member that joins or leaves (on a Hazelcast thread). */
    public void onMembershipChange(java.util.function.Consumer<String> listener) {
        hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                listener.accept(address(event.getMember()));
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                listener.accept(address(event.getMember()));
            }
        });
    }

    private static String address(Member member) {
        return member.getAddress().getHost() + ":" + member.getAddress().getPort();
    }

    public void remove(String monitorId) {
        partitions.remove(monitorId);
        monitors.delete(monitorId);
    }

    @Override
    public void close() {
        hazelcast.shutdown();
    }
}

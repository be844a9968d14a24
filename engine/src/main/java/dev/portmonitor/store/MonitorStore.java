package dev.portmonitor.store;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.portmonitor.config.ConfirmationPolicy;
import dev.portmonitor.history.DeliveryRecord;
import dev.portmonitor.monitor.CheckResult;
import dev.portmonitor.monitor.StateMachine.Step;
import dev.portmonitor.monitor.StateMachine.Subject;
import java.util.Map;
import java.util.Set;

/**
 * Monitor state and history in a Hazelcast map of an embedded member. Every change goes through an
 * entry processor on the member that owns the monitor's key, so adding members later changes
 * nothing here.
 */
public final class MonitorStore implements AutoCloseable {

    static final String MONITORS = "pm-monitors";

    private final HazelcastInstance hazelcast;
    private final IMap<String, MonitorRecord> monitors;

    private MonitorStore(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
        this.monitors = hazelcast.getMap(MONITORS);
    }

    public static MonitorStore start(StoreSettings settings) {
        return new MonitorStore(Hazelcast.newHazelcastInstance(config(settings)));
    }

    static Config config(StoreSettings settings) {
        Config config = new Config();
        if (settings.classLoader() != null) {
            config.setClassLoader(settings.classLoader());
        }
        config.setClusterName(settings.clusterName());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
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
        return monitors.executeOnKey(monitorId, new RecordCheck(check, policy, subject));
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

    /** Puts a record read back from disk, unless the monitor already has one. */
    public void restore(String monitorId, MonitorRecord record) {
        monitors.putIfAbsent(monitorId, record);
    }

    public void remove(String monitorId) {
        monitors.delete(monitorId);
    }

    @Override
    public void close() {
        hazelcast.shutdown();
    }
}

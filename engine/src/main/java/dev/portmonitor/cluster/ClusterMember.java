package dev.portmonitor.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * This process's embedded Hazelcast member: how it joins (settings), who else is there
 * (membership), and which monitors it owns and so probes (ownership: each monitor is probed by the
 * owner of its key's partition, which moves when members come and go).
 */
public final class ClusterMember implements AutoCloseable {

    public static final int HEARTBEAT_SECONDS = 1;
    public static final int MAX_NO_HEARTBEAT_SECONDS = 5;

    private final HazelcastInstance hazelcast;
    private final String clusterName;
    private final Map<String, Partition> partitions = new ConcurrentHashMap<>();

    private ClusterMember(HazelcastInstance hazelcast, String clusterName) {
        this.hazelcast = hazelcast;
        this.clusterName = clusterName;
    }

    /**
     * Starts the member.
     *
     * @param maps adds what the member's data needs (the monitor store's map and serializers)
     */
    public static ClusterMember start(MemberSettings settings, Consumer<Config> maps) {
        Config config = config(settings);
        maps.accept(config);
        return new ClusterMember(Hazelcast.newHazelcastInstance(config), settings.clusterName());
    }

    /** The member's own settings: exposed to nothing unless told otherwise. */
    public static Config config(MemberSettings settings) {
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
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.port()).setPortAutoIncrement(true).setPortCount(100);
        network.getInterfaces().setEnabled(true).addInterface(settings.bindAddress());
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(!settings.members().isEmpty()).setMembers(settings.members());
        return config;
    }

    /** The Hazelcast instance, for the data structures kept in it. */
    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    // --- ownership ---------------------------------------------------------------------------

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

    /** Forgets a removed monitor's partition. */
    public void forget(String monitorId) {
        partitions.remove(monitorId);
    }

    // --- membership --------------------------------------------------------------------------

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
        Set<String> uuids = new HashSet<>();
        hazelcast.getCluster().getMembers().forEach(m -> uuids.add(m.getUuid().toString()));
        return uuids;
    }

    public String localAddress() {
        return address(hazelcast.getCluster().getLocalMember());
    }

    /** The cluster's name as configured (without the join secret's suffix). */
    public String clusterName() {
        return clusterName;
    }

    /**
     * Tells every member of the cluster, this one too, of a message on a topic: Hazelcast's topic,
     * best effort (not stored, not replayed), for news that a reader can also find by asking again.
     */
    public void broadcast(String topic, String message) {
        hazelcast.<String>getTopic(topic).publish(message);
    }

    /** Hears every message {@link #broadcast} on a topic by any member, on a Hazelcast event thread. */
    public void onBroadcast(String topic, Consumer<String> listener) {
        hazelcast.<String>getTopic(topic).addMessageListener(message -> listener.accept(message.getMessageObject()));
    }

    /** Called with the address of every member that joins or leaves (on a Hazelcast thread). */
    public void onMembershipChange(Consumer<String> listener) {
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

    static String address(Member member) {
        return member.getAddress().getHost() + ":" + member.getAddress().getPort();
    }

    @Override
    public void close() {
        hazelcast.shutdown();
    }
}

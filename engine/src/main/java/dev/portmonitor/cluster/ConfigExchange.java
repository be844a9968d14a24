package dev.portmonitor.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.portmonitor.config.PortMonitorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Members compare their configurations: each publishes its {@link ConfigFingerprint}, and compares
 * when it publishes, when another member publishes, and when members come or go (a departed
 * member's configuration no longer counts). Each difference is logged and told to listeners: members
 * must all apply the same configuration, or monitors are probed with different settings depending
 * on their owner.
 */
public final class ConfigExchange implements AutoCloseable {

    static final String CONFIGS = "pm-configs";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigExchange.class);

    private final ClusterMember member;
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "pm-config-check");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Consumer<List<String>>> listeners = new CopyOnWriteArrayList<>();
    private volatile Map<String, String> fingerprint = Map.of();
    private volatile List<String> differences = List.of();

    public ConfigExchange(ClusterMember member) {
        this.member = member;
    }

    /** Starts listening to the other members; call once. */
    public void start() {
        member.onMembershipChange(address -> compareSoon(Duration.ofSeconds(2)));
        configs().addEntryListener(new Published(() -> compareSoon(Duration.ZERO)), false);
    }

    /** Publishes this member's configuration, and compares. */
    public void publish(PortMonitorConfig config) {
        fingerprint = ConfigFingerprint.of(config);
        try {
            configs().set(member.localUuid(), new HashMap<>(fingerprint));
        } catch (RuntimeException e) {
            LOG.warn("could not publish this member's configuration to the cluster: {}", e.toString());
        }
        compare();
    }

    /** How other members' configurations differ from this one's, in words; empty when they agree. */
    public List<String> differences() {
        return differences;
    }

    /**
     * Told of new differences between this member's configuration and another's (on a background
     * thread): inside Jenkins, replicas that share JENKINS_HOME reload the saved configuration.
     */
    public void onDifferences(Consumer<List<String>> listener) {
        listeners.add(listener);
    }

    private void compareSoon(Duration delay) {
        try {
            checks.schedule(this::compare, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // stopped: nothing to compare any more
        }
    }

    /** Compares with every other live member's published fingerprint and logs each difference. */
    void compare() {
        List<String> found = new ArrayList<>();
        try {
            otherConfigs().forEach((address, theirs) -> {
                List<String> words = ConfigFingerprint.differences(fingerprint, theirs);
                if (!words.isEmpty()) {
                    found.add("member " + address + " has another configuration: " + String.join("; ", words));
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("could not compare configurations with the cluster: {}", e.toString());
            return;
        }
        boolean news = !found.equals(differences);
        if (news) {
            found.forEach(difference -> LOG.warn("configuration differs from the cluster's: {}", difference));
            if (found.isEmpty() && !differences.isEmpty()) {
                LOG.info("configuration now matches every member's");
            }
        }
        differences = List.copyOf(found);
        if (news && !found.isEmpty()) {
            for (Consumer<List<String>> listener : listeners) {
                try {
                    listener.accept(differences);
                } catch (RuntimeException e) {
                    LOG.warn("configuration difference listener failed: {}", e.toString());
                }
            }
        }
    }

    /** The other live members' published fingerprints, by address. */
    private Map<String, Map<String, String>> otherConfigs() {
        Map<String, Map<String, String>> others = new LinkedHashMap<>();
        for (Member other : member.hazelcast().getCluster().getMembers()) {
            if (!other.localMember()) {
                HashMap<String, String> theirs = configs().get(other.getUuid().toString());
                if (theirs != null) {
                    others.put(ClusterMember.address(other), theirs);
                }
            }
        }
        return others;
    }

    private IMap<String, HashMap<String, String>> configs() {
        return member.hazelcast().getMap(CONFIGS);
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }

    private static final class Published implements EntryAddedListener<String, HashMap<String, String>>,
            EntryUpdatedListener<String, HashMap<String, String>> {

        private final Runnable listener;

        Published(Runnable listener) {
            this.listener = listener;
        }

        @Override
        public void entryAdded(EntryEvent<String, HashMap<String, String>> event) {
            listener.run();
        }

        @Override
        public void entryUpdated(EntryEvent<String, HashMap<String, String>> event) {
            listener.run();
        }
    }
}

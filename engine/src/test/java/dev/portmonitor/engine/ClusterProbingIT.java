package dev.portmonitor.engine;

import static dev.portmonitor.testing.LoopbackServers.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portmonitor.config.ConfigLoader;
import dev.portmonitor.config.PortMonitorConfig;
import dev.portmonitor.notify.Notifiers;
import dev.portmonitor.store.MonitorStore;
import dev.portmonitor.cluster.MemberSettings;
import dev.portmonitor.testing.SwitchablePort;
import dev.portmonitor.verify.PortVerifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Two members in one JVM: each monitor is probed by one of them, and by the other once it leaves. */
class ClusterProbingIT {


    private record Member(MonitorStore store, MonitorEngine engine, SimpleMeterRegistry registry) implements AutoCloseable {
        double checks(String monitorId) {
            return registry.find("portmonitor.checks").tag("monitor", monitorId).counters().stream()
                    .mapToDouble(Counter::count).sum();
        }

        @Override
        public void close() {
            engine.close();
            store.close();
        }
    }

    private static Member member(MemberSettings settings, PortVerifier prober, PortMonitorConfig config) throws Exception {
        MonitorStore store = MonitorStore.start(settings);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MonitorEngine engine = new MonitorEngine(prober, store, new MonitorMetrics(registry),
                new Notifiers(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))::create);
        engine.start(config);
        return new Member(store, engine, registry);
    }

    @Test
    void shouldProbeEachMonitorOnOneMemberAndTakeOverWhenOneLeaves() throws Exception {
        String name = "pm-cluster-" + UUID.randomUUID();
        int portA = freePort();
        int portB = freePort();
        MemberSettings a = new MemberSettings(name, "127.0.0.1", portA, List.of("127.0.0.1:" + portB), null);
        MemberSettings b = new MemberSettings(name, "127.0.0.1", portB, List.of("127.0.0.1:" + portA), null);
        try (SwitchablePort open = new SwitchablePort(); PortVerifier prober = PortVerifier.create()) {
            StringBuilder yaml = new StringBuilder("portMonitor:\n  defaults: {timeout: 100ms}\n  monitors:\n");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                ids.add("m" + i);
                yaml.append("    - {id: m").append(i).append(", host: 127.0.0.1, port: ").append(open.port())
                        .append(", interval: 200ms}\n");
            }
            PortMonitorConfig config = ConfigLoader.parse(yaml.toString(), "cluster.yaml");
            try (Member first = member(a, prober, config)) {
                Member second = member(b, prober, config);
                try {
                    await().atMost(Duration.ofSeconds(20)).until(() -> first.store().member().members().size() == 2);
                    // Ownership settles once the partitions are spread (no migration left); count checks from then on.
                    await().atMost(Duration.ofSeconds(20)).until(() -> first.store().member().hazelcast()
                            .getPartitionService().isClusterSafe());
                    double[] before = new double[ids.size() * 2];
                    for (int i = 0; i < ids.size(); i++) {
                        before[2 * i] = first.checks(ids.get(i));
                        before[2 * i + 1] = second.checks(ids.get(i));
                    }
                    // Until every monitor has been checked twice more, by one member or the other.
                    await().atMost(Duration.ofSeconds(20)).until(() -> {
                        for (int i = 0; i < ids.size(); i++) {
                            if (first.checks(ids.get(i)) + second.checks(ids.get(i)) < before[2 * i] + before[2 * i + 1] + 2) {
                                return false;
                            }
                        }
                        return true;
                    });
                    Set<String> probedByFirst = new HashSet<>();
                    Set<String> probedBySecond = new HashSet<>();
                    for (int i = 0; i < ids.size(); i++) {
                        String id = ids.get(i);
                        if (first.checks(id) > before[2 * i]) {
                            probedByFirst.add(id);
                        }
                        if (second.checks(id) > before[2 * i + 1]) {
                            probedBySecond.add(id);
                        }
                        assertThat(first.store().member().ownerOf(id)).isEqualTo(second.store().member().ownerOf(id));
                    }
                    assertThat(probedByFirst).as("no monitor probed by both").doesNotContainAnyElementsOf(probedBySecond);
                    assertThat(probedByFirst.size() + probedBySecond.size()).as("every monitor probed").isEqualTo(ids.size());
                    assertThat(probedByFirst).as("the first member's share").isNotEmpty();
                    assertThat(probedBySecond).as("the second member's share").isNotEmpty();
                } finally {
                    second.close();
                }

                // The second member is gone: the first probes everything, and the shared state survived.
                await().atMost(Duration.ofSeconds(20)).until(() -> first.store().member().members().size() == 1);
                double[] after = ids.stream().mapToDouble(first::checks).toArray();
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    for (int i = 0; i < ids.size(); i++) {
                        if (first.checks(ids.get(i)) <= after[i]) {
                            return false;
                        }
                    }
                    return true;
                });
                for (String id : ids) {
                    assertThat(first.store().get(id).history().recent()).as("history of %s", id).hasSizeGreaterThan(3);
                }
            }
        }
    }

    @Test
    void shouldNotJoinAMemberWithAnotherJoinSecret() throws Exception {
        String name = "pm-secret-" + UUID.randomUUID();
        int portA = freePort();
        int portB = freePort();
        MemberSettings a = new MemberSettings(name, "127.0.0.1", portA, List.of("127.0.0.1:" + portB), null).withJoinSecret("s3cret");
        MemberSettings b = new MemberSettings(name, "127.0.0.1", portB, List.of("127.0.0.1:" + portA), null).withJoinSecret("other");
        assertThat(a.effectiveClusterName()).startsWith(name + "-").isNotEqualTo(b.effectiveClusterName());
        assertThat(a.toString()).doesNotContain("s3cret");
        try (MonitorStore first = MonitorStore.start(a); MonitorStore second = MonitorStore.start(b)) {
            // Neither ever sees the other: for 4 s (a join takes 1 to 3 s here), each stays alone.
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                    .until(() -> first.member().members().size() == 1 && second.member().members().size() == 1);
            assertThat(first.member().members()).hasSize(1);
            assertThat(second.member().members()).hasSize(1);
        }
    }
}

package dev.portmonitor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portmonitor.config.ConfigLoader;
import dev.portmonitor.monitor.ConfirmationPolicy;
import dev.portmonitor.history.DeliveryRecord;
import dev.portmonitor.monitor.CheckResult;
import dev.portmonitor.monitor.EventType;
import dev.portmonitor.monitor.StateMachine.Step;
import dev.portmonitor.monitor.StateMachine.Subject;
import dev.portmonitor.notify.Notifiers;
import dev.portmonitor.probe.Outcome;
import dev.portmonitor.store.MonitorStore;
import dev.portmonitor.cluster.MemberSettings;
import dev.portmonitor.testing.SwitchablePort;
import dev.portmonitor.verify.PortVerifier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An event raised but never delivered (its member died between the transition and the delivery)
 * stays in the monitor's record; the monitor's owner delivers it, once, and clears it.
 */
class OutboxIT {

    @Test
    void shouldDeliverAnEventLeftPendingByAMemberThatDied() throws Exception {
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        try (MonitorStore store = MonitorStore.start(MemberSettings.local("pm-outbox-" + UUID.randomUUID()));
             PortVerifier prober = PortVerifier.create();
             SwitchablePort port = new SwitchablePort()) {
            port.down();
            // What the dead member did: the transition to DOWN, kept as pending on channel oncall.
            Instant then = Instant.now().minusSeconds(30);
            store.ensure("db", then);
            Subject subject = new Subject("db", "Orders database", "127.0.0.1:" + port.port(), null);
            CheckResult refused = new CheckResult(Outcome.REFUSED, -1, "127.0.0.1:" + port.port(), "connection refused", then);
            Step step = store.record("db", refused, new ConfirmationPolicy(1, 1, 3, null, 3), subject, List.of("oncall"));
            assertThat(step.event().type()).isEqualTo(EventType.DOWN);
            assertThat(store.get("db").outbox()).hasSize(1);
            assertThat(store.localWithPending()).containsExactly("db");

            // The member that owns it now: the same configuration, its own engine.
            try (MonitorEngine engine = new MonitorEngine(prober, store, new MonitorMetrics(new SimpleMeterRegistry()),
                    new Notifiers(new PrintStream(logged, true, StandardCharsets.UTF_8))::create)) {
                engine.start(ConfigLoader.parse("""
                        portMonitor:
                          channels: [{id: oncall, log: {}}]
                          monitors:
                            - {id: db, name: Orders database, host: 127.0.0.1, port: %d, interval: 1h, channels: [oncall],
                               failuresBeforeAlert: 1}
                        """.formatted(port.port()), "test.yaml"));

                await().atMost(Duration.ofSeconds(10)).until(() -> store.get("db").outbox().isEmpty());
                // Two scans later, still delivered once.
                await().during(Outbox.SCAN.multipliedBy(2)).atMost(Outbox.SCAN.multipliedBy(2).plusSeconds(5))
                        .until(() -> logged.toString(StandardCharsets.UTF_8).lines()
                                .filter(line -> line.contains("[oncall] DOWN")).count() == 1);
            }
            String out = logged.toString(StandardCharsets.UTF_8);
            assertThat(out.lines().filter(line -> line.contains("[oncall] DOWN"))).as(out).hasSize(1);
            List<DeliveryRecord> deliveries = store.get("db").history().deliveries();
            assertThat(deliveries).filteredOn(d -> d.eventId().equals(step.event().id())).singleElement()
                    .satisfies(d -> assertThat(d.delivered()).isTrue());
            assertThat(store.localWithPending()).isEmpty();
        }
    }

    @Test
    void shouldClearTheOutboxOfEventsDeliveredAsTheyHappen() throws Exception {
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        try (MonitorStore store = MonitorStore.start(MemberSettings.local("pm-outbox-" + UUID.randomUUID()));
             PortVerifier prober = PortVerifier.create();
             SwitchablePort port = new SwitchablePort();
             MonitorEngine engine = new MonitorEngine(prober, store, new MonitorMetrics(new SimpleMeterRegistry()),
                     new Notifiers(new PrintStream(logged, true, StandardCharsets.UTF_8))::create)) {
            engine.start(ConfigLoader.parse("""
                    portMonitor:
                      channels: [{id: oncall, log: {}}, {id: second, log: {}}]
                      monitors:
                        - {id: web, host: 127.0.0.1, port: %d, interval: 200ms, timeout: 100ms, channels: [oncall, second],
                           failuresBeforeAlert: 1}
                    """.formatted(port.port()), "test.yaml"));
            await().atMost(Duration.ofSeconds(5)).until(() -> store.get("web").state().status().name().equals("UP"));
            port.down();
            await().atMost(Duration.ofSeconds(5)).until(() -> logged.toString(StandardCharsets.UTF_8).contains("[second] DOWN"));
            await().atMost(Duration.ofSeconds(5)).until(() -> store.get("web").outbox().isEmpty());
            // Long past the grace: nothing is sent a second time.
            Duration past = Outbox.GRACE.plus(Outbox.SCAN).plusSeconds(1);
            await().during(past).atMost(past.plusSeconds(5)).until(() -> logged.toString(StandardCharsets.UTF_8).lines()
                    .filter(line -> line.contains(" DOWN")).count() == 2);
            String out = logged.toString(StandardCharsets.UTF_8);
            assertThat(out.lines().filter(line -> line.contains("[oncall] DOWN"))).as(out).hasSize(1);
            assertThat(out.lines().filter(line -> line.contains("[second] DOWN"))).as(out).hasSize(1);
        }
    }
}

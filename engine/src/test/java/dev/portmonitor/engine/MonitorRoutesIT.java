package dev.portmonitor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portmonitor.cluster.MemberSettings;
import dev.portmonitor.config.ConfigLoader;
import dev.portmonitor.notify.Notifiers;
import dev.portmonitor.store.MonitorStore;
import dev.portmonitor.testing.LoopbackServers;
import dev.portmonitor.verify.PortVerifier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

/**
 * The routes as Camel sees them, watched with Camel's own NotifyBuilder: which route handled how
 * many exchanges of which body type, with no sleep and no reading of log output.
 */
class MonitorRoutesIT {

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

    private MonitorEngine engine(MonitorStore store, PortVerifier prober) {
        return new MonitorEngine(prober, store, new MonitorMetrics(new SimpleMeterRegistry()),
                new Notifiers(new PrintStream(logged, true, StandardCharsets.UTF_8))::create);
    }

    @Test
    void shouldConfirmChecksAndSendOneRaisedEventToEachOfItsChannels() throws Exception {
        try (MonitorStore store = MonitorStore.start(MemberSettings.local("pm-routes-" + UUID.randomUUID()));
             PortVerifier prober = PortVerifier.create();
             LoopbackServers servers = new LoopbackServers();
             MonitorEngine engine = engine(store, prober)) {
            int refused = servers.refused();
            engine.start(ConfigLoader.parse("""
                    portMonitor:
                      channels: [{id: oncall, log: {}}, {id: dba, log: {}}]
                      monitors:
                        - {id: db, host: 127.0.0.1, port: %d, interval: 200ms, timeout: 100ms, channels: [oncall, dba],
                           failuresBeforeAlert: 3}
                    """.formatted(refused), "test.yaml"));
            NotifyBuilder checked = new NotifyBuilder(engine.camel()).fromRoute(MonitorRoutes.CONFIRMATION)
                    .filter(e -> e.getIn().getBody() instanceof Checked c && c.spec().id().equals("db")).whenDone(3).create();
            // The events route is a direct: one: its exchanges come from the aggregator, so "current route".
            NotifyBuilder raised = new NotifyBuilder(engine.camel()).fromCurrentRoute(MonitorRoutes.EVENTS)
                    .filter(e -> e.getIn().getBody() instanceof Raised r && r.event().monitorId().equals("db")).whenDone(1).create();
            NotifyBuilder oncall = new NotifyBuilder(engine.camel()).fromRoute(MonitorRoutes.channelRouteId("oncall"))
                    .whenDone(1).create();
            NotifyBuilder dba = new NotifyBuilder(engine.camel()).fromRoute(MonitorRoutes.channelRouteId("dba"))
                    .whenDone(1).create();

            assertThat(checked.matches(10, TimeUnit.SECONDS)).as("three checks confirmed").isTrue();
            assertThat(raised.matches(10, TimeUnit.SECONDS)).as("the third raised the DOWN").isTrue();
            assertThat(oncall.matches(10, TimeUnit.SECONDS)).as("the DOWN reached oncall").isTrue();
            assertThat(dba.matches(10, TimeUnit.SECONDS)).as("the DOWN reached dba").isTrue();
            assertThat(logged.toString(StandardCharsets.UTF_8)).contains("[oncall] DOWN db").contains("[dba] DOWN db");
        }
    }

    @Test
    void shouldSendAStormAsAFlushOnTheChannelsOwnRoute() throws Exception {
        try (MonitorStore store = MonitorStore.start(MemberSettings.local("pm-routes-" + UUID.randomUUID()));
             PortVerifier prober = PortVerifier.create();
             LoopbackServers servers = new LoopbackServers();
             MonitorEngine engine = engine(store, prober)) {
            StringBuilder monitors = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                monitors.append("    - {id: m").append(i).append(", host: 127.0.0.1, port: ").append(servers.refused())
                        .append(", interval: 200ms, timeout: 100ms, channels: [oncall], failuresBeforeAlert: 1}\n");
            }
            engine.start(ConfigLoader.parse("""
                    portMonitor:
                      storm: {events: 2, window: 1s}
                      channels: [{id: oncall, log: {}}]
                      monitors:
                    """ + monitors, "test.yaml"));
            NotifyBuilder flushed = new NotifyBuilder(engine.camel()).fromRoute(MonitorRoutes.channelRouteId("oncall"))
                    .filter(e -> e.getIn().getBody() == Flush.DUE).whenDone(1).create();

            assertThat(flushed.matches(15, TimeUnit.SECONDS)).as("the storm route sent a Flush.DUE").isTrue();
            // The first flushes may come before the window has passed; one of them sends the group.
            await().atMost(Duration.ofSeconds(15)).until(() -> logged.toString(StandardCharsets.UTF_8).contains("[oncall] GROUP"));
        }
    }
}

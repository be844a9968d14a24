package dev.portmonitor.engine;

import dev.portmonitor.status.MonitorView;
import dev.portmonitor.monitor.CheckResult;
import dev.portmonitor.monitor.MonitorStatus;
import dev.portmonitor.monitor.EventType;
import dev.portmonitor.monitor.MonitorEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portmonitor.config.ConfigLoader;
import dev.portmonitor.config.PortMonitorConfig;
import dev.portmonitor.notify.Notifiers;
import dev.portmonitor.store.MonitorStore;
import dev.portmonitor.store.StateFiles;
import dev.portmonitor.cluster.MemberSettings;
import dev.portmonitor.testing.LoopbackServers;
import dev.portmonitor.testing.SwitchablePort;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import dev.portmonitor.verify.PortVerifier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorEngineIT {

    private static MonitorStore store;
    private static PortVerifier prober;

    private final List<MonitorEvent> events = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<SwitchablePort> ports = new ArrayList<>();
    private MonitorEngine engine;

    @BeforeAll
    static void startStore() {
        store = MonitorStore.start(MemberSettings.local("pm-test-" + UUID.randomUUID()));
        prober = PortVerifier.create();
    }

    @AfterAll
    static void stopStore() {
        store.close();
        prober.close();
    }

    @AfterEach
    void stopEngine() throws Exception {
        if (engine != null) {
            engine.close();
        }
        for (SwitchablePort port : ports) {
            port.close();
        }
    }

    private SwitchablePort port() throws Exception {
        SwitchablePort port = new SwitchablePort();
        ports.add(port);
        return port;
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private MonitorEngine start(String yaml) throws Exception {
        engine = new MonitorEngine(prober, store, new MonitorMetrics(registry),
                new Notifiers(new PrintStream(logged, true, StandardCharsets.UTF_8))::create);
        engine.addListener(events::add);
        engine.start(ConfigLoader.parse(yaml, "test.yaml"));
        return engine;
    }

    private static String config(String monitors) {
        return """
                portMonitor:
                  defaults: {timeout: 200ms, failuresBeforeAlert: 2, successesBeforeRecovery: 1}
                  channels: [{id: oncall, log: {}}]
                  monitors:
                """ + monitors;
    }

    private static String monitor(String id, int port, String interval) {
        return "    - {id: " + id + ", host: 127.0.0.1, port: " + port + ", interval: " + interval + ", channels: [oncall]}\n";
    }

    private static java.util.SortedSet<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    /** Live threads but the test's own helpers (Awaitility's poller, the common pool, listeners). */
    private static int engineThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> !name.startsWith("awaitility") && !name.startsWith("ForkJoinPool")
                        && !name.startsWith("accept-then-close")).count();
    }

    private long checks(String id) {
        var record = store.get(id);
        return record == null ? 0 : record.state().checks();
    }

    private List<EventType> eventsOf(String id) {
        return events.stream().filter(e -> e.monitorId().equals(id)).map(MonitorEvent::type).toList();
    }

    @Test
    void shouldAlertOnceWhenAPortGoesDownAndOnceWhenItRecovers() throws Exception {
        SwitchablePort db = port();
        String id = unique("db");
        start(config(monitor(id, db.port(), "300ms")));
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.status().get(0).status() == MonitorStatus.UP);

        db.down();
        long downAt = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(10)).until(() -> eventsOf(id).contains(EventType.DOWN));
        long checksAtDown = checks(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> checks(id) >= checksAtDown + 3);
        assertThat(eventsOf(id)).as("one DOWN, however long it stays down").containsExactly(EventType.DOWN);
        MonitorEvent down = events.get(0);
        assertThat(down.consecutiveFailures()).isEqualTo(2);
        assertThat(down.cause()).isEqualTo("refused: connection refused");
        assertThat(down.since().toEpochMilli()).isGreaterThanOrEqualTo(downAt - 50);

        db.up();
        long upAt = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(10)).until(() -> eventsOf(id).contains(EventType.RECOVERED));
        long checksAtUp = checks(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> checks(id) >= checksAtUp + 3);
        assertThat(eventsOf(id)).containsExactly(EventType.DOWN, EventType.RECOVERED);
        MonitorEvent recovered = events.get(1);
        assertThat(recovered.downtime()).isEqualTo(Duration.between(down.since(), recovered.at()));
        // The outage lasted from the port's closing to its reopening, give or take an interval (and slack).
        assertThat(recovered.downtime().toMillis()).isBetween(upAt - downAt - 800, upAt - downAt + 800);

        await().atMost(Duration.ofSeconds(10)).until(() -> logged.toString(StandardCharsets.UTF_8).lines().count() == 2);
        String log = logged.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("[oncall] DOWN " + id + " 127.0.0.1:" + db.port() + ": refused: connection refused; "
                + "2 consecutive failed checks since ").contains("[oncall] RECOVERED " + id + " 127.0.0.1:" + db.port() + " after ");
        MonitorView view = engine.status().get(0);
        assertThat(view.status()).isEqualTo(MonitorStatus.UP);
        assertThat(view.incidents()).hasSize(1);
        assertThat(view.incidents().get(0).end()).isEqualTo(recovered.since().plus(recovered.downtime()));
        assertThat(view.deliveries()).extracting(d -> d.eventType() + " " + d.channel() + " " + d.delivered())
                .containsExactly("RECOVERED oncall true", "DOWN oncall true");
        assertThat(view.availability().get("1h")).isBetween(0.0, 1.0);
    }

    @Test
    void shouldNotAlertForASingleFailedCheck() throws Exception {
        SwitchablePort cache = port();
        String id = unique("cache");
        start(config(monitor(id, cache.port(), "1s")));
        await().atMost(Duration.ofSeconds(10)).until(() -> checks(id) >= 2);

        cache.down();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> store.get(id).state().consecutiveFailures() == 1);
        cache.up();
        long checksAfter = checks(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> checks(id) >= checksAfter + 3);

        assertThat(eventsOf(id)).isEmpty();
        assertThat(store.get(id).state().status()).isEqualTo(MonitorStatus.UP);
        assertThat(store.get(id).history().recent()).extracting(CheckResult::reachable).contains(false);
    }

    @Test
    void shouldFollowAFlappingPort() throws Exception {
        SwitchablePort flappy = port();
        String id = unique("flappy");
        start(config(monitor(id, flappy.port(), "200ms")));
        await().atMost(Duration.ofSeconds(10)).until(() -> checks(id) >= 1);

        for (int flap = 0; flap < 3; flap++) {
            flappy.down();
            int downs = flap + 1;
            await().atMost(Duration.ofSeconds(10)).until(() -> eventsOf(id).stream().filter(EventType.DOWN::equals).count() == downs);
            flappy.up();
            await().atMost(Duration.ofSeconds(10)).until(() -> eventsOf(id).stream().filter(EventType.RECOVERED::equals).count() == downs);
        }

        assertThat(eventsOf(id)).containsExactly(EventType.DOWN, EventType.RECOVERED, EventType.DOWN, EventType.RECOVERED,
                EventType.DOWN, EventType.RECOVERED);
        assertThat(events).extracting(MonitorEvent::id).doesNotHaveDuplicates();
        assertThat(store.get(id).history().incidents()).hasSize(3).allMatch(i -> !i.open());
    }

    @Test
    void shouldApplyANewConfigurationWithoutLosingUntouchedState() throws Exception {
        SwitchablePort a = port();
        SwitchablePort b = port();
        SwitchablePort c = port();
        String keep = unique("keep");
        String change = unique("change");
        String drop = unique("drop");
        String add = unique("add");
        start(config(monitor(keep, a.port(), "200ms") + monitor(change, b.port(), "200ms") + monitor(drop, c.port(), "200ms")));
        await().atMost(Duration.ofSeconds(10)).until(() -> checks(keep) >= 3 && checks(change) >= 3 && checks(drop) >= 1);
        long keptBefore = checks(keep);
        long changedBefore = checks(change);
        java.time.Instant keptSince = store.get(keep).state().since();

        PortMonitorConfig next = ConfigLoader.parse(config(monitor(keep, a.port(), "200ms")
                + monitor(change, b.port(), "300ms") + monitor(add, c.port(), "200ms")), "test.yaml");
        engine.apply(next);

        await().atMost(Duration.ofSeconds(10)).until(() -> checks(add) >= 2 && checks(keep) >= keptBefore + 2);
        assertThat(checks(keep)).as("the untouched monitor's count went on").isGreaterThan(keptBefore);
        assertThat(store.get(keep).state().since()).as("the untouched monitor kept its state").isEqualTo(keptSince);
        assertThat(store.get(keep).history().recent()).hasSizeGreaterThanOrEqualTo((int) keptBefore + 2);
        assertThat(checks(change)).as("the changed monitor kept its state").isGreaterThanOrEqualTo(changedBefore);
        assertThat(store.get(drop)).as("the removed monitor's state is gone").isNull();
        assertThat(engine.status()).extracting(MonitorView::id).containsExactly(keep, change, add);
        assertThat(engine.spec(change).interval()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void shouldRunTwoThousandMonitorsWithAFlatThreadCount() throws Exception {
        SwitchablePort port = port();
        StringBuilder few = new StringBuilder();
        StringBuilder many = new StringBuilder();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String id = unique("m" + i);
            ids.add(id);
            String line = monitor(id, port.port(), "1s");
            many.append(line);
            if (i < 20) {
                few.append(line);
            }
        }
        start(config(few.toString()));
        await().atMost(Duration.ofSeconds(10)).until(() -> ids.subList(0, 20).stream().allMatch(id -> checks(id) >= 2));
        int threadsWithTwenty = engineThreads();

        engine.apply(ConfigLoader.parse(config(many.toString()), "test.yaml"));
        await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream().allMatch(id -> checks(id) >= 2));
        int threadsWithTwoThousand = engineThreads();

        // Bounded pools (Hazelcast's cached executor, the JDK's cleaners) may start a thread or two
        // late; a thread per monitor or per check would add hundreds here.
        assertThat(threadsWithTwoThousand).as("threads with 2,000 monitors against 20: %s", threadNames())
                .isLessThanOrEqualTo(threadsWithTwenty + 8);
        assertThat(engine.status()).hasSize(2000).allMatch(v -> v.status() == MonitorStatus.UP);
        assertThat(registry.find("portmonitor.checks").tag("outcome", "OPEN").counters()).hasSizeGreaterThanOrEqualTo(2000);
    }

    @Test
    void shouldCountChecksAndStatusInMetrics() throws Exception {
        SwitchablePort port = port();
        String id = unique("metered");
        start(config(monitor(id, port.port(), "200ms")));
        await().atMost(Duration.ofSeconds(10)).until(() -> checks(id) >= 3);

        assertThat(registry.get("portmonitor.checks").tags(Map.of("monitor", id, "outcome", "OPEN").entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new)).counter().count())
                .isGreaterThanOrEqualTo(3);
        assertThat(registry.get("portmonitor.monitor.up").tag("monitor", id).gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("portmonitor.schedule.lateness").timer().count()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void shouldExportTheCertificateExpiryOfATlsCheckAndWarnWhenItIsNear(@TempDir Path directory) throws Exception {
        dev.portmonitor.testing.TestCertificates certificates = new dev.portmonitor.testing.TestCertificates();
        Path ca = certificates.writeCaPem(directory);
        dev.portmonitor.testing.TestCertificates.Issued soon = certificates.expiringIn(10);
        try (dev.portmonitor.testing.TlsServer server = dev.portmonitor.testing.TlsServer.start(soon.serverContext())) {
            String id = unique("shop-cert");
            start(config("    - {id: " + id + ", check: tls, host: localhost, port: " + server.port() + ", caFile: '" + ca
                    + "', interval: 300ms, timeout: 250ms, channels: [oncall]}\n"));
            await().atMost(Duration.ofSeconds(10)).until(() -> registry.find("portmonitor.certificate.expiry.timestamp")
                    .tag("monitor", id).gauge() != null);

            long notAfter = soon.chain().get(0).getNotAfter().toInstant().getEpochSecond();
            assertThat(registry.get("portmonitor.certificate.expiry.timestamp").tag("monitor", id).gauge().value())
                    .isEqualTo((double) notAfter);
            assertThat(registry.get("portmonitor.checks").tags("monitor", id, "kind", "tls", "outcome", "DEGRADED").counter().count())
                    .isGreaterThanOrEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.status().get(0).status() == MonitorStatus.DEGRADED);
            assertThat(registry.get("portmonitor.monitor.up").tag("monitor", id).gauge().value()).isEqualTo(0.5);

            engine.apply(ConfigLoader.parse(config(monitor(unique("other"), server.port(), "1s")), "test.yaml"));
            await().atMost(Duration.ofSeconds(10)).until(() -> registry.find("portmonitor.certificate.expiry.timestamp")
                    .tag("monitor", id).gauge() == null); // a removed monitor's gauge goes with it
        }
    }

    @Test
    void shouldKeepStateAndHistoryAcrossARestart(@TempDir Path stateDir) throws Exception {
        SwitchablePort port = port();
        String id = unique("persisted");
        String yaml = config(monitor(id, port.port(), "200ms"));
        StateFiles files = new StateFiles(stateDir);
        long checksBefore;
        List<CheckResult> recentBefore;
        try (MonitorStore first = MonitorStore.start(MemberSettings.local("pm-restart-" + UUID.randomUUID()))) {
            MonitorEngine before = new MonitorEngine(prober, first, new MonitorMetrics(registry), channel -> event -> { });
            before.start(ConfigLoader.parse(yaml, "test.yaml"));
            StateSaver saver = new StateSaver(before.saves(), first, files);
            await().atMost(Duration.ofSeconds(10)).until(() -> first.get(id) != null && first.get(id).state().checks() >= 3);
            before.stop();
            saver.close();
            checksBefore = first.get(id).state().checks();
            recentBefore = first.get(id).history().recent();
        }

        try (MonitorStore second = MonitorStore.start(MemberSettings.local("pm-restart-" + UUID.randomUUID()))) {
            assertThat(StateSaver.restore(files, second, List.of(id))).isEmpty();
            assertThat(second.get(id).history().recent()).isEqualTo(recentBefore);
            MonitorEngine after = new MonitorEngine(prober, second, new MonitorMetrics(registry), channel -> event -> { });
            try {
                after.start(ConfigLoader.parse(yaml, "test.yaml"));
                await().atMost(Duration.ofSeconds(10)).until(() -> second.get(id).state().checks() >= checksBefore + 2);
                assertThat(second.get(id).history().recent()).startsWith(recentBefore.toArray(CheckResult[]::new));
                assertThat(after.status().get(0).status()).isEqualTo(MonitorStatus.UP);
            } finally {
                after.stop();
            }
        }
    }

    @Test
    void shouldDeliverToAWebhookWhileADeadMailServerRetries() throws Exception {
        SwitchablePort db = port();
        String id = unique("hooked");
        try (MockWebServer receiver = new MockWebServer(); LoopbackServers servers = new LoopbackServers()) {
            receiver.start(java.net.InetAddress.getLoopbackAddress(), 0);
            receiver.enqueue(new MockResponse.Builder().code(200).build());
            int dead = servers.blackhole().port();
            start("""
                    portMonitor:
                      defaults: {timeout: 200ms, failuresBeforeAlert: 2}
                      channels:
                        - {id: dead, mail: {host: 127.0.0.1, port: %d, security: none, from: alerts@example.com,
                                            to: [dba@example.com], timeout: 2s, deliveryDeadline: 4s}}
                        - {id: hooks, webhook: {url: "http://127.0.0.1:%d/pm"}}
                      monitors:
                        - {id: %s, host: 127.0.0.1, port: %d, interval: 300ms, channels: [dead, hooks]}
                    """.formatted(dead, receiver.getPort(), id, db.port()));
            await().atMost(Duration.ofSeconds(10)).until(() -> checks(id) >= 1);

            db.down();
            RecordedRequest request = receiver.takeRequest(10, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(request).as("the webhook got the DOWN").isNotNull();
            assertThat(request.getHeaders().get("X-PortMonitor-Event")).isEqualTo("DOWN");
            // The SMTP server never answers; its channel is still on its first attempt (2 s timeout): it held up nothing.
            assertThat(store.get(id).history().deliveries()).extracting(d -> d.channel()).doesNotContain("dead");
            await().atMost(Duration.ofSeconds(10)).until(() -> store.get(id).history().deliveries().stream()
                    .anyMatch(d -> d.channel().equals("hooks") && d.delivered()));
            assertThat(store.get(id).history().incidents()).singleElement().satisfies(incident -> {
                assertThat(incident.told()).as("the channels that delivered its DOWN").containsExactly("hooks");
                assertThat(incident.confirmed()).isAfterOrEqualTo(incident.start());
                assertThat(incident.eventId()).isNotNull();
            });
        }
    }

    @Test
    void shouldRecordButNotSendEventsDuringAMaintenanceWindow() throws Exception {
        SwitchablePort db = port();
        String id = unique("patched");
        java.time.Instant now = java.time.Instant.now();
        start(config(monitor(id, db.port(), "200ms")) + """
                  maintenance:
                    - {id: patching, start: "%s", end: "%s", monitors: [%s]}
                """.formatted(now.minusSeconds(60), now.plusSeconds(3600), id));
        await().atMost(Duration.ofSeconds(10)).until(() -> checks(id) >= 1);

        db.down();
        await().atMost(Duration.ofSeconds(10)).until(() -> eventsOf(id).contains(EventType.DOWN));
        await().atMost(Duration.ofSeconds(10)).until(() -> !store.get(id).history().deliveries().isEmpty());

        assertThat(store.get(id).state().status()).isEqualTo(MonitorStatus.DOWN);
        assertThat(store.get(id).history().incidents()).singleElement().satisfies(incident -> {
            assertThat(incident.maintenance()).isEqualTo("patching");
            assertThat(incident.told()).isEmpty();
        });
        assertThat(store.get(id).history().deliveries()).extracting(d -> d.channel() + " " + d.delivered() + " " + d.reason())
                .containsExactly("oncall false not sent: maintenance window patching");
        assertThat(logged.toString(StandardCharsets.UTF_8)).as("nothing reached the channel").isEmpty();
    }

    @Test
    void shouldGroupAStormOfEventsIntoOneMessagePerChannel() throws Exception {
        SwitchablePort shared = port();
        StringBuilder monitors = new StringBuilder();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String id = unique("storm" + i);
            ids.add(id);
            monitors.append(monitor(id, shared.port(), "200ms"));
        }
        start(config(monitors.toString()) + "  storm: {events: 3, window: 5s}\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> ids.stream().allMatch(id -> checks(id) >= 1));

        shared.down(); // one switch fails: six monitors go down at once
        await().atMost(Duration.ofSeconds(15)).until(() -> logged.toString(StandardCharsets.UTF_8).contains("GROUP"));

        List<String> lines = logged.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).filteredOn(line -> line.contains("] DOWN ")).as("the first two go one by one").hasSize(2);
        assertThat(lines).filteredOn(line -> line.contains("] GROUP 4 events: ")).as("the rest in one message").hasSize(1);
        assertThat(lines).hasSize(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> ids.stream().allMatch(id -> !store.get(id).history().deliveries().isEmpty()));
        assertThat(ids.stream().flatMap(id -> store.get(id).history().deliveries().stream()).map(d -> d.reason()))
                .containsOnly(null, "sent in a group of 4");
    }
}

package dev.portmonitor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.portmonitor.target.Target;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import dev.portmonitor.target.TargetParser;
import dev.portmonitor.testing.LoopbackServers;
import dev.portmonitor.testing.LoopbackServers.Blackhole;
import dev.portmonitor.testing.LoopbackServers.EchoEnd;
import dev.portmonitor.testing.TcpStates;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConnectProbeTest {

    private static final ProbeOptions TWO_SECONDS = ProbeOptions.defaults().withTimeout(Duration.ofSeconds(2));

    private static ProbeTransport transport;
    private static JdkHostResolver resolver;
    private static ConnectProbe probe;

    private final LoopbackServers servers = new LoopbackServers();

    @BeforeAll
    static void startTransport() {
        transport = ProbeTransport.create();
        resolver = new JdkHostResolver();
        probe = new ConnectProbe(new Connector(transport, resolver));
    }

    @AfterAll
    static void stopTransport() {
        transport.close();
        resolver.close();
    }

    @AfterEach
    void closeServers() {
        servers.close();
    }

    private static ProbeResult probe(String target, ProbeOptions options) {
        return probe.probe(TargetParser.parse(target), options).join();
    }

    @Test
    void shouldUseNativeEpollOnLinux() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && "amd64".equals(System.getProperty("os.arch")),
                "the epoll library shipped is for Linux x86_64");
        assertThat(transport.kind()).isEqualTo("epoll");
    }

    @ParameterizedTest
    @EnumSource(CloseMode.class)
    void shouldReportAnOpenPortWithItsAddressAndLatency(CloseMode mode) throws IOException {
        int port = servers.open();

        ProbeResult result = probe("127.0.0.1:" + port, TWO_SECONDS.withCloseMode(mode));

        assertThat(result.outcome()).isEqualTo(Outcome.OPEN);
        assertThat(result.addressText()).isEqualTo("127.0.0.1:" + port);
        assertThat(result.latencyMicros()).isGreaterThanOrEqualTo(0);
        assertThat(result.reason()).isNull();
    }

    @Test
    void shouldResolveANameFromTheHostsFile() throws IOException {
        int port = servers.open();

        ProbeResult result = probe("db.test:" + port, TWO_SECONDS);

        assertThat(result.outcome()).isEqualTo(Outcome.OPEN);
        assertThat(result.addressText()).isEqualTo("127.0.0.1:" + port);
    }

    @Test
    void shouldReportARefusedPort() throws IOException {
        int port = servers.refused();

        ProbeResult result = probe("127.0.0.1:" + port, TWO_SECONDS);

        assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(result.reason()).isEqualTo("connection refused");
        assertThat(result.addressText()).isEqualTo("127.0.0.1:" + port);
        assertThat(result.connected()).isFalse();
    }

    @Test
    void shouldTimeOutWhenTheAcceptQueueIsFull() throws IOException {
        Blackhole blackhole = servers.blackhole();

        ProbeResult result = probe("127.0.0.1:" + blackhole.port(), TWO_SECONDS.withTimeout(Duration.ofMillis(300)));

        assertThat(result.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(result.reason()).isEqualTo("no answer within 300ms");
        assertThat(result.latencyMicros()).isEqualTo(-1);
    }

    @Test
    void shouldReportAnUnresolvableName() {
        ProbeResult result = probe("nowhere.test:5432", TWO_SECONDS);

        assertThat(result.outcome()).isEqualTo(Outcome.UNRESOLVED);
        assertThat(result.reason()).isEqualTo("name does not resolve");
        assertThat(result.address()).isNull();
    }

    @Test
    void shouldReportAnUnresolvedNameWhenResolutionOutlivesTheTimeout() {
        ConnectProbe stuck = new ConnectProbe(new Connector(transport, host -> new java.util.concurrent.CompletableFuture<>()));

        ProbeResult result = stuck.probe(Target.of("db.test", 5432), TWO_SECONDS.withTimeout(Duration.ofMillis(200))).join();

        assertThat(result.outcome()).isEqualTo(Outcome.UNRESOLVED);
        assertThat(result.reason()).isEqualTo("name resolution did not finish within 200ms");
    }

    @Test
    void shouldReportOpenWhenTheServerAcceptsThenClosesAtOnce() throws IOException {
        int port = servers.acceptThenClose();

        ProbeResult result = probe("127.0.0.1:" + port, TWO_SECONDS);

        // A connect probe sees the handshake complete: the door is open, whatever the server does next.
        assertThat(result.outcome()).isEqualTo(Outcome.OPEN);
    }

    @Test
    void shouldReportSlowWhenTheConnectTakesLongerThanTheThreshold() throws IOException {
        Blackhole blackhole = servers.blackhole();
        ScheduledExecutorService releaser = Executors.newSingleThreadScheduledExecutor();
        try {
            // The first SYN is dropped; the kernel retransmits it after about a second, and by then
            // the listener accepts again: the connect succeeds, late.
            releaser.schedule(blackhole::release, 200, TimeUnit.MILLISECONDS);
            ProbeOptions options = ProbeOptions.defaults().withTimeout(Duration.ofSeconds(8))
                    .withSlowThreshold(Duration.ofMillis(500));

            ProbeResult result = probe("127.0.0.1:" + blackhole.port(), options);

            assertThat(result.outcome()).isEqualTo(Outcome.SLOW);
            assertThat(result.latencyMicros()).isGreaterThan(500_000);
            assertThat(result.reason()).startsWith("connected in ").endsWith(" ms, over the 500ms slow threshold");
        } finally {
            releaser.shutdownNow();
        }
    }

    @Test
    void shouldStayOpenUnderTheSlowThreshold() throws IOException {
        int port = servers.open();

        ProbeResult result = probe("127.0.0.1:" + port, TWO_SECONDS.withSlowThreshold(Duration.ofSeconds(1)));

        assertThat(result.outcome()).isEqualTo(Outcome.OPEN);
    }

    @Test
    void shouldProbeIpv6Loopback() throws IOException {
        InetAddress v6 = InetAddress.getByName("::1");
        int port;
        try {
            port = servers.open(v6);
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("this machine has no IPv6 loopback: " + e.getMessage());
            return;
        }

        ProbeResult literal = probe("[::1]:" + port, TWO_SECONDS);
        ProbeResult named = probe("v6only.test:" + port, TWO_SECONDS);

        assertThat(literal.outcome()).isEqualTo(Outcome.OPEN);
        assertThat(literal.addressText()).isEqualTo("[::1]:" + port);
        assertThat(named.outcome()).isEqualTo(Outcome.OPEN);
        assertThat(named.addressText()).isEqualTo("[::1]:" + port);
    }

    @Test
    void shouldTryEachAddressOfANameInOrderAndSayWhichAnswered() throws IOException {
        // multi.test is 127.0.0.2 then 127.0.0.3 in the test hosts file; only the second listens.
        int port = servers.open(InetAddress.getByName("127.0.0.3"));

        ProbeResult result = probe("multi.test:" + port, TWO_SECONDS);

        assertThat(result.outcome()).isEqualTo(Outcome.OPEN);
        assertThat(result.addressText()).isEqualTo("127.0.0.3:" + port);
    }

    @Test
    void shouldListEveryAddressTriedWhenNoneAnswers() throws IOException {
        int port = servers.refused(InetAddress.getByName("127.0.0.3"));

        ProbeResult result = probe("multi.test:" + port, TWO_SECONDS);

        assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(result.addressText()).isEqualTo("127.0.0.3:" + port);
        assertThat(result.reason()).isEqualTo("no address answered: 127.0.0.2:" + port + " connection refused; 127.0.0.3:"
                + port + " connection refused");
    }

    @Test
    void shouldReportAnUnreachableNetwork() {
        // The limited broadcast address: Linux refuses a TCP connect to it at once with
        // ENETUNREACH, and no packet leaves the machine.
        ProbeResult result = probe("255.255.255.255:9", TWO_SECONDS);

        assumeTrue(result.outcome() != Outcome.TIMEOUT, "this kernel does not refuse a connect to broadcast at once");
        assertThat(result.outcome()).isEqualTo(Outcome.UNREACHABLE);
        assertThat(result.reason()).startsWith("no route to host");
    }

    @Test
    void shouldLeaveNoTimeWaitWhenClosingWithAReset() throws IOException {
        assumeTrue(TcpStates.available(), "needs /proc/net/tcp");
        EchoEnd server = servers.readToEnd();

        for (int i = 0; i < 5; i++) {
            assertThat(probe("127.0.0.1:" + server.port(), TWO_SECONDS.withCloseMode(CloseMode.RESET)).outcome())
                    .isEqualTo(Outcome.OPEN);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.finished() == 5);

        assertThat(TcpStates.timeWait(server.port())).isZero();
    }

    @Test
    void shouldLeaveTimeWaitWhenClosingNormally() throws IOException {
        assumeTrue(TcpStates.available(), "needs /proc/net/tcp");
        EchoEnd server = servers.readToEnd();

        for (int i = 0; i < 5; i++) {
            assertThat(probe("127.0.0.1:" + server.port(), TWO_SECONDS).outcome()).isEqualTo(Outcome.OPEN);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.finished() == 5);

        // The probe closed first, so its side of each connection waits in TIME_WAIT.
        await().atMost(Duration.ofSeconds(10)).until(() -> TcpStates.timeWait(server.port()) == 5);
    }

    @Test
    void shouldUseNioWhenNativeIsNotWanted() throws IOException {
        int open = servers.open();
        int refused = servers.refused();
        try (ProbeTransport nio = ProbeTransport.create(1, false)) {
            ConnectProbe nioProbe = new ConnectProbe(new Connector(nio, resolver));

            assertThat(nio.kind()).isEqualTo("nio");
            assertThat(nioProbe.probe(Target.of("127.0.0.1", open), TWO_SECONDS).join().outcome()).isEqualTo(Outcome.OPEN);
            ProbeResult closed = nioProbe.probe(Target.of("127.0.0.1", refused), TWO_SECONDS).join();
            assertThat(closed.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(closed.reason()).isEqualTo("connection refused");
        }
    }

    @Test
    void shouldRecogniseASocketConnectedToItselfAsNothingListening() throws Exception {
        // A connect from port P to the same address and port P completes by TCP simultaneous open,
        // with nothing listening: the probe must not call that open.
        int port = servers.refused();
        Channel self = new Bootstrap().group(transport.group()).channel(transport.channelType())
                .handler(new ChannelInboundHandlerAdapter())
                .localAddress(LoopbackServers.LOOPBACK, port)
                .connect(LoopbackServers.LOOPBACK, port).sync().channel();
        int open = servers.open();
        Channel normal = new Bootstrap().group(transport.group()).channel(transport.channelType())
                .handler(new ChannelInboundHandlerAdapter())
                .connect(LoopbackServers.LOOPBACK, open).sync().channel();
        try {
            assertThat(Connector.selfConnected(self)).isTrue();
            assertThat(Connector.selfConnected(normal)).isFalse();
        } finally {
            self.close().sync();
            normal.close().sync();
        }
    }

    @Test
    void shouldTryTheNextAddressWhenTheFirstNeverAnswers() throws IOException {
        // multi.test: 127.0.0.2 drops every SYN (full accept queue), 127.0.0.3 listens on the same port.
        Blackhole silent = servers.blackhole(InetAddress.getByName("127.0.0.2"), 0);
        servers.open(InetAddress.getByName("127.0.0.3"), silent.port());

        ProbeResult result = probe("multi.test:" + silent.port(), TWO_SECONDS);

        assertThat(result.outcome()).isEqualTo(Outcome.OPEN);
        assertThat(result.addressText()).isEqualTo("127.0.0.3:" + silent.port());
    }

    @Test
    void shouldSayWhichAddressesWereNotTriedWhenTimeRunsOut() throws IOException {
        Blackhole silent = servers.blackhole(InetAddress.getByName("127.0.0.2"), 0);
        servers.blackhole(InetAddress.getByName("127.0.0.3"), silent.port());

        ProbeResult result = probe("multi.test:" + silent.port(), TWO_SECONDS.withTimeout(Duration.ofMillis(400)));

        assertThat(result.outcome()).isEqualTo(Outcome.TIMEOUT);
        // Half the time each (less the lookup's millisecond or two); the second gets what is left.
        assertThat(result.reason()).matches("no address answered: 127\\.0\\.0\\.2:" + silent.port()
                + " no answer within (19\\d|200)ms; 127\\.0\\.0\\.3:" + silent.port() + " no answer within (1\\d\\d|200)ms");
    }

    @Test
    void shouldCancelALookupThatOutlivesTheTimeout() {
        java.util.concurrent.CompletableFuture<java.util.List<InetAddress>> lookup = new java.util.concurrent.CompletableFuture<>();
        ConnectProbe stuck = new ConnectProbe(new Connector(transport, host -> lookup));

        ProbeResult result = stuck.probe(Target.of("db.test", 5432), TWO_SECONDS.withTimeout(Duration.ofMillis(100))).join();

        assertThat(result.outcome()).isEqualTo(Outcome.UNRESOLVED);
        // The result comes first, the cancellation right after it.
        await().atMost(Duration.ofSeconds(5)).until(lookup::isCancelled);
    }

    @Test
    void shouldReportAnErrorWhenProbingAfterClose() {
        ProbeTransport closed = ProbeTransport.create(1, true);
        closed.close();

        ProbeResult result = new ConnectProbe(new Connector(closed, resolver)).probe(Target.of("127.0.0.1", 9), TWO_SECONDS).join();

        assertThat(result.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(result.reason()).isEqualTo("the probe engine is closed");
    }
}

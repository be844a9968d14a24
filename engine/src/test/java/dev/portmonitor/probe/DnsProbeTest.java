package dev.portmonitor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.portmonitor.target.InvalidTargetException;
import dev.portmonitor.testing.FakeServer;
import dev.portmonitor.testing.KindChecks;
import dev.portmonitor.testing.LoopbackServers;
import dev.portmonitor.verify.Check;
import dev.portmonitor.verify.PortVerifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code dns} kind against real dnsmasq servers started here on free loopback ports, over UDP
 * and TCP: records of every type configured in dnsmasq (real), NXDOMAIN for a name dnsmasq keeps
 * local ({@code --address=/nx.test/}, real), REFUSED from an upstream dnsmasq that has no server for
 * the name (real), SERVFAIL from a validating dnsmasq whose upstream answers without DNSSEC (real:
 * the answer is BOGUS), no answer from a dnsmasq whose upstream is a dead port (real: silence over
 * UDP, a close over TCP), ICMP port unreachable and TCP refused from a port nobody listens on (real).
 * Fakes speak the wire format for what a working server does not send: another id, another
 * question, a query echoed back, garbage, a truncated answer, an SOA with compression pointers, a
 * forged datagram from another port (faked). Without dnsmasq the class fails, saying how to install it.
 */
class DnsProbeTest {

    private static final Path DNSMASQ = Path.of("/usr/sbin/dnsmasq");
    /** Any trust anchor for the root makes the validating dnsmasq require signatures it never gets. */
    private static final String TRUST_ANCHOR = ".,20326,8,2,E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D";

    @RegisterExtension
    static final KindChecks checks = new KindChecks();

    private static Process server;
    private static Process upstream;
    private static int port;
    private static Path log;
    private static Path upstreamLog;

    @BeforeAll
    static void start() throws Exception {
        assertThat(Files.isExecutable(DNSMASQ)).as("dnsmasq is not installed: apt-get install -y dnsmasq-base"
                + " (.ci/run installs it); the dns kind is tested against a real dnsmasq").isTrue();
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "dnsmasq-");
        int upstreamPort = LoopbackServers.freePort();
        int deadPort = LoopbackServers.freePort();
        port = LoopbackServers.freePort();
        upstreamLog = dir.resolve("upstream.log");
        log = dir.resolve("dnsmasq.log");
        // The upstream: answers bogus.test without DNSSEC, refuses everything else; logs at its default (no --log-queries).
        upstream = dnsmasq(dir, upstreamPort, upstreamLog, "--address=/bogus.test/192.0.2.2");
        server = dnsmasq(dir, port, log, "--log-queries",
                "--host-record=ok.test,192.0.2.1,2001:db8::1", "--address=/nx.test/",
                "--mx-host=ok.test,mail.ok.test,10", "--txt-record=ok.test,v=spf1 -all",
                "--srv-host=_sip._tcp.ok.test,sip.ok.test,5060,1,2", "--caa-record=ok.test,0,issue,letsencrypt.org",
                "--cname=www.ok.test,ok.test", "--ptr-record=1.2.0.192.in-addr.arpa,ok.test",
                "--server=/ref.test/127.0.0.1#" + upstreamPort, "--server=/silent.test/127.0.0.1#" + deadPort,
                "--server=127.0.0.1#" + upstreamPort, "--dnssec", "--trust-anchor=" + TRUST_ANCHOR, "--dnssec-check-unsigned");
        for (int listening : new int[] {upstreamPort, port}) {
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), listening)) {
                    return true;
                }
            });
        }
    }

    private static Process dnsmasq(Path dir, int listen, Path logFile, String... options) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(DNSMASQ.toString(), "--keep-in-foreground",
                "--port=" + listen, "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
                "--conf-file=/dev/null", "--pid-file=", "--log-facility=" + logFile));
        command.addAll(List.of(options));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("out-" + listen + ".txt").toFile())
                .start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (Process process : new Process[] {server, upstream}) {
            if (process != null) {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"udp", "tcp"})
    void shouldFindTheRealServerAnsweringWithTheAddress(String transport) {
        ProbeResult result = checks.check("dns://127.0.0.1:" + port + "?query=ok.test&transport=" + transport);

        assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
        assertThat(result.kind()).isEqualTo("dns");
        assertThat(result.detailsMap()).containsEntry("rcode", "NOERROR").containsEntry("answers", 1)
                .containsEntry("data", "192.0.2.1").containsEntry("authoritative", true).containsEntry("truncated", false)
                .containsEntry("note", "NOERROR, 1 answer: 192.0.2.1");
        assertThat(result.responseMicros()).isPositive();
    }

    @ParameterizedTest(name = "[{index}] {0} {1} over {2}")
    @CsvSource(delimiter = '|', value = {
        "ok.test                | AAAA  | udp | 2001:db8::1",
        "ok.test                | MX    | udp | 10 mail.ok.test.",
        "ok.test                | MX    | tcp | 10 mail.ok.test.",
        "ok.test                | TXT   | udp | \"v=spf1 -all\"",
        "_sip._tcp.ok.test      | SRV   | tcp | 1 2 5060 sip.ok.test.",
        "ok.test                | caa   | udp | 0 issue \"letsencrypt.org\"",
        "www.ok.test            | CNAME | udp | ok.test.",
        "www.ok.test            | A     | tcp | 'ok.test., 192.0.2.1'",
        "1.2.0.192.in-addr.arpa | PTR   | udp | ok.test.",
    })
    void shouldReadEachRecordTypesData(String name, String type, String transport, String data) {
        ProbeResult result = checks.check("dns://127.0.0.1:" + port + "?query=" + name + "&type=" + type + "&transport=" + transport);

        assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
        assertThat(result.detailsMap()).containsEntry("data", data);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"udp", "tcp"})
    void shouldCallNxdomainAServerThatWorks(String transport) {
        ProbeResult result = checks.check("dns://127.0.0.1:" + port + "?query=nx.test&transport=" + transport);

        assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
        assertThat(result.detailsMap()).containsEntry("rcode", "NXDOMAIN").containsEntry("answers", 0)
                .containsEntry("note", "NXDOMAIN: nx.test A does not exist (the server answered)").doesNotContainKey("data");
    }

    @ParameterizedTest(name = "[{index}] {0} over {1}")
    @CsvSource(delimiter = '|', value = {
        "ref.test   | udp | DNS server answered REFUSED to ref.test A",
        "ref.test   | tcp | DNS server answered REFUSED to ref.test A",
        "bogus.test | udp | DNS server answered SERVFAIL to bogus.test A",
        "bogus.test | tcp | DNS server answered SERVFAIL to bogus.test A",
    })
    void shouldCallRefusedAndServfailUnhealthy(String name, String transport, String reason) {
        ProbeResult result = checks.check("dns://127.0.0.1:" + port + "?query=" + name + "&transport=" + transport);

        assertThat(result.outcome()).isEqualTo(Outcome.UNHEALTHY);
        assertThat(result.reason()).isEqualTo(reason);
    }

    @Test
    void shouldAskTheRootsNameServersByDefault() throws IOException {
        // The upstream refuses the root: what matters is the question the check asked.
        ProbeResult result = checks.check("dns://127.0.0.1:" + port);

        assertThat(result.outcome()).isEqualTo(Outcome.UNHEALTHY);
        assertThat(result.reason()).isEqualTo("DNS server answered REFUSED to . NS");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(log).contains("query[NS] . from 127.0.0.1"));
    }

    @Test
    void shouldTimeOutWhenTheServerNeverAnswersOverUdp() {
        try (KindChecks quick = new KindChecks()) {
            quick.withOptions(ProbeOptions.defaults().withTimeout(Duration.ofSeconds(1)));

            ProbeResult result = quick.check("dns://127.0.0.1:" + port + "?query=silent.test");

            assertThat(result.outcome()).isEqualTo(Outcome.TIMEOUT);
            assertThat(result.reason()).isEqualTo("no DNS answer within 1s (one query for silent.test A over UDP)");
            assertThat(result.connected()).isFalse();
        }
    }

    @Test
    void shouldSayWhenTheServerClosesTcpWithoutAnAnswer() {
        // dnsmasq closes the TCP connection when its upstream does not answer.
        ProbeResult result = checks.check("dns://127.0.0.1:" + port + "?query=silent.test&transport=tcp");

        assertThat(result.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
        assertThat(result.reason()).isEqualTo("the server closed the TCP connection without a DNS answer (a resolver whose"
                + " upstream failed, or not a DNS server)");
    }

    @Test
    void shouldCallAnIcmpPortUnreachableRefusedOnEpollAndNio() throws IOException {
        int closed = freeUdpPort();
        for (boolean preferNative : new boolean[] {true, false}) {
            try (PortVerifier verifier = PortVerifier.create(ProbeTransport.create(1, preferNative))) {
                Check check = Check.parse("dns://127.0.0.1:" + closed + "?query=ok.test", true);

                ProbeResult result = verifier.probe(check.target(), check.kind(), ProbeOptions.defaults(), check.settings()).join();

                assertThat(result.outcome()).as(preferNative + ": " + result.reason()).isEqualTo(Outcome.REFUSED);
                assertThat(result.reason()).isEqualTo("port unreachable: nothing listens on UDP port " + closed
                        + " (ICMP port unreachable)");
                assertThat(result.addressText()).isEqualTo("127.0.0.1:" + closed);
            }
        }
    }

    @Test
    void shouldCallAClosedTcpPortRefused() throws IOException {
        ProbeResult result = checks.check("dns://127.0.0.1:" + LoopbackServers.freePort() + "?transport=tcp");

        assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(result.reason()).isEqualTo("connection refused");
    }

    @Test
    void shouldTryEachAddressOverUdpInTurn() throws IOException {
        // multi.test is 127.0.0.2 then 127.0.0.3 (config/test-hosts): nothing on the first, a server on the second.
        try (UdpFake fake = new UdpFake(InetAddress.getByName("127.0.0.3"), (query, from) -> answer(query, 0x8180, record(1, 4, 192, 0, 2, 7)))) {
            ProbeResult result = checks.check("dns://multi.test:" + fake.port() + "?query=ok.test");

            assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
            assertThat(result.addressText()).isEqualTo("127.0.0.3:" + fake.port());
            assertThat(result.detailsMap()).containsEntry("data", "192.0.2.7");
        }
    }

    @Test
    void shouldApplyTheConnectPolicyAndResolutionToUdp() throws IOException {
        try (UdpFake fake = new UdpFake(InetAddress.getLoopbackAddress(), (query, from) -> answer(query, 0x8180))) {
            try (KindChecks guarded = new KindChecks()) {
                guarded.withOptions(ProbeOptions.defaults().withPolicy(ConnectPolicy.of(List.of(), List.of("127.0.0.2/32"), List.of())));
                ProbeResult blocked = guarded.check("dns://db.test:" + fake.port() + "?query=ok.test");

                assertThat(blocked.outcome()).isEqualTo(Outcome.BLOCKED);
                assertThat(blocked.reason()).isEqualTo("not allowed: db.test:" + fake.port()
                        + " (127.0.0.1) matches no allowed host or network (127.0.0.2/32)");

                guarded.withOptions(ProbeOptions.defaults().withPolicy(ConnectPolicy.of(List.of(), List.of(), List.of("53"))));
                ProbeResult port = guarded.check("dns://127.0.0.1:" + fake.port() + "?query=ok.test");

                assertThat(port.outcome()).isEqualTo(Outcome.BLOCKED);
                assertThat(port.reason()).isEqualTo("not allowed: port " + fake.port() + " is not among the allowed ports (53)");
            }
            ProbeResult unresolved = checks.check("dns://no-such-name.test:" + fake.port() + "?query=ok.test");

            assertThat(unresolved.outcome()).isEqualTo(Outcome.UNRESOLVED);
            assertThat(fake.received()).isEmpty(); // nothing was sent for any of them
            ProbeResult resolved = checks.check("dns://db.test:" + fake.port() + "?query=ok.test");
            assertThat(resolved.outcome()).as(String.valueOf(resolved.reason())).isEqualTo(Outcome.OPEN);
            assertThat(fake.received()).hasSize(1);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "another id       | a DNS answer to another query (id ",
        "query echoed     | not a DNS answer: the message is a query (QR bit clear)",
        "another question | a DNS answer to another question (other.test. A; the check asked ok.test A)",
        "garbage          | a DNS message shorter than its 12-byte header (5 bytes: hello)",
        "cut short        | a DNS answer cut short in record 1 of 1 (TC bit clear)",
        "no question      | a DNS answer without the question (NOERROR, no question section)",
    })
    void shouldTellAnAnswerThatIsNotToTheQueryOverUdp(String answer, String reason) throws IOException {
        try (UdpFake fake = new UdpFake(InetAddress.getLoopbackAddress(), (query, from) -> wrong(answer, query))) {
            ProbeResult result = checks.check("dns://127.0.0.1:" + fake.port() + "?query=ok.test");

            assertThat(result.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
            assertThat(result.reason()).startsWith(reason);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "another id       | a DNS answer to another query (id ",
        "another question | a DNS answer to another question (other.test. A; the check asked ok.test A)",
    })
    void shouldTellAnAnswerThatIsNotToTheQueryOverTcp(String answer, String reason) throws IOException {
        try (FakeServer fake = FakeServer.start(null, chunk -> framed(wrong(answer, Arrays.copyOfRange(chunk, 2, chunk.length))))) {
            ProbeResult result = checks.check("dns://127.0.0.1:" + fake.port() + "?query=ok.test&transport=tcp");

            assertThat(result.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
            assertThat(result.reason()).startsWith(reason);
        }
    }

    @Test
    void shouldTellAnotherServiceOverTcp() throws IOException {
        try (FakeServer fake = FakeServer.replyAndClose("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
             LoopbackServers servers = new LoopbackServers()) {
            ProbeResult http = checks.check("dns://127.0.0.1:" + fake.port() + "?transport=tcp");

            assertThat(http.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
            assertThat(http.reason()).isEqualTo("the server closed the connection after 28 bytes, before a complete answer");

            ProbeResult closes = checks.check("dns://127.0.0.1:" + servers.acceptThenClose() + "?transport=tcp");
            assertThat(closes.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
            assertThat(closes.reason()).startsWith("the server closed the TCP connection without a DNS answer");
        }
    }

    @Test
    void shouldCallATruncatedUdpAnswerOpenAndSaySo() throws IOException {
        try (UdpFake fake = new UdpFake(InetAddress.getLoopbackAddress(), (query, from) -> {
            byte[] whole = answer(query, 0x8380, record(1, 4, 192, 0, 2, 1), record(1, 4, 192, 0, 2, 2));
            return Arrays.copyOf(whole, whole.length - 8); // the second record cut, as a server cuts at 512 bytes
        })) {
            ProbeResult result = checks.check("dns://127.0.0.1:" + fake.port() + "?query=ok.test");

            assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
            assertThat(result.detailsMap()).containsEntry("truncated", true).containsEntry("answers", 2)
                    .containsEntry("data", "192.0.2.1")
                    .containsEntry("note", "NOERROR, 2 answers: 192.0.2.1; truncated (TC): the whole answer needs TCP");
        }
    }

    @Test
    void shouldReadAnSoaWithCompressedNames() throws IOException {
        try (UdpFake fake = new UdpFake(InetAddress.getLoopbackAddress(), (query, from) -> {
            ByteArrayOutputStream rdata = new ByteArrayOutputStream();
            rdata.writeBytes(new byte[] {3, 'n', 's', '1', (byte) 0xc0, 12}); // ns1 + pointer to ok.test at 12
            rdata.writeBytes(new byte[] {10, 'h', 'o', 's', 't', 'm', 'a', 's', 't', 'e', 'r', (byte) 0xc0, 12});
            rdata.writeBytes(ByteBuffer.allocate(20).putInt(2024010101).putInt(3600).putInt(600).putInt(86400).putInt(300).array());
            return answer(query, 0x8580, record(6, rdata.toByteArray()));
        })) {
            ProbeResult result = checks.check("dns://127.0.0.1:" + fake.port() + "?query=ok.test&type=SOA");

            assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
            assertThat(result.detailsMap()).containsEntry("data", "ns1.ok.test. hostmaster.ok.test. 2024010101 3600 600 86400 300");
        }
    }

    @Test
    void shouldIgnoreADatagramFromAnotherPort() throws IOException {
        try (DatagramSocket forger = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             UdpFake fake = new UdpFake(InetAddress.getLoopbackAddress(), (query, from) -> {
                 try {
                     byte[] forged = answer(query, 0x8183); // NXDOMAIN, with the right id, from another port
                     forger.send(new DatagramPacket(forged, forged.length, from));
                     Thread.sleep(200); // the forged one first
                 } catch (IOException | InterruptedException e) {
                     throw new IllegalStateException(e);
                 }
                 return answer(query, 0x8180, record(1, 4, 192, 0, 2, 9));
             })) {
            ProbeResult result = checks.check("dns://127.0.0.1:" + fake.port() + "?query=ok.test");

            assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
            assertThat(result.detailsMap()).containsEntry("rcode", "NOERROR").containsEntry("data", "192.0.2.9");
        }
    }

    @Test
    void shouldSendOneQueryWithRecursionDesiredUnlessTurnedOff() throws IOException {
        try (UdpFake fake = new UdpFake(InetAddress.getLoopbackAddress(), (query, from) -> answer(query, 0x8180))) {
            assertThat(checks.check("dns://127.0.0.1:" + fake.port() + "?query=ok.test").outcome()).isEqualTo(Outcome.OPEN);
            assertThat(checks.check("dns://127.0.0.1:" + fake.port() + "?query=ok.test&recursion=false").outcome())
                    .isEqualTo(Outcome.OPEN);

            assertThat(fake.received()).hasSize(2);
            byte[] first = fake.received().get(0);
            assertThat(first[2] & 0xff).isEqualTo(0x01); // RD
            assertThat(Arrays.copyOfRange(first, 4, 12)).containsExactly(0, 1, 0, 0, 0, 0, 0, 0); // one question, nothing else
            assertThat(Arrays.copyOfRange(first, 12, first.length)).containsExactly(
                    2, 'o', 'k', 4, 't', 'e', 's', 't', 0, 0, 1, 0, 1); // ok.test A IN
            assertThat(fake.received().get(1)[2] & 0xff).isZero();
            assertThat(first[0] == fake.received().get(1)[0] && first[1] == fake.received().get(1)[1])
                    .as("a random id each time (1 in 65536 to match by chance)").isFalse();
        }
    }

    @Test
    void shouldLeaveOneQueryLineInALoggingDnsmasqAndNothingInOneAtItsDefault() throws IOException {
        long before = Files.readAllLines(log).stream().filter(line -> line.contains("query[TXT] ok.test from 127.0.0.1")).count();
        checks.check("dns://127.0.0.1:" + port + "?query=ok.test&type=TXT");
        checks.check("dns://127.0.0.1:" + port + "?query=ref.test&transport=tcp");

        await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(log).contains("query[A] ref.test"));
        List<String> lines = Files.readAllLines(log);
        assertThat(lines.stream().filter(line -> line.contains("query[TXT] ok.test from 127.0.0.1"))).hasSize((int) before + 1);
        System.out.println("dnsmasq --log-queries, one udp and one tcp check:\n"
                + String.join("\n", lines.stream().filter(line -> line.contains("ok.test") && line.contains("TXT")
                || line.contains("ref.test")).toList()));
        // The upstream answered the forwarded ref.test (REFUSED) and bogus.test without --log-queries: no query lines.
        assertThat(Files.readString(upstreamLog)).doesNotContain("query[").doesNotContain("ref.test");
    }

    @Test
    void shouldUseTheDefaultPort() {
        assertThat(ProbeKinds.named("dns").orElseThrow().defaultPort()).isEqualTo(53);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "dns://db.test                                        | query=.,type=NS,transport=udp,recursion=true",
        "dns://db.test?query=Ok.Test.&type=mx&transport=TCP   | query=Ok.Test.,type=MX,transport=tcp,recursion=true",
        "dns://db.test?query=ok.test&recursion=false          | query=ok.test.,type=A,transport=udp,recursion=false",
        "dns://db.test?type=SOA                               | query=.,type=SOA,transport=udp,recursion=true",
    })
    void shouldWriteAStableFingerprint(String target, String fingerprint) {
        assertThat(Check.parse(target, true).settings().fingerprint()).isEqualTo(fingerprint);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "query=a..b       | option \"query\": \"a..b\" is not a DNS name: labels of 1 to 63 letters, digits, - or _, separated by dots, 253 characters at most; or . for the root",
        "query=ex ample   | option \"query\": \"ex ample\" is not a DNS name: labels of 1 to 63 letters, digits, - or _, separated by dots, 253 characters at most; or . for the root",
        "type=ANY         | option \"type\": \"ANY\" is not a record type a dns check asks for; the types are A, AAAA, NS, MX, SOA, TXT, CNAME, PTR, SRV, CAA",
        "transport=quic   | option \"transport\": \"quic\" is not a transport; the transports are udp and tcp",
        "recursion=yes    | option \"recursion\": \"yes\" is not true or false",
        "qurey=ok.test    | unknown option \"qurey\" for a dns check; its options are query, type, transport, recursion",
    })
    void shouldNameTheOptionAndWhatIsAllowed(String option, String message) {
        assertThatThrownBy(() -> Check.parse("dns://127.0.0.1?" + option, true))
                .isInstanceOf(InvalidTargetException.class)
                .hasMessage("\"dns://127.0.0.1:53\": " + message);
    }

    @Test
    void shouldRefuseANameLongerThan253Characters() {
        String name = String.join(".", java.util.Collections.nCopies(4, "a".repeat(63))); // 255 characters
        assertThatThrownBy(() -> Check.parse("dns://127.0.0.1?query=" + name, true)).hasMessageContaining("is not a DNS name");
        assertThat(Check.parse("dns://127.0.0.1?query=" + name.substring(2), true).settings().fingerprint())
                .startsWith("query=" + name.substring(2) + ".,");
    }

    // --- wire format for the fakes ---

    /** A wrong answer to {@code query}, as the case names it. */
    private static byte[] wrong(String kind, byte[] query) {
        return switch (kind) {
            case "another id" -> {
                byte[] answer = answer(query, 0x8180);
                answer[1] ^= 0x5a;
                yield answer;
            }
            case "query echoed" -> query;
            case "another question" -> {
                byte[] other = Arrays.copyOf(query, query.length);
                byte[] name = {5, 'o', 't', 'h', 'e', 'r', 4, 't', 'e', 's', 't', 0, 0, 1, 0, 1};
                ByteBuffer out = ByteBuffer.allocate(12 + name.length).put(other, 0, 12).put(name);
                yield answer(out.array(), 0x8180);
            }
            case "garbage" -> "hello".getBytes(StandardCharsets.US_ASCII);
            case "cut short" -> {
                byte[] whole = answer(query, 0x8180, record(1, 4, 192, 0, 2, 1));
                yield Arrays.copyOf(whole, whole.length - 2);
            }
            case "no question" -> {
                byte[] header = Arrays.copyOf(query, 12);
                header[2] = (byte) 0x81;
                header[3] = (byte) 0x80;
                header[5] = 0;
                yield header;
            }
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** An answer to {@code query}: its id and question, these flags, these answer records. */
    static byte[] answer(byte[] query, int flags, byte[]... records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(query[0]);
        out.write(query[1]);
        out.write(flags >> 8);
        out.write(flags);
        out.writeBytes(new byte[] {0, 1, 0, (byte) records.length, 0, 0, 0, 0});
        out.write(query, 12, query.length - 12);
        for (byte[] record : records) {
            out.writeBytes(record);
        }
        return out.toByteArray();
    }

    /** A record for the question's name (a pointer to offset 12), class IN, TTL 60. */
    static byte[] record(int type, byte[] rdata) {
        return ByteBuffer.allocate(12 + rdata.length).put((byte) 0xc0).put((byte) 12).putShort((short) type).putShort((short) 1)
                .putInt(60).putShort((short) rdata.length).put(rdata).array();
    }

    static byte[] record(int type, int length, int... bytes) {
        byte[] rdata = new byte[length];
        for (int i = 0; i < length; i++) {
            rdata[i] = (byte) bytes[i];
        }
        return record(type, rdata);
    }

    private static byte[] framed(byte[] message) {
        return ByteBuffer.allocate(2 + message.length).putShort((short) message.length).put(message).array();
    }

    private static int freeUdpPort() throws SocketException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        }
    }

    /** A loopback UDP server that answers each datagram with {@code answer} (null: silence) and keeps what it got. */
    static final class UdpFake implements AutoCloseable {
        private final DatagramSocket socket;
        private final List<byte[]> received = new CopyOnWriteArrayList<>();

        UdpFake(InetAddress address, BiFunction<byte[], InetSocketAddress, byte[]> answer) throws SocketException {
            socket = new DatagramSocket(new InetSocketAddress(address, 0));
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[4096];
                while (!socket.isClosed()) {
                    try {
                        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                        socket.receive(packet);
                        byte[] query = Arrays.copyOf(packet.getData(), packet.getLength());
                        received.add(query);
                        byte[] reply = answer.apply(query, (InetSocketAddress) packet.getSocketAddress());
                        if (reply != null) {
                            socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "udp-fake");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        List<byte[]> received() {
            return received;
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}

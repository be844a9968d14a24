package dev.portmonitor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portmonitor.target.InvalidTargetException;
import dev.portmonitor.testing.FakeServer;
import dev.portmonitor.testing.KindChecks;
import dev.portmonitor.testing.LoopbackServers;
import dev.portmonitor.testing.TestCertificates;
import dev.portmonitor.verify.Check;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code http}, {@code https} and {@code elasticsearch} kinds. Real HTTP servers: OkHttp's
 * MockWebServer (a real HTTP/1.1 server on loopback, with HTTPS from the test CA's certificates
 * made in {@link TestCertificates}); what it answers is set per test. No Elasticsearch runs here: its
 * states (green, yellow, red, 401, 503) are faked responses in the real wire format, with the
 * {@code /_cluster/health} bodies Elasticsearch 8 sends, served by MockWebServer. Faked with
 * {@link FakeServer} (raw bytes): answers that are not HTTP, a body until the close, a close in the
 * middle of the body, and a body that never ends.
 */
class HttpProbeTest {

    private static final TestCertificates CERTIFICATES = new TestCertificates();

    @RegisterExtension
    static final KindChecks checks = new KindChecks();

    @TempDir
    static Path directory;

    private static Path ca;
    private MockWebServer server;

    @BeforeAll
    static void writeCa() throws IOException {
        ca = CERTIFICATES.writeCaPem(directory);
    }

    @BeforeEach
    void start() {
        server = new MockWebServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String http(String pathAndQuery) throws IOException {
        if (!server.getStarted()) {
            server.start(InetAddress.getLoopbackAddress(), 0);
        }
        return "http://127.0.0.1:" + server.getPort() + pathAndQuery;
    }

    private String https(TestCertificates.Issued issued, String pathAndQuery) throws Exception {
        server.useHttps(recordingSni(issued).getSocketFactory());
        server.start(InetAddress.getLoopbackAddress(), 0);
        return "https://localhost:" + server.getPort() + pathAndQuery;
    }

    /** The server names (SNI) the clients asked for; recorded by {@link #recordingSni}. */
    private final Set<String> serverNames = new CopyOnWriteArraySet<>();

    /**
     * A server context with the issued key and chain, and a key manager that records the SNI each
     * client sent (MockWebServer's own {@code handshakeServerNames} is empty on the JDK platform).
     */
    private SSLContext recordingSni(TestCertificates.Issued issued) throws GeneralSecurityException {
        X509ExtendedKeyManager keys = (X509ExtendedKeyManager) issued.keyManagers().getKeyManagers()[0];
        X509ExtendedKeyManager recording = new X509ExtendedKeyManager() {
            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                record(socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null);
                return keys.chooseServerAlias(keyType, issuers, socket);
            }

            @Override
            public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
                record(engine.getHandshakeSession());
                return keys.chooseEngineServerAlias(keyType, issuers, engine);
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return keys.getServerAliases(keyType, issuers);
            }

            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return keys.getClientAliases(keyType, issuers);
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return keys.chooseClientAlias(keyType, issuers, socket);
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return keys.getCertificateChain(alias);
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return keys.getPrivateKey(alias);
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {recording}, null, null);
        return context;
    }

    private void record(SSLSession session) {
        if (session instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    serverNames.add(host.getAsciiName());
                }
            }
        }
    }

    private RecordedRequest request() throws InterruptedException {
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request).as("the request the server received").isNotNull();
        return request;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** A response with the status line Elasticsearch sends (Netty's standard reason phrases). */
    private static MockResponse json(int code, String body) {
        String status = "HTTP/1.1 " + code + " " + io.netty.handler.codec.http.HttpResponseStatus.valueOf(code).reasonPhrase();
        return new MockResponse.Builder().status(status).setHeader("Content-Type", "application/json")
                .setHeader("X-elastic-product", "Elasticsearch").body(body).build();
    }

    // ---- http

    @Test
    void shouldFindA2xxHealthyAndSendOnePoliteRequest() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Server", "nginx/1.22.1")
                .setHeader("Content-Type", "application/json").body("{\"status\":\"UP\"}").build());

        ProbeResult result = checks.check(http("/health/db"));

        assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
        assertThat(result.kind()).isEqualTo("http");
        assertThat(result.detailsMap()).containsEntry("status", 200).containsEntry("server", "nginx/1.22.1")
                .containsEntry("contentType", "application/json").containsEntry("bodyBytes", 15L)
                .doesNotContainKey("bodyTruncated");
        RecordedRequest request = request();
        assertThat(request.getRequestLine()).isEqualTo("GET /health/db HTTP/1.1");
        assertThat(request.getHeaders().get("Host")).isEqualTo("127.0.0.1:" + server.getPort());
        assertThat(request.getHeaders().get("User-Agent")).startsWith("port-monitor");
        assertThat(request.getHeaders().get("Accept")).isEqualTo("*/*");
        assertThat(request.getHeaders().get("Connection")).isEqualTo("close");
        assertThat(request.getHeaders().names()).containsExactlyInAnyOrder("Host", "User-Agent", "Accept", "Connection");
        assertThat(request.getBodySize()).isZero();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void shouldCallAnUnexpectedStatusUnhealthyWithTheStatusLineAndTheBody() throws Exception {
        server.enqueue(new MockResponse.Builder().status("HTTP/1.1 503 Service Unavailable").body("database down:\n  connection refused").build());

        ProbeResult result = checks.check(http("/health/db"));

        assertThat(result.outcome()).isEqualTo(Outcome.UNHEALTHY);
        assertThat(result.reason()).isEqualTo(
                "HTTP 503 Service Unavailable from /health/db (expected 2xx): \"database down: connection refused\"");
        assertThat(result.detailsMap()).containsEntry("status", 503);
    }

    @Test
    void shouldMatchTheBodyWhenABodyRegexIsGiven() throws Exception {
        server.enqueue(new MockResponse.Builder().body("{\"db\":{\"status\":\"UP\"}}").build());
        server.enqueue(new MockResponse.Builder().body("{\"db\":{\"status\":\"DOWN\"}}").build());
        String target = http("/actuator/health?body=" + encode("\"status\":\"UP\""));

        ProbeResult up = checks.check(target);
        ProbeResult down = checks.check(target);

        assertThat(up.outcome()).as(String.valueOf(up.reason())).isEqualTo(Outcome.OPEN);
        assertThat(down.outcome()).isEqualTo(Outcome.UNHEALTHY);
        assertThat(down.reason()).isEqualTo("HTTP 200 OK from /actuator/health, but the body does not match /\"status\":\"UP\"/:"
                + " \"{\"db\":{\"status\":\"DOWN\"}}\"");
    }

    @Test
    void shouldReadAChunkedBody() throws Exception {
        String body = "first line of a chunked answer\n".repeat(50) + "END-OF-REPORT";
        server.enqueue(new MockResponse.Builder().chunkedBody(body, 7).build());

        ProbeResult result = checks.check(http("/report?body=END-OF-REPORT%24"));

        assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
        assertThat(result.detailsMap()).containsEntry("bodyBytes", (long) body.length());
    }

    @Test
    void shouldSendHeadAndReadNoBody() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Length", "1234").build());

        ProbeResult result = checks.check(http("/?method=head"));

        assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
        assertThat(result.detailsMap()).containsEntry("bodyBytes", 0L);
        assertThat(request().getMethod()).isEqualTo("HEAD");
    }

    @ParameterizedTest(name = "[{index}] status={0}, answered {1}")
    @CsvSource(delimiter = '|', value = {
        "200          | 200 | OK                | OPEN      | ",
        "200,204      | 204 | No Content        | OPEN      | ",
        "2xx,301      | 301 | Moved Permanently | OPEN      | ",
        "200-399      | 302 | Found             | OPEN      | ",
        "200          | 204 | No Content        | UNHEALTHY | HTTP 204 No Content from / (expected 200)",
        "2xx          | 404 | Not Found         | UNHEALTHY | HTTP 404 Not Found from / (expected 2xx)",
        "200-299, 4XX | 418 | I'm a teapot      | OPEN      | ",
        "2xx          | 500 | ''                | UNHEALTHY | HTTP 500 Internal Server Error from / (expected 2xx)",
    })
    void shouldHonourTheExpectedStatuses(String status, int code, String phrase, Outcome outcome, String reason)
            throws Exception {
        server.enqueue(new MockResponse.Builder().status("HTTP/1.1 " + code + " " + phrase).build());

        ProbeResult result = checks.check(http("/?status=" + encode(status)));

        assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(outcome);
        assertThat(result.reason()).isEqualTo(reason);
        assertThat(result.detailsMap()).containsEntry("status", code);
    }

    @Test
    void shouldNotFollowARedirectAndSaySo() throws Exception {
        server.enqueue(new MockResponse.Builder().status("HTTP/1.1 301 Moved Permanently").setHeader("Location", "https://shop.example.com/").build());

        ProbeResult result = checks.check(http("/"));

        assertThat(result.outcome()).isEqualTo(Outcome.UNHEALTHY);
        assertThat(result.reason()).isEqualTo("HTTP 301 Moved Permanently from / (expected 2xx; redirects are not followed,"
                + " Location: https://shop.example.com/)");
        assertThat(result.detailsMap()).containsEntry("location", "https://shop.example.com/");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void shouldJudgeABodyLargerThanTheReadLimitOnWhatArrived() throws Exception {
        String body = "BEGIN " + "x".repeat(100_000) + " END";
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/plain").body(body).build());
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/plain").body(body).build());

        ProbeResult begins = checks.check(http("/big?body=%5EBEGIN"));
        ProbeResult ends = checks.check(http("/big?body=END%24"));

        assertThat(begins.outcome()).as(String.valueOf(begins.reason())).isEqualTo(Outcome.OPEN);
        assertThat(begins.detailsMap()).containsEntry("bodyTruncated", true);
        long bodyBytes = (Long) begins.detailsMap().get("bodyBytes");
        assertThat(bodyBytes).isBetween(60_000L, (long) Conversation.READ_LIMIT);
        assertThat(ends.outcome()).isEqualTo(Outcome.UNHEALTHY);
        assertThat(ends.reason()).startsWith("HTTP 200 OK from /big, but the body does not match /END$/ in its first "
                + bodyBytes + " bytes (cut at the 64 KiB read limit): \"BEGIN xxxx");
    }

    @Test
    void shouldReadABodyThatRunsUntilTheClose() throws IOException {
        try (FakeServer fake = FakeServer.replyAndClose("HTTP/1.0 200 OK\r\nServer: fake/1\r\n\r\nall is well"
                .getBytes(StandardCharsets.US_ASCII))) {
            ProbeResult result = checks.check("http://127.0.0.1:" + fake.port() + "/?body=well%24");

            assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
            assertThat(result.detailsMap()).containsEntry("bodyBytes", 11L).containsEntry("server", "fake/1");
            assertThat(fake.received().get(0)).startsWith("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + fake.port() + "\r\n");
        }
    }

    @Test
    void shouldSayWhenTheServerClosesInTheMiddleOfTheBody() throws IOException {
        try (FakeServer fake = FakeServer.replyAndClose("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort"
                .getBytes(StandardCharsets.US_ASCII))) {
            ProbeResult result = checks.check("http://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
            assertThat(result.reason()).isEqualTo(
                    "the server closed the connection in the middle of the body of its HTTP 200 OK (5 of 50 body bytes arrived)");
        }
    }

    @Test
    void shouldSayWhatArrivedWhenTheBodyNeverEnds() throws IOException {
        try (FakeServer fake = FakeServer.start(null, chunk -> "HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort"
                .getBytes(StandardCharsets.US_ASCII))) {
            ProbeResult result = checks.withOptions(ProbeOptions.defaults().withTimeout(Duration.ofMillis(400)))
                    .check("http://127.0.0.1:" + fake.port());
            checks.withOptions(ProbeOptions.defaults().withTimeout(Duration.ofSeconds(3)));

            assertThat(result.outcome()).isEqualTo(Outcome.TIMEOUT);
            assertThat(result.reason()).contains("but no end of the body of the HTTP 200 OK (5 of 50 body bytes so far) within"
                    + " the 400ms timeout (received 44 bytes: HTTP/1.1 200 OK\\r\\nContent-Length: 50\\r\\n\\r\\ns...)");
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "SSH-2.0-OpenSSH_9.2p1 Debian-2\\r\\n | not an HTTP response: SSH-2.0-OpenSSH_9.2p1 Debian-2\\r\\n",
        "-ERR wrong protocol\\r\\n | not an HTTP response: -ERR wrong protocol\\r\\n",
        "HTTP/1.1 banana\\r\\n\\r\\n | not a valid HTTP response (For input string: \"banana\"): HTTP/1.1 banana\\r\\n\\r\\n",
    })
    void shouldTellAnAnswerThatIsNotHttp(String answer, String reason) throws IOException {
        byte[] bytes = answer.replace("\\r", "\r").replace("\\n", "\n").getBytes(StandardCharsets.US_ASCII);
        try (FakeServer fake = FakeServer.start(null, chunk -> bytes)) {
            ProbeResult result = checks.check("http://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
            assertThat(result.reason()).isEqualTo(reason);
        }
    }

    @Test
    void shouldTellABinaryGreetingAtOnceRatherThanWaitForALine() throws IOException {
        // A MariaDB error packet (no newline in it): the first byte is enough to tell it from HTTP.
        byte[] mariadb = {0x17, 0, 0, 0, (byte) 0xff, 0x6a, 0x04, 'H', 'o', 's', 't', ' ', 'i', 's', ' ', 'b', 'l', 'o', 'c', 'k', 'e',
            'd', '.'};
        try (FakeServer fake = FakeServer.start(mariadb, chunk -> null)) {
            ProbeResult result = checks.withOptions(ProbeOptions.defaults().withTimeout(Duration.ofSeconds(30)))
                    .check("http://127.0.0.1:" + fake.port());
            checks.withOptions(ProbeOptions.defaults().withTimeout(Duration.ofSeconds(3)));

            assertThat(result.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
            assertThat(result.reason()).startsWith("not an HTTP response: \\x17\\x00\\x00\\x00\\xffj\\x04Host is blocked.");
        }
    }

    @Test
    void shouldSayWhenThePortSpeaksTls() throws Exception {
        // A real TLS server (MockWebServer with HTTPS) answers a plain request with a TLS alert record.
        server.enqueue(new MockResponse.Builder().body("ok").build());
        String target = https(CERTIFICATES.valid(), "/").replace("https://", "http://");

        ProbeResult result = checks.check(target);

        assertThat(result.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
        assertThat(result.reason()).startsWith("not an HTTP response: \\x15\\x03")
                .endsWith(" (a TLS record: the port speaks TLS; check it with https)");
    }

    @Test
    void shouldTellALoadBalancerThatAcceptsAndCloses() throws IOException {
        try (LoopbackServers servers = new LoopbackServers()) {
            ProbeResult result = checks.check("http://127.0.0.1:" + servers.acceptThenClose());

            assertThat(result.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
            assertThat(result.reason()).contains("closed it without a word");
        }
    }

    @Test
    void shouldSendTheHostHeaderGiven() throws Exception {
        server.enqueue(new MockResponse.Builder().build());

        ProbeResult result = checks.check(http("/?hostHeader=shop.example.com"));

        assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
        assertThat(request().getHeaders().get("Host")).isEqualTo("shop.example.com");
    }

    @Test
    void shouldLeaveOneAccessLogLinePerCheckInARealServersLog() throws Exception {
        // Python's http.server: a real HTTP server that logs each request to stderr, as an access log does.
        Path root = java.nio.file.Files.createDirectories(directory.resolve("www"));
        java.nio.file.Files.writeString(root.resolve("health"), "ok\n");
        Path log = directory.resolve("http-server.log");
        int port = LoopbackServers.freePort();
        Process python;
        try {
            python = new ProcessBuilder("python3", "-u", "-m", "http.server", String.valueOf(port), "--bind", "127.0.0.1",
                    "--directory", root.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("python3 is not installed: " + e.getMessage());
            return;
        }
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
            ProbeResult get = checks.check("http://127.0.0.1:" + port + "/health?body=%5Eok");
            ProbeResult head = checks.check("http://127.0.0.1:" + port + "/health?method=HEAD");
            ProbeResult missing = checks.check("http://127.0.0.1:" + port + "/health/db");

            assertThat(get.outcome()).as(String.valueOf(get.reason())).isEqualTo(Outcome.OPEN);
            assertThat((String) get.detailsMap().get("server")).startsWith("SimpleHTTP/");
            assertThat(get.detailsMap()).containsEntry("bodyBytes", 3L);
            assertThat(head.outcome()).as(String.valueOf(head.reason())).isEqualTo(Outcome.OPEN);
            assertThat(missing.outcome()).isEqualTo(Outcome.UNHEALTHY);
            assertThat(missing.reason()).startsWith("HTTP 404 File not found from /health/db (expected 2xx)");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> requests(log).size() >= 4);
            // One access-log line a check; the 404 adds http.server's own error line. The readiness connect
            // above sent nothing and left nothing.
            List<String> lines = requests(log);
            assertThat(lines).hasSize(4);
            assertThat(lines.get(0)).endsWith("] \"GET /health HTTP/1.1\" 200 -");
            assertThat(lines.get(1)).endsWith("] \"HEAD /health HTTP/1.1\" 200 -");
            assertThat(lines.get(2)).endsWith("] code 404, message File not found");
            assertThat(lines.get(3)).endsWith("] \"GET /health/db HTTP/1.1\" 404 -");
        } finally {
            python.destroy();
            python.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The lines of the server's log about requests (not its start line). */
    private static List<String> requests(Path log) throws IOException {
        return java.nio.file.Files.readAllLines(log).stream().filter(line -> line.startsWith("127.0.0.1 ")).toList();
    }

    // ---- https

    @Test
    void shouldCheckAnHttpsEndpointAndItsCertificate() throws Exception {
        server.enqueue(new MockResponse.Builder().setHeader("Server", "MockWebServer").body("ok").build());
        String target = https(CERTIFICATES.valid(), "/health?caFile=" + ca);

        ProbeResult result = checks.check(target);

        assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
        assertThat(result.kind()).isEqualTo("https");
        assertThat(result.detailsMap()).containsEntry("status", 200).containsEntry("server", "MockWebServer")
                .containsEntry("certificateSubject", "CN=localhost").containsKey("tlsProtocol").containsKey("certificateDaysLeft");
        RecordedRequest request = request();
        assertThat(request.getRequestLine()).isEqualTo("GET /health HTTP/1.1");
        assertThat(request.getHeaders().get("Host")).isEqualTo("localhost:" + server.getPort());
        assertThat(serverNames).containsExactly("localhost");
    }

    @Test
    void shouldFailACertificateForAnotherName() throws Exception {
        server.enqueue(new MockResponse.Builder().body("ok").build());
        String target = https(CERTIFICATES.wrongHost(), "/?caFile=" + ca);

        ProbeResult result = checks.check(target);

        assertThat(result.outcome()).isEqualTo(Outcome.TLS_ERROR);
        assertThat(result.reason()).isEqualTo(
                "certificate is for other.example, not localhost (set serverName if the service has another name)");
        assertThat(server.getRequestCount()).as("no request after a failed certificate").isZero();
    }

    @Test
    void shouldFailAnExpiredCertificate() throws Exception {
        TestCertificates.Issued expired = CERTIFICATES.expired();
        server.enqueue(new MockResponse.Builder().body("ok").build());
        String target = https(expired, "/?caFile=" + ca);

        ProbeResult result = checks.check(target);

        assertThat(result.outcome()).isEqualTo(Outcome.TLS_ERROR);
        assertThat(result.reason()).startsWith("certificate for localhost expired ");
    }

    @Test
    void shouldWarnOfACertificateCloseToExpiry() throws Exception {
        server.enqueue(new MockResponse.Builder().body("ok").build());
        String target = https(CERTIFICATES.expiringIn(15), "/?caFile=" + ca);

        ProbeResult result = checks.check(target);

        assertThat(result.outcome()).isEqualTo(Outcome.DEGRADED);
        assertThat(result.reason()).startsWith("certificate for localhost expires ").endsWith("(warnDays 21)");
    }

    @Test
    void shouldSendServerNameAsSniAndHost() throws Exception {
        server.enqueue(new MockResponse.Builder().body("ok").build());
        server.useHttps(recordingSni(CERTIFICATES.wrongHost()).getSocketFactory());
        server.start(InetAddress.getLoopbackAddress(), 0);

        ProbeResult result = checks.check("https://127.0.0.1:" + server.getPort() + "/?caFile=" + ca + "&serverName=other.example");

        assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
        RecordedRequest request = request();
        assertThat(serverNames).containsExactly("other.example");
        assertThat(request.getHeaders().get("Host")).isEqualTo("other.example:" + server.getPort());
    }

    @Test
    void shouldTellAPlainHttpPortFromHttps() throws Exception {
        // A plain-text server that reads the ClientHello as a broken request and closes (MockWebServer
        // does so too, but only sometimes before the check's timeout: it may wait for the rest of a
        // request line), and one that answers in plain text (a 400 page), told by what it sent.
        ProbeResult closing;
        try (FakeServer closes = FakeServer.replyAndClose(new byte[0])) {
            closing = checks.check("https://127.0.0.1:" + closes.port());
        }
        try (FakeServer fake = FakeServer.start(null, chunk -> "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII))) {
            ProbeResult answering = checks.check("https://127.0.0.1:" + fake.port());

            assertThat(answering.outcome()).isEqualTo(Outcome.TLS_ERROR);
            assertThat(answering.reason()).isEqualTo("the server did not answer in TLS (a plain-text port, or TLS not enabled)");
        }
        assertThat(closing.outcome()).isEqualTo(Outcome.TLS_ERROR);
        assertThat(closing.reason()).isEqualTo("the server closed the connection during the TLS handshake");
    }

    // ---- elasticsearch

    private static final String GREEN = """
            {"cluster_name":"docker-cluster","status":"green","timed_out":false,"number_of_nodes":3,"number_of_data_nodes":3,\
            "active_primary_shards":12,"active_shards":24,"relocating_shards":0,"initializing_shards":0,"unassigned_shards":0,\
            "unassigned_primary_shards":0,"delayed_unassigned_shards":0,"number_of_pending_tasks":0,"number_of_in_flight_fetch":0,\
            "task_max_waiting_in_queue_millis":0,"active_shards_percent_as_number":100.0}""";

    private static final String YELLOW = """
            {"cluster_name":"docker-cluster","status":"yellow","timed_out":false,"number_of_nodes":1,"number_of_data_nodes":1,\
            "active_primary_shards":5,"active_shards":5,"relocating_shards":0,"initializing_shards":0,"unassigned_shards":5,\
            "unassigned_primary_shards":0,"delayed_unassigned_shards":0,"number_of_pending_tasks":0,"number_of_in_flight_fetch":0,\
            "task_max_waiting_in_queue_millis":0,"active_shards_percent_as_number":50.0}""";

    private static final String RED = """
            {"cluster_name":"logs","status":"red","timed_out":false,"number_of_nodes":2,"number_of_data_nodes":2,\
            "active_primary_shards":9,"active_shards":14,"relocating_shards":0,"initializing_shards":0,"unassigned_shards":1,\
            "unassigned_primary_shards":1,"delayed_unassigned_shards":0,"number_of_pending_tasks":0,"number_of_in_flight_fetch":0,\
            "task_max_waiting_in_queue_millis":0,"active_shards_percent_as_number":93.33333333333333}""";

    private static final String UNAUTHORIZED = """
            {"error":{"root_cause":[{"type":"security_exception","reason":"missing authentication credentials for REST request \
            [/_cluster/health]","header":{"WWW-Authenticate":["Basic realm=\\"security\\" charset=\\"UTF-8\\"","Bearer realm=\
            \\"security\\"","ApiKey"]}}],"type":"security_exception","reason":"missing authentication credentials for REST request \
            [/_cluster/health]","header":{"WWW-Authenticate":["Basic realm=\\"security\\" charset=\\"UTF-8\\"","Bearer realm=\
            \\"security\\"","ApiKey"]}},"status":401}""";

    private static final String NO_MASTER = """
            {"error":{"root_cause":[{"type":"master_not_discovered_exception","reason":null}],\
            "type":"master_not_discovered_exception","reason":null},"status":503}""";

    @Test
    void shouldFindAGreenClusterHealthyAndReportIt() throws Exception {
        server.enqueue(json(200, GREEN));

        ProbeResult result = checks.check(http("").replace("http://", "elasticsearch://"));

        assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
        assertThat(result.kind()).isEqualTo("elasticsearch");
        assertThat(result.detailsMap()).containsEntry("clusterName", "docker-cluster").containsEntry("clusterStatus", "green")
                .containsEntry("numberOfNodes", 3).containsEntry("unassignedShards", 0);
        RecordedRequest request = request();
        assertThat(request.getRequestLine()).isEqualTo("GET /_cluster/health HTTP/1.1");
        assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
        assertThat(request.getHeaders().get("Authorization")).isNull();
    }

    @Test
    void shouldCallAYellowClusterDegraded() throws Exception {
        server.enqueue(json(200, YELLOW));

        ProbeResult result = checks.check(http("").replace("http://", "elasticsearch://"));

        assertThat(result.outcome()).isEqualTo(Outcome.DEGRADED);
        assertThat(result.reason()).isEqualTo("Elasticsearch cluster docker-cluster is yellow: 5 unassigned shards");
        assertThat(result.detailsMap()).containsEntry("clusterStatus", "yellow").containsEntry("numberOfNodes", 1);
    }

    @Test
    void shouldCallARedClusterUnhealthy() throws Exception {
        server.enqueue(json(200, RED));

        ProbeResult result = checks.check(http("").replace("http://", "elasticsearch://"));

        assertThat(result.outcome()).isEqualTo(Outcome.UNHEALTHY);
        assertThat(result.reason()).isEqualTo("Elasticsearch cluster logs is red: 1 unassigned shard");
        assertThat(result.detailsMap()).containsEntry("unassignedShards", 1);
    }

    @Test
    void shouldCallAClusterThatWantsCredentialsAlive() throws Exception {
        server.enqueue(new MockResponse.Builder().status("HTTP/1.1 401 Unauthorized").setHeader("Content-Type", "application/json")
                .setHeader("WWW-Authenticate", "Basic realm=\"security\" charset=\"UTF-8\"").body(UNAUTHORIZED).build());

        ProbeResult result = checks.check(http("").replace("http://", "elasticsearch://"));

        assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
        assertThat(result.detailsMap()).containsEntry("status", 401)
                .containsEntry("note", "alive; needs credentials (HTTP 401 Unauthorized)");
    }

    @Test
    void shouldCallAClusterWithoutAMasterUnhealthy() throws Exception {
        server.enqueue(json(503, NO_MASTER));

        ProbeResult result = checks.check(http("").replace("http://", "elasticsearch://"));

        assertThat(result.outcome()).isEqualTo(Outcome.UNHEALTHY);
        assertThat(result.reason()).isEqualTo("HTTP 503 Service Unavailable from /_cluster/health: master_not_discovered_exception");
    }

    @Test
    void shouldTellAnHttpServerThatIsNotElasticsearch() throws Exception {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/html").body("<html><body>Welcome to nginx!"
                + "</body></html>").build());

        ProbeResult result = checks.check(http("").replace("http://", "elasticsearch://"));

        assertThat(result.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
        assertThat(result.reason()).isEqualTo("not an Elasticsearch cluster health answer (HTTP 200 OK from /_cluster/health):"
                + " \"<html><body>Welcome to nginx!</body></html>\"");
    }

    @Test
    void shouldCheckElasticsearchOverTls() throws Exception {
        server.enqueue(json(200, GREEN));
        String target = https(CERTIFICATES.valid(), "/_cluster/health?tls=true&caFile=" + ca)
                .replace("https://", "elasticsearch://");

        ProbeResult result = checks.check(target);

        assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
        assertThat(result.detailsMap()).containsEntry("clusterStatus", "green").containsKey("certificateDaysLeft");
        assertThat(serverNames).containsExactly("localhost");
    }

    // ---- targets and settings

    @Test
    void shouldReadTheTargetFormWithPathAndOptions() {
        Check check = Check.parse("https://localhost:8443/health?status=200", true);

        assertThat(check.kind().name()).isEqualTo("https");
        assertThat(check.target().host()).isEqualTo("localhost");
        assertThat(check.target().port()).isEqualTo(8443);
        HttpProbe.Settings settings = (HttpProbe.Settings) check.settings();
        assertThat(settings.path()).isEqualTo("/health");
        assertThat(settings.expected().toString()).isEqualTo("200");
        assertThat(settings.tls()).isTrue();
        assertThat(Check.parse("http://db.internal", true).target().port()).isEqualTo(80);
        assertThat(((HttpProbe.Settings) Check.parse("http://db.internal", true).settings()).path()).isEqualTo("/");
        assertThat(Check.parse("elasticsearch://search", true).target().port()).isEqualTo(9200);
    }

    @Test
    void shouldWriteAStableFingerprint() {
        String first = Check.parse("https://localhost/health?status=2XX,301&body=UP&serverName=shop.test", true).settings()
                .fingerprint();
        String again = Check.parse("https://localhost/health?serverName=shop.test&body=UP&status=2xx,301", true).settings()
                .fingerprint();

        assertThat(first).isEqualTo(again).isEqualTo("path=/health,method=GET,status=2xx,301,body=UP,hostHeader=null,tls=true,"
                + "serverName=shop.test,caFile=null,warnDays=21,critDays=7");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "http://h?status=abc | option \"status\": \"abc\" is not a status; write codes (200), classes (2xx) or ranges (200-399),"
            + " separated by commas, like 2xx,301",
        "http://h?status=600 | option \"status\": 600 is not an HTTP status; statuses are 100 to 599",
        "http://h?status=399-200 | option \"status\": \"399-200\" goes from high to low; write the lower status first, like 200-399",
        "http://h?status=2xx,,301 | option \"status\": \"2xx,,301\" has an empty entry; write statuses separated by commas, like 2xx,301",
        "http://h?method=POST | option \"method\": \"POST\" is not allowed; a check sends GET or HEAD (it never changes anything on"
            + " the server)",
        "http://h?body=(unclosed | option \"body\": \"(unclosed\" is not a valid regular expression: Unclosed group near index 9",
        "http://h?method=HEAD&body=UP | option \"body\": the answer to a HEAD has no body to match; use method GET, or leave body out",
        "http://h?path=health | option \"path\": \"health\" does not start with \"/\"; give the path of the request, like /health/db",
        "http://h?hostHeader=a%20b | option \"hostHeader\": \"a b\" is not a host name with an optional port; give the name the server"
            + " answers to, like shop.example.com or shop.example.com:8080",
        "http://h?caFile=/etc/ca.pem | unknown option \"caFile\" for a http check; its options are path, method, status, body, hostHeader",
        "elasticsearch://h?status=200 | unknown option \"status\" for a elasticsearch check; its options are path, hostHeader, tls,"
            + " serverName, caFile, warnDays, critDays",
    })
    void shouldRefuseBadSettingsSayingWhatIsAllowed(String target, String message) {
        assertThatThrownBy(() -> Check.parse(target, true)).isInstanceOf(InvalidTargetException.class)
                .hasMessageEndingWith(message);
    }
}

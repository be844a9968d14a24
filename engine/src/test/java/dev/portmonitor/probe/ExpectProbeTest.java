package dev.portmonitor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.portmonitor.target.InvalidTargetException;
import dev.portmonitor.testing.FakeServer;
import dev.portmonitor.testing.KindChecks;
import dev.portmonitor.testing.LoopbackServers;
import dev.portmonitor.testing.TestCertificates;
import dev.portmonitor.testing.TlsServer;
import dev.portmonitor.verify.Check;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code expect} kind. Real servers: the Redis on 6379 ({@code PING} sent as text with escapes
 * and as hex) and the NATS server on 4222 (its INFO banner, nothing sent); a JDK TLS server on
 * loopback with the test CA's certificates ({@link TlsServer}). Faked ({@link FakeServer}): an
 * SSH-like banner, replies that do not match, a reply that stops short, a plain-text port for TLS.
 */
class ExpectProbeTest {

    private static final TestCertificates CERTIFICATES = new TestCertificates();

    @RegisterExtension
    static final KindChecks checks = new KindChecks();

    @TempDir
    static Path directory;

    private static Path ca;

    @BeforeAll
    static void writeCa() throws IOException {
        ca = CERTIFICATES.writeCaPem(directory);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void shouldSendPingToTheRealRedisAndMatchPong() {
        ProbeResult result = checks.check("expect://127.0.0.1:6379?send=PING%5Cr%5Cn&expect=%5E%5C%2BPONG");

        assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
        assertThat(result.kind()).isEqualTo("expect");
        assertThat(result.detailsMap()).containsEntry("matched", "+PONG").containsEntry("receivedBytes", 7L);
    }

    @Test
    void shouldSendHexToTheRealRedis() {
        ProbeResult result = checks.check("expect://127.0.0.1:6379?sendHex=50%2049%204e%2047%200d%200a&expect=PONG%5Cr%5Cn%24");

        assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
        assertThat(result.detailsMap()).containsEntry("matched", "PONG??");
    }

    @Test
    void shouldMatchTheRealNatsBannerWithoutSendingAnything() {
        ProbeResult result = checks.check("expect://127.0.0.1:4222?expect=%5EINFO%20%5C%7B.*%22version%22");

        assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
        assertThat((String) result.detailsMap().get("matched")).startsWith("INFO {\"server_id\":").endsWith("..."); // clipped
    }

    @Test
    void shouldMatchAnSshBannerAndSendNothing() throws IOException {
        try (FakeServer fake = FakeServer.start(ascii("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"), chunk -> null)) {
            ProbeResult result = checks.check("expect://127.0.0.1:" + fake.port() + "?expect=%5ESSH-2%5C.0-");

            assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
            assertThat(result.detailsMap()).containsEntry("matched", "SSH-2.0-");
            await().atMost(Duration.ofSeconds(5)).until(() -> fake.received().size() == 1);
            assertThat(fake.received().get(0)).isEmpty();
        }
    }

    @Test
    void shouldSendTheEscapesAsBytes() throws IOException {
        try (FakeServer fake = FakeServer.start(null, chunk -> ascii("ok\n"))) {
            ProbeResult result = checks.check("expect://127.0.0.1:" + fake.port()
                    + "?send=a%5Cx00b%5Ct%5C%5Cc%5Cr%5Cn&expect=ok");

            assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
            assertThat(fake.received().get(0)).isEqualTo("a\0b\t\\c\r\n");
        }
    }

    @Test
    void shouldMatchAReplyThatArrivesInPieces() throws IOException {
        try (FakeServer fake = FakeServer.start(ascii("+PO"), chunk -> ascii("NG\r\n"))) {
            ProbeResult result = checks.check("expect://127.0.0.1:" + fake.port() + "?send=PING%5Cr%5Cn&expect=%5E%5C%2BPONG%5Cr%5Cn");

            assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
        }
    }

    @Test
    void shouldSayWhatArrivedWhenTheReplyDoesNotMatchBeforeTheClose() throws IOException {
        try (FakeServer fake = FakeServer.replyAndClose(ascii("-ERR unknown command 'PNG'\r\n"))) {
            ProbeResult result = checks.check("expect://127.0.0.1:" + fake.port() + "?send=PNG%5Cr%5Cn&expect=%5E%5C%2BPONG");

            assertThat(result.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
            assertThat(result.reason()).isEqualTo("reply did not match /^\\+PONG/ before the server closed the connection (28 bytes):"
                    + " -ERR unknown command 'PNG'\\r\\n");
        }
    }

    @Test
    void shouldGiveUpAtTheReadLimit() throws IOException {
        try (FakeServer fake = FakeServer.start(ascii("x".repeat(100)), chunk -> null)) {
            ProbeResult result = checks.check("expect://127.0.0.1:" + fake.port() + "?expect=PONG&readLimit=50");

            assertThat(result.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
            assertThat(result.reason()).isEqualTo("reply did not match /PONG/ in the first 50 bytes (readLimit): " + "x".repeat(60)
                    + "...");
        }
    }

    @Test
    void shouldSayWhatArrivedWhenTheTimeoutComes() throws IOException {
        try (FakeServer fake = FakeServer.start(null, chunk -> ascii("+PON"))) {
            ProbeResult result = checks.withOptions(ProbeOptions.defaults().withTimeout(Duration.ofMillis(400)))
                    .check("expect://127.0.0.1:" + fake.port() + "?send=PING%5Cr%5Cn&expect=%5E%5C%2BPONG");
            checks.withOptions(ProbeOptions.defaults().withTimeout(Duration.ofSeconds(3)));

            assertThat(result.outcome()).isEqualTo(Outcome.TIMEOUT);
            assertThat(result.reason()).matches("connected in .+, but no reply matching /\\^\\\\\\+PONG/ within the 400ms timeout"
                    + " \\(received 4 bytes: \\+PON\\)");
        }
    }

    @Test
    void shouldTellALoadBalancerThatAcceptsAndCloses() throws IOException {
        try (LoopbackServers servers = new LoopbackServers()) {
            ProbeResult result = checks.check("expect://127.0.0.1:" + servers.acceptThenClose() + "?expect=OK");

            assertThat(result.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
            assertThat(result.reason()).contains("closed it without a word");
        }
    }

    @Test
    void shouldSpeakOverTlsWhenAsked() throws IOException {
        try (TlsServer server = TlsServer.start(CERTIFICATES.valid().serverContext(), "* OK IMAP4rev1 ready\r\n")) {
            ProbeResult result = checks.check("expect://localhost:" + server.port() + "?tls=true&caFile=" + ca
                    + "&send=a1%20CAPABILITY%5Cr%5Cn&expect=%5E%5C*%20OK");

            assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
            assertThat(result.detailsMap()).containsEntry("matched", "* OK").containsKey("certificateDaysLeft");
            await().atMost(Duration.ofSeconds(5)).until(() -> server.received().get(0).equals("a1 CAPABILITY\r\n"));
        }
    }

    @Test
    void shouldCheckTheCertificateOverTls() throws IOException {
        try (TlsServer server = TlsServer.start(CERTIFICATES.wrongHost().serverContext(), "* OK\r\n")) {
            ProbeResult result = checks.check("expect://localhost:" + server.port() + "?tls=true&caFile=" + ca + "&expect=OK");

            assertThat(result.outcome()).isEqualTo(Outcome.TLS_ERROR);
            assertThat(result.reason()).isEqualTo(
                    "certificate is for other.example, not localhost (set serverName if the service has another name)");
        }
    }

    @Test
    void shouldTellAPlainTextPortWhenTlsIsAsked() throws IOException {
        try (FakeServer fake = FakeServer.start(ascii("+OK POP3 ready\r\n"), chunk -> null)) {
            ProbeResult result = checks.check("expect://127.0.0.1:" + fake.port() + "?tls=true&expect=OK");

            assertThat(result.outcome()).isEqualTo(Outcome.TLS_ERROR);
            assertThat(result.reason()).isEqualTo("the server did not answer in TLS (a plain-text port, or TLS not enabled)");
        }
        // The real Redis reads the ClientHello as the start of a command and waits for the rest of it.
        ProbeResult redis = checks.withOptions(ProbeOptions.defaults().withTimeout(Duration.ofMillis(500)))
                .check("expect://127.0.0.1:6379?tls=true&send=PING%5Cr%5Cn&expect=PONG");
        checks.withOptions(ProbeOptions.defaults().withTimeout(Duration.ofSeconds(3)));
        assertThat(redis.outcome()).isIn(Outcome.TIMEOUT, Outcome.TLS_ERROR);
        assertThat(redis.reason()).containsAnyOf("no complete TLS handshake", "did not answer in TLS");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "expect://h:1?expect=(PONG | option \"expect\": \"(PONG\" is not a valid regular expression: Unclosed group near index 5",
        "expect://h:1?send=PING&sendHex=50&expect=P | option \"sendHex\": give send or sendHex, not both",
        "expect://h:1?send=PING | option \"expect\": is required: the regular expression the reply must match, like ^\\+PONG or"
            + " ^SSH-2\\.0-",
        "expect://h:1?expect=.* | option \"expect\": /.*/ matches an empty reply, so any server would pass; give what the reply must"
            + " contain, like ^\\+PONG",
        "expect://h:1?send=a%5Cqb&expect=x | option \"send\": \"a\\qb\" has the unknown escape \\q; the escapes are \\r, \\n, \\t, \\0,"
            + " \\\\ and \\xNN",
        "expect://h:1?send=a%5Cx4&expect=x | option \"send\": \"a\\x4\" has \\x without two hex digits after it; write a byte as \\xNN,"
            + " like \\x00 or \\x1b",
        "expect://h:1?send=a%5C&expect=x | option \"send\": \"a\\\" ends with a lone \\; write \\\\ for a backslash",
        "expect://h:1?sendHex=5g&expect=x | option \"sendHex\": \"5g\" is not hex bytes; write two hex digits a byte, optionally with"
            + " spaces, like 50494e470d0a or 50 49 4e 47 0d 0a",
        "expect://h:1?expect=x&readLimit=70000 | option \"readLimit\" is \"70000\"; expected a whole number from 1 to 65536",
        "expect://h?expect=x | \"expect://h?expect=x\": missing port; a expect target has no default port, write expect://host:port",
    })
    void shouldRefuseBadSettingsSayingWhatIsAllowed(String target, String message) {
        assertThatThrownBy(() -> Check.parse(target, true)).isInstanceOf(InvalidTargetException.class)
                .hasMessageEndingWith(message);
    }

    @Test
    void shouldReadTheTargetFormWithEscapedOptions() {
        Check check = Check.parse("expect://127.0.0.1:6379?send=PING%5Cr%5Cn&expect=PONG", true);

        ExpectProbe.Settings settings = (ExpectProbe.Settings) check.settings();
        assertThat(check.target().port()).isEqualTo(6379);
        assertThat(settings.send()).isEqualTo("PING\r\n");
        assertThat(settings.expect().pattern()).isEqualTo("PONG");
        assertThat(settings.readLimit()).isEqualTo(65536);
        assertThat(settings.tls()).isFalse();
    }

    @Test
    void shouldKeepWhatIsSentOutOfTheFingerprint() {
        String fingerprint = Check.parse("expect://h:6379?send=AUTH%20s3cret%5Cr%5Cn&expect=OK", true).settings().fingerprint();
        String same = Check.parse("expect://h:6379?expect=OK&send=AUTH%20s3cret%5Cr%5Cn", true).settings().fingerprint();
        String other = Check.parse("expect://h:6379?send=AUTH%20other%5Cr%5Cn&expect=OK", true).settings().fingerprint();
        String hex = Check.parse("expect://h:6379?sendHex=41555448207333637265740d0a&expect=OK", true).settings().fingerprint();

        assertThat(fingerprint).doesNotContain("s3cret").matches("send=sha256:[0-9a-f]{16},expect=OK,readLimit=65536,tls=false")
                .isEqualTo(same).as("the same bytes as hex").isEqualTo(hex).isNotEqualTo(other);
    }
}

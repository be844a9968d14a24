package dev.portmonitor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.DummySSLServerSocketFactory;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.portmonitor.testing.FakeServer;
import dev.portmonitor.testing.KindChecks;
import dev.portmonitor.testing.StartTlsServer;
import dev.portmonitor.testing.TestCertificates;
import dev.portmonitor.testing.TlsServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code imap}, {@code imaps}, {@code pop3} and {@code pop3s} kinds. Real servers: GreenMail IMAP,
 * IMAPS, POP3 and POP3S (its own self-signed certificate, which has no host name: so its TLS checks
 * end in TLS_ERROR, and say why). A healthy imaps/pop3s is a real JDK TLS server ({@link TlsServer})
 * with a test CA's certificate sending a faked greeting; "* BYE", "-ERR" and non-mail answers are faked.
 */
class MailboxProbeTest {

    private static final TestCertificates CERTIFICATES = new TestCertificates();
    private static final GreenMail GREENMAIL = new GreenMail(new ServerSetup[] {
        new ServerSetup(3143, "127.0.0.1", "imap").dynamicPort(), new ServerSetup(3993, "127.0.0.1", "imaps").dynamicPort(),
        new ServerSetup(3110, "127.0.0.1", "pop3").dynamicPort(), new ServerSetup(3995, "127.0.0.1", "pop3s").dynamicPort()});
    private static KindChecks checks;

    @TempDir
    static Path directory;

    private static Path ca;

    @BeforeAll
    static void start() throws IOException {
        GREENMAIL.start();
        checks = new KindChecks();
        ca = CERTIFICATES.writeCaPem(directory);
    }

    @AfterAll
    static void stop() {
        checks.close();
        GREENMAIL.stop();
    }

    @Test
    void shouldFindGreenMailImapHealthy() {
        ProbeResult result = checks.check("imap://127.0.0.1:" + GREENMAIL.getImap().getPort());

        assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
        assertThat(result.kind()).isEqualTo("imap");
        assertThat((String) result.detailsMap().get("banner")).isNotBlank();
    }

    @Test
    void shouldFindGreenMailPop3Healthy() {
        ProbeResult result = checks.check("pop3://127.0.0.1:" + GREENMAIL.getPop3().getPort());

        assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
        assertThat((String) result.detailsMap().get("banner")).isNotBlank();
    }

    @Test
    void shouldNotTrustGreenMailsSelfSignedCertificateOverImapsAndPop3s() {
        ProbeResult imaps = checks.check("imaps://localhost:" + GREENMAIL.getImaps().getPort());
        ProbeResult pop3s = checks.check("pop3s://localhost:" + GREENMAIL.getPop3s().getPort());

        String reason = "self-signed certificate GreenMail selfsigned Test Certificate is not trusted (give it, or its CA, in caFile)";
        assertThat(imaps.outcome()).isEqualTo(Outcome.TLS_ERROR);
        assertThat(imaps.reason()).isEqualTo(reason);
        assertThat(pop3s.outcome()).isEqualTo(Outcome.TLS_ERROR);
        assertThat(pop3s.reason()).isEqualTo(reason);
    }

    @Test
    void shouldSayWhomGreenMailsCertificateIsForOnceItIsTrusted() throws Exception {
        Path greenMailCa = TestCertificates.writePem(directory.resolve("greenmail.pem"), greenMailCertificate());

        ProbeResult imaps = checks.check("imaps://localhost:" + GREENMAIL.getImaps().getPort() + "?caFile=" + greenMailCa);

        assertThat(imaps.outcome()).isEqualTo(Outcome.TLS_ERROR);
        assertThat(imaps.reason()).isEqualTo("certificate is for GreenMail selfsigned Test Certificate, not localhost"
                + " (set serverName if the service has another name)");
        assertThat(imaps.detailsMap()).containsKey("tlsProtocol")
                .containsEntry("certificateIssuer", greenMailCertificate().getIssuerX500Principal().getName());
    }

    @Test
    void shouldFindImapsAndPop3sHealthyWithATrustedCertificate() throws IOException {
        TestCertificates.Issued valid = CERTIFICATES.valid();
        try (TlsServer imap = TlsServer.start(valid.serverContext(), "* OK [CAPABILITY IMAP4rev1] mail.test ready\r\n");
             TlsServer pop3 = TlsServer.start(valid.serverContext(), "+OK mail.test POP3 ready\r\n")) {
            ProbeResult imaps = checks.check("imaps://localhost:" + imap.port() + "?caFile=" + ca);
            ProbeResult pop3s = checks.check("pop3s://localhost:" + pop3.port() + "?caFile=" + ca);

            assertThat(imaps.outcome()).as(String.valueOf(imaps.reason())).isEqualTo(Outcome.OPEN);
            assertThat(imaps.detailsMap()).containsEntry("banner", "[CAPABILITY IMAP4rev1] mail.test ready")
                    .containsKey("certificateDaysLeft");
            assertThat(pop3s.outcome()).as(String.valueOf(pop3s.reason())).isEqualTo(Outcome.OPEN);
            assertThat(pop3s.detailsMap()).containsEntry("banner", "mail.test POP3 ready");
            await().atMost(Duration.ofSeconds(5)).until(() -> imap.received().get(0).equals("a1 LOGOUT\r\n"));
            await().atMost(Duration.ofSeconds(5)).until(() -> pop3.received().get(0).equals("QUIT\r\n"));
        }
    }

    @Test
    void shouldStartTlsOverImapAndPop3WhenAsked() throws IOException {
        TestCertificates.Issued valid = CERTIFICATES.valid();
        try (StartTlsServer imap = StartTlsServer.start(valid.serverContext(), "* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n",
                "a1 OK Begin TLS negotiation now\r\n", true);
             StartTlsServer pop3 = StartTlsServer.start(valid.serverContext(), "+OK POP3 ready\r\n", "+OK Begin TLS\r\n", true)) {
            ProbeResult imaps = checks.check("imap://localhost:" + imap.port() + "?tls=true&caFile=" + ca);
            ProbeResult pop3s = checks.check("pop3://localhost:" + pop3.port() + "?tls=true&caFile=" + ca);

            assertThat(imaps.outcome()).as(String.valueOf(imaps.reason())).isEqualTo(Outcome.OPEN);
            assertThat(imaps.detailsMap()).containsEntry("banner", "[CAPABILITY IMAP4rev1 STARTTLS] ready")
                    .containsEntry("starttls", true).containsKey("certificateDaysLeft");
            assertThat(pop3s.outcome()).as(String.valueOf(pop3s.reason())).isEqualTo(Outcome.OPEN);
            assertThat(pop3s.detailsMap()).containsEntry("starttls", true).containsKey("tlsProtocol");
            assertThat(imap.commands()).containsExactly("a1 STARTTLS");
            assertThat(pop3.commands()).containsExactly("STLS");
            // the goodbye goes over TLS
            await().atMost(Duration.ofSeconds(5)).until(() -> imap.secured().get(0).equals("a2 LOGOUT\r\n"));
            await().atMost(Duration.ofSeconds(5)).until(() -> pop3.secured().get(0).equals("QUIT\r\n"));
        }
    }

    @Test
    void shouldFailStartTlsWithAnExpiredCertificate() throws IOException {
        try (StartTlsServer imap = StartTlsServer.start(CERTIFICATES.expired().serverContext(), "* OK ready\r\n",
                "a1 OK go\r\n", true)) {
            ProbeResult result = checks.check("imap://localhost:" + imap.port() + "?tls=true&caFile=" + ca);

            assertThat(result.outcome()).isEqualTo(Outcome.TLS_ERROR);
            assertThat(result.reason()).startsWith("certificate for localhost expired ");
        }
    }

    @Test
    void shouldSayWhenTheServerRefusesStartTls() throws IOException {
        try (StartTlsServer imap = StartTlsServer.start(CERTIFICATES.valid().serverContext(), "* OK ready\r\n",
                "a1 BAD STARTTLS not supported\r\n", false);
             StartTlsServer pop3 = StartTlsServer.start(CERTIFICATES.valid().serverContext(), "+OK ready\r\n",
                     "-ERR command not recognized\r\n", false)) {
            ProbeResult imapResult = checks.check("imap://localhost:" + imap.port() + "?tls=true&caFile=" + ca);
            ProbeResult pop3Result = checks.check("pop3://localhost:" + pop3.port() + "?tls=true&caFile=" + ca);

            assertThat(imapResult.outcome()).isEqualTo(Outcome.TLS_ERROR);
            assertThat(imapResult.reason()).isEqualTo("IMAP server refused STARTTLS: \"a1 BAD STARTTLS not supported\""
                    + " (the check asks for TLS; tls: false checks without it)");
            assertThat(pop3Result.outcome()).isEqualTo(Outcome.TLS_ERROR);
            assertThat(pop3Result.reason()).isEqualTo("POP3 server refused STLS: \"-ERR command not recognized\""
                    + " (the check asks for TLS; tls: false checks without it)");
            await().atMost(Duration.ofSeconds(5)).until(() -> imap.commands().equals(java.util.List.of("a1 STARTTLS", "a2 LOGOUT")));
            await().atMost(Duration.ofSeconds(5)).until(() -> pop3.commands().equals(java.util.List.of("STLS", "QUIT")));
        }
    }

    @Test
    void shouldRefuseStartTlsAgainstGreenMailWhichHasNone() {
        ProbeResult result = checks.check("imap://127.0.0.1:" + GREENMAIL.getImap().getPort() + "?tls=true");

        assertThat(result.outcome()).isEqualTo(Outcome.TLS_ERROR);
        assertThat(result.reason()).startsWith("IMAP server refused STARTTLS: \"a1 ");
    }

    @Test
    void shouldFailAnExpiredCertificateOverImaps() throws IOException {
        try (TlsServer imap = TlsServer.start(CERTIFICATES.expired().serverContext(), "* OK ready\r\n")) {
            ProbeResult result = checks.check("imaps://localhost:" + imap.port() + "?caFile=" + ca);

            assertThat(result.outcome()).isEqualTo(Outcome.TLS_ERROR);
            assertThat(result.reason()).startsWith("certificate for localhost expired ");
        }
    }

    @Test
    void shouldTellPop3OnAnImapPort() {
        ProbeResult result = checks.check("imap://127.0.0.1:" + GREENMAIL.getPop3().getPort());

        assertThat(result.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
        assertThat(result.reason()).startsWith("not an IMAP greeting (expected \"*\"): +OK");
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "imap | * BYE mail.test too many connections | UNHEALTHY | IMAP server refuses sessions: * BYE mail.test too many connections | ",
        "imap | * PREAUTH mail.test logged in | OPEN | | a1 LOGOUT",
        "imap | 220 mail.test ESMTP | BAD_RESPONSE | not an IMAP greeting (expected \"*\"): 220 mail.test ESMTP\\r\\n | ",
        "imap | * NO not now | BAD_RESPONSE | not an IMAP greeting: \"* NO not now\" | ",
        "pop3 | -ERR [SYS/TEMP] server busy | UNHEALTHY | POP3 server refuses sessions: -ERR [SYS/TEMP] server busy | QUIT",
        "pop3 | * OK IMAP ready | BAD_RESPONSE | not a POP3 greeting (expected \"+OK\"): * OK IMAP ready\\r\\n | ",
    })
    void shouldReadWhatTheServerSays(String kind, String greeting, Outcome outcome, String reason, String goodbye)
            throws IOException {
        try (FakeServer fake = FakeServer.start((greeting + "\r\n").getBytes(StandardCharsets.US_ASCII), chunk -> null)) {
            ProbeResult result = checks.check(kind + "://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(outcome);
            if (reason != null) {
                assertThat(result.reason()).isEqualTo(reason);
            }
            if (goodbye != null) {
                await().atMost(Duration.ofSeconds(5)).until(() -> fake.received().get(0).equals(goodbye + "\r\n"));
            }
        }
    }

    private static X509Certificate greenMailCertificate() throws KeyStoreException {
        KeyStore store = ((DummySSLServerSocketFactory) DummySSLServerSocketFactory.getDefault()).getKeyStore();
        for (String alias : Collections.list(store.aliases())) {
            if (store.getCertificate(alias) instanceof X509Certificate certificate) {
                return certificate;
            }
        }
        throw new IllegalStateException("GreenMail's key store has no certificate");
    }
}

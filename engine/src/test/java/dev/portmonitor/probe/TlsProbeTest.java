package dev.portmonitor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portmonitor.testing.FakeServer;
import dev.portmonitor.testing.KindChecks;
import dev.portmonitor.testing.TestCertificates;
import dev.portmonitor.testing.TlsServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code tls} kind against a real JDK TLS server on loopback ({@link TlsServer}) with certificates
 * made in the test ({@link TestCertificates}); the plain-text port is a {@link FakeServer}.
 */
class TlsProbeTest {

    private static final TestCertificates CERTIFICATES = new TestCertificates();
    private static KindChecks checks;

    @TempDir
    static Path directory;

    private static Path ca;

    @BeforeAll
    static void start() throws IOException {
        checks = new KindChecks();
        ca = CERTIFICATES.writeCaPem(directory);
    }

    @AfterAll
    static void stop() {
        checks.close();
    }

    @Test
    void shouldFindAValidCertificateHealthyAndReportIt() throws IOException {
        TestCertificates.Issued valid = CERTIFICATES.valid();
        try (TlsServer server = TlsServer.start(valid.serverContext())) {
            ProbeResult result = checks.check("tls://localhost:" + server.port() + "?caFile=" + ca);

            assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
            assertThat(result.detailsMap()).containsEntry("certificateDaysLeft", 89L)
                    .containsEntry("chainNotAfter", valid.leaf().getNotAfter().toInstant().toString())
                    .containsEntry("certificateSubject", "CN=localhost")
                    .containsEntry("certificateIssuer", "CN=Port Monitor Test CA")
                    .containsKey("tlsProtocol");
            assertThat((String) result.detailsMap().get("tlsProtocol")).startsWith("TLSv1.");
        }
    }

    @Test
    void shouldCheckTheIpAddressWhenTheTargetIsOne() throws IOException {
        try (TlsServer server = TlsServer.start(CERTIFICATES.valid().serverContext())) {
            ProbeResult result = checks.check("tls://127.0.0.1:" + server.port() + "?caFile=" + ca);

            assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
        }
    }

    @Test
    void shouldWarnWithinWarnDays() throws IOException {
        TestCertificates.Issued soon = CERTIFICATES.expiringIn(15);
        try (TlsServer server = TlsServer.start(soon.serverContext())) {
            ProbeResult result = checks.check("tls://localhost:" + server.port() + "?caFile=" + ca);

            assertThat(result.outcome()).isEqualTo(Outcome.DEGRADED);
            assertThat(result.reason()).isEqualTo("certificate for localhost expires " + date(soon.leaf().getNotAfter().toInstant())
                    + ", in 14 days (warnDays 21)");
            assertThat(result.detailsMap()).containsEntry("certificateDaysLeft", 14L);
        }
    }

    @Test
    void shouldFailWithinCritDays() throws IOException {
        TestCertificates.Issued soon = CERTIFICATES.expiringIn(5);
        try (TlsServer server = TlsServer.start(soon.serverContext())) {
            ProbeResult result = checks.check("tls://localhost:" + server.port() + "?caFile=" + ca);

            assertThat(result.outcome()).isEqualTo(Outcome.TLS_ERROR);
            assertThat(result.reason()).isEqualTo("certificate for localhost expires " + date(soon.leaf().getNotAfter().toInstant())
                    + ", in 4 days (critDays 7)");
        }
    }

    @Test
    void shouldHonourWarnDaysAndCritDaysOptions() throws IOException {
        try (TlsServer server = TlsServer.start(CERTIFICATES.expiringIn(15).serverContext())) {
            ProbeResult result = checks.check("tls://localhost:" + server.port() + "?caFile=" + ca + "&warnDays=10&critDays=3");

            assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
        }
    }

    @Test
    void shouldSayWhenTheCertificateExpired() throws IOException {
        TestCertificates.Issued expired = CERTIFICATES.expired();
        try (TlsServer server = TlsServer.start(expired.serverContext())) {
            ProbeResult result = checks.check("tls://localhost:" + server.port() + "?caFile=" + ca);

            assertThat(result.outcome()).isEqualTo(Outcome.TLS_ERROR);
            assertThat(result.reason()).isEqualTo("certificate for localhost expired " + date(expired.leaf().getNotAfter().toInstant()));
        }
    }

    @Test
    void shouldSayWhomTheCertificateIsFor() throws IOException {
        try (TlsServer server = TlsServer.start(CERTIFICATES.wrongHost().serverContext())) {
            ProbeResult result = checks.check("tls://localhost:" + server.port() + "?caFile=" + ca);

            assertThat(result.outcome()).isEqualTo(Outcome.TLS_ERROR);
            assertThat(result.reason()).isEqualTo(
                    "certificate is for other.example, not localhost (set serverName if the service has another name)");
        }
    }

    @Test
    void shouldCheckTheNameGivenAsServerName() throws IOException {
        try (TlsServer server = TlsServer.start(CERTIFICATES.wrongHost().serverContext())) {
            ProbeResult matching = checks.check("tls://127.0.0.1:" + server.port() + "?caFile=" + ca + "&serverName=other.example");
            ProbeResult other = checks.check("tls://127.0.0.1:" + server.port() + "?caFile=" + ca + "&serverName=mail.example");

            assertThat(matching.outcome()).as(String.valueOf(matching.reason())).isEqualTo(Outcome.OPEN);
            assertThat(other.outcome()).isEqualTo(Outcome.TLS_ERROR);
            assertThat(other.reason()).isEqualTo("certificate is for other.example, not mail.example");
        }
    }

    @Test
    void shouldNotTrustASelfSignedCertificate() throws IOException {
        TestCertificates.Issued self = CERTIFICATES.selfSigned();
        try (TlsServer server = TlsServer.start(self.serverContext())) {
            ProbeResult untrusted = checks.check("tls://localhost:" + server.port());
            Path own = TestCertificates.writePem(directory.resolve("self.pem"), self.leaf());
            ProbeResult trusted = checks.check("tls://localhost:" + server.port() + "?caFile=" + own);

            assertThat(untrusted.outcome()).isEqualTo(Outcome.TLS_ERROR);
            assertThat(untrusted.reason()).isEqualTo("self-signed certificate localhost is not trusted (give it, or its CA, in caFile)");
            assertThat(trusted.outcome()).as(String.valueOf(trusted.reason())).isEqualTo(Outcome.OPEN);
        }
    }

    @Test
    void shouldNotTrustACertificateFromAnotherCa() throws IOException {
        // The JDK's trust store does not know the test CA.
        try (TlsServer server = TlsServer.start(CERTIFICATES.valid().serverContext())) {
            ProbeResult result = checks.check("tls://localhost:" + server.port());

            assertThat(result.outcome()).isEqualTo(Outcome.TLS_ERROR);
            assertThat(result.reason()).startsWith("certificate for localhost is not trusted: no trusted CA issued the chain");
        }
    }

    @Test
    void shouldSayWhenTheChainIsIncomplete() throws IOException {
        try (TlsServer server = TlsServer.start(CERTIFICATES.incompleteChain().serverContext())) {
            ProbeResult result = checks.check("tls://localhost:" + server.port() + "?caFile=" + ca);

            assertThat(result.outcome()).isEqualTo(Outcome.TLS_ERROR);
            assertThat(result.reason()).isEqualTo("certificate for localhost is not trusted: no trusted CA issued the chain the server"
                    + " sent (1 certificate, the last issued by Port Monitor Test Intermediate CA); an incomplete chain, or a"
                    + " private CA not in " + ca);
        }
        try (TlsServer server = TlsServer.start(CERTIFICATES.throughIntermediate().serverContext())) {
            ProbeResult complete = checks.check("tls://localhost:" + server.port() + "?caFile=" + ca);

            assertThat(complete.outcome()).as(String.valueOf(complete.reason())).isEqualTo(Outcome.OPEN);
        }
    }

    @Test
    void shouldTellAPlainTextPort() throws IOException {
        try (FakeServer fake = FakeServer.start("220 mail.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII), chunk -> null)) {
            ProbeResult result = checks.check("tls://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.TLS_ERROR);
            assertThat(result.reason()).isEqualTo("the server did not answer in TLS (a plain-text port, or TLS not enabled)");
        }
    }

    @Test
    void shouldTimeOutOnAServerThatNeverStartsTheHandshake() throws IOException {
        try (FakeServer fake = FakeServer.start(null, chunk -> null)) {
            ProbeResult result = checks.withOptions(ProbeOptions.defaults().withTimeout(Duration.ofMillis(400)))
                    .check("tls://127.0.0.1:" + fake.port());
            checks.withOptions(ProbeOptions.defaults().withTimeout(Duration.ofSeconds(3)));

            assertThat(result.outcome()).isIn(Outcome.TIMEOUT, Outcome.TLS_ERROR);
            assertThat(result.reason()).containsAnyOf("TLS handshake", "did not finish in time");
        }
    }

    private static String date(Instant instant) {
        return instant.atOffset(java.time.ZoneOffset.UTC).toLocalDate().toString();
    }
}

package dev.portmonitor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.portmonitor.testing.FakeServer;
import dev.portmonitor.testing.KindChecks;
import dev.portmonitor.testing.LoopbackServers;
import dev.portmonitor.testing.TestCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The {@code smtp} and {@code submission} kinds. Real servers: GreenMail's plain SMTP (no STARTTLS)
 * and SubEtha SMTP requiring STARTTLS with certificates made in the test. Faked: a 421/554 banner,
 * a non-SMTP answer, a refused STARTTLS (FakeServer speaking SMTP's wire format).
 */
class SmtpProbeTest {

    private static final TestCertificates CERTIFICATES = new TestCertificates();
    private static final GreenMail GREENMAIL = new GreenMail(new ServerSetup(3025, "127.0.0.1", "smtp").dynamicPort());
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

    private static int greenMailPort() {
        return GREENMAIL.getSmtp().getPort();
    }

    @Test
    void shouldFindGreenMailSmtpHealthy() {
        ProbeResult result = checks.check("smtp://127.0.0.1:" + greenMailPort());

        assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
        assertThat(result.kind()).isEqualTo("smtp");
        assertThat((String) result.detailsMap().get("banner")).isNotBlank();
        assertThat(result.detailsMap()).containsEntry("starttls", false);
        assertThat(GREENMAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void shouldSayStartTlsIsMissingForSubmission() {
        ProbeResult result = checks.check("submission://127.0.0.1:" + greenMailPort());

        assertThat(result.outcome()).isEqualTo(Outcome.TLS_ERROR);
        assertThat(result.reason()).startsWith("STARTTLS missing: the server does not offer STARTTLS in its EHLO answer");
        assertThat(result.detailsMap()).containsEntry("starttls", false);
    }

    @Test
    void shouldCheckAPlainSubmissionPortWhenTlsIsOff() {
        ProbeResult result = checks.check("submission://127.0.0.1:" + greenMailPort() + "?tls=false");

        assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
    }

    @Test
    void shouldStartTlsWithAServerThatRequiresIt() throws Exception {
        try (Subetha server = new Subetha(CERTIFICATES.valid().serverContext())) {
            ProbeResult submission = checks.check("submission://localhost:" + server.port + "?caFile=" + ca);
            ProbeResult smtp = checks.check("smtp://localhost:" + server.port + "?tls=true&caFile=" + ca);
            ProbeResult plain = checks.check("smtp://localhost:" + server.port);

            assertThat(submission.outcome()).as(String.valueOf(submission.reason())).isEqualTo(Outcome.OPEN);
            assertThat(submission.detailsMap()).containsEntry("starttls", true).containsKey("tlsProtocol")
                    .containsKey("certificateDaysLeft");
            assertThat((String) submission.detailsMap().get("banner")).contains("ESMTP");
            assertThat(smtp.outcome()).as(String.valueOf(smtp.reason())).isEqualTo(Outcome.OPEN);
            assertThat(plain.outcome()).isEqualTo(Outcome.OPEN);
            assertThat(plain.detailsMap()).containsEntry("starttls", true).doesNotContainKey("tlsProtocol");
        }
    }

    @Test
    void shouldFailAnExpiredCertificateOnStartTls() throws Exception {
        TestCertificates.Issued expired = CERTIFICATES.expired();
        try (Subetha server = new Subetha(expired.serverContext())) {
            ProbeResult result = checks.check("submission://localhost:" + server.port + "?caFile=" + ca);

            assertThat(result.outcome()).isEqualTo(Outcome.TLS_ERROR);
            assertThat(result.reason()).startsWith("certificate for localhost expired ");
        }
    }

    @Test
    void shouldWarnOfACertificateCloseToExpiryOnStartTls() throws Exception {
        try (Subetha server = new Subetha(CERTIFICATES.expiringIn(15).serverContext())) {
            ProbeResult result = checks.check("submission://localhost:" + server.port + "?caFile=" + ca);

            assertThat(result.outcome()).isEqualTo(Outcome.DEGRADED);
            assertThat(result.reason()).startsWith("certificate for localhost expires ").endsWith("(warnDays 21)");
        }
    }

    @Test
    void shouldReadAMultiLineBannerAndSayGoodbye() throws IOException {
        String banner = "220-mail.test ESMTP first line\r\n220-second line\r\n220 mail.test ready\r\n";
        try (FakeServer fake = FakeServer.start(banner.getBytes(StandardCharsets.US_ASCII), chunk -> {
            String command = new String(chunk, StandardCharsets.US_ASCII);
            if (command.startsWith("EHLO")) {
                return "250-mail.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n".getBytes(StandardCharsets.US_ASCII);
            }
            return command.startsWith("QUIT") ? "221 bye\r\n".getBytes(StandardCharsets.US_ASCII) : null;
        })) {
            ProbeResult result = checks.check("smtp://127.0.0.1:" + fake.port() + "?helo=monitor.test");

            assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
            assertThat(result.detailsMap()).containsEntry("banner", "mail.test ESMTP first line").containsEntry("starttls", false);
            await().atMost(Duration.ofSeconds(5)).until(() -> fake.received().get(0).equals("EHLO monitor.test\r\nQUIT\r\n"));
        }
    }

    @Test
    void shouldCallA421BannerUnhealthy() throws IOException {
        try (FakeServer fake = FakeServer.start("421 4.3.2 mail.test Service not available, closing\r\n"
                .getBytes(StandardCharsets.US_ASCII), chunk -> null)) {
            ProbeResult result = checks.check("smtp://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.UNHEALTHY);
            assertThat(result.reason()).isEqualTo("SMTP server refuses sessions: 421 4.3.2 mail.test Service not available, closing");
        }
    }

    @Test
    void shouldCallA554BannerUnhealthy() throws IOException {
        try (FakeServer fake = FakeServer.start("554 mail.test no SMTP service here\r\n".getBytes(StandardCharsets.US_ASCII),
                chunk -> null)) {
            ProbeResult result = checks.check("smtp://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.UNHEALTHY);
            assertThat(result.reason()).isEqualTo("SMTP server refuses sessions: 554 mail.test no SMTP service here");
            await().atMost(Duration.ofSeconds(5)).until(() -> fake.received().get(0).equals("QUIT\r\n"));
        }
    }

    @Test
    void shouldSayWhenStartTlsIsRefused() throws IOException {
        try (FakeServer fake = FakeServer.start("220 mail.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII), chunk -> {
            String command = new String(chunk, StandardCharsets.US_ASCII);
            if (command.startsWith("EHLO")) {
                return "250-mail.test\r\n250 STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII);
            }
            return command.startsWith("STARTTLS") ? "454 4.7.0 TLS not available\r\n".getBytes(StandardCharsets.US_ASCII) : null;
        })) {
            ProbeResult result = checks.check("submission://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.TLS_ERROR);
            assertThat(result.reason()).isEqualTo("SMTP server answered STARTTLS with \"454 4.7.0 TLS not available\"");
        }
    }

    @Test
    void shouldTellAnotherServiceOnThePort() throws IOException {
        try (FakeServer fake = FakeServer.start("+OK POP3 ready\r\n".getBytes(StandardCharsets.US_ASCII), chunk -> null)) {
            ProbeResult result = checks.check("smtp://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
            assertThat(result.reason()).isEqualTo("not an SMTP reply (banner): +OK POP3 ready\\r\\n");
        }
    }

    /** SubEtha SMTP on a free loopback port, requiring STARTTLS with the given server context. */
    private static final class Subetha implements AutoCloseable {
        final int port;
        final SMTPServer server;

        Subetha(SSLContext context) throws IOException {
            port = LoopbackServers.freePort();
            server = SMTPServer.port(port).bindAddress(LoopbackServers.LOOPBACK).requireTLS().startTlsSocketFactory(context)
                    .messageHandler((c, from, to, data) -> { }).build();
            server.start();
        }

        @Override
        public void close() {
            server.stop();
        }
    }
}

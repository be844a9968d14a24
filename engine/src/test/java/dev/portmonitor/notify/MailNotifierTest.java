package dev.portmonitor.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.portmonitor.config.MailChannelConfig;
import dev.portmonitor.config.Secret;
import dev.portmonitor.monitor.EventType;
import dev.portmonitor.monitor.MonitorEvent;
import dev.portmonitor.monitor.MonitorStatus;
import dev.portmonitor.probe.Outcome;
import dev.portmonitor.testing.LoopbackServers;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.server.SMTPServer;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Camel Mail against GreenMail, a real SMTP and SMTPS server on loopback. */
class MailNotifierTest {

    private final MonitorEvent RECOVERED = new MonitorEvent("orders-db-4", EventType.RECOVERED, "orders-db",
            "Orders database", "db.internal:5432", "tier1", MonitorStatus.UP, MonitorStatus.DOWN,
            "refused: connection refused", Outcome.OPEN, 0, Instant.parse("2026-11-26T03:00:00Z"), Duration.ofMinutes(7),
            Instant.now(), 0);

    private final GreenMail mail = new GreenMail(new ServerSetup[] {
        new ServerSetup(3025, "127.0.0.1", "smtp").dynamicPort(), new ServerSetup(3465, "127.0.0.1", "smtps").dynamicPort()});
    private final Notifiers notifiers = new Notifiers(System.out);
    private final List<Duration> waits = new ArrayList<>();
    private long clock;

    @BeforeEach
    void start() {
        mail.start();
        mail.setUser("alerts@example.com", "alerts", "s3cret-pw");
    }

    @AfterEach
    void stop() {
        notifiers.close();
        mail.stop();
    }

    private MailChannelConfig channel(String security, int port, String password) {
        return new MailChannelConfig("ops", "127.0.0.1", port, security, "alerts", new Secret(password, "test"),
                "alerts@example.com", List.of("dba@example.com", "ops@example.com"), MailChannelConfig.DEFAULT_SUBJECT,
                security.equals("ssl") ? "*" : null, Duration.ofSeconds(5), Duration.ofSeconds(20));
    }

    private RetryingDelivery.Outcome deliver(MailChannelConfig channel) {
        return new RetryingDelivery(notifiers.create(channel), channel.deliveryDeadline(), wait -> {
            waits.add(wait);
            clock += wait.toNanos();
        }, () -> clock).deliver(RECOVERED);
    }

    @Test
    void shouldSendOverSmtpWithAuthentication() throws Exception {
        RetryingDelivery.Outcome outcome = deliver(channel("none", mail.getSmtp().getPort(), "s3cret-pw"));

        assertThat(outcome.delivered()).as(String.valueOf(outcome.reason())).isTrue();
        assertThat(mail.waitForIncomingEmail(5000, 2)).isTrue();
        MimeMessage message = mail.getReceivedMessages()[0];
        assertThat(message.getSubject()).isEqualTo("[port-monitor] RECOVERED Orders database (db.internal:5432)");
        assertThat(Arrays.stream(mail.getReceivedMessages()).map(m -> {
            try {
                return m.getAllRecipients()[0].toString() + "|" + m.getAllRecipients().length;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })).containsOnly("dba@example.com|2");
        String body = ((String) message.getContent()).replace("\r\n", "\n");
        assertThat(body).startsWith("RECOVERED Orders database\ndb.internal:5432 [tier1]\nback up after 7m down\n"
                + "since 2026-11-26 03:00:00 UTC (").contains("it was refused: connection refused").contains("Event orders-db-4");
        assertThat(message.getFrom()[0].toString()).isEqualTo("alerts@example.com");
    }

    @Test
    void shouldRefuseToSendWithoutTheStartTlsItRequires() {
        // GreenMail's plain SMTP offers no STARTTLS: a starttls channel must not fall back to clear text.
        MailChannelConfig startTls = new MailChannelConfig("ops", "127.0.0.1", mail.getSmtp().getPort(), "starttls", null, null,
                "alerts@example.com", List.of("dba@example.com"), "{type}", null, Duration.ofSeconds(5), Duration.ofSeconds(20));

        RetryingDelivery.Outcome outcome = deliver(startTls);

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(outcome.reason()).isEqualTo("the SMTP server 127.0.0.1:" + mail.getSmtp().getPort()
                + " does not offer STARTTLS, which this channel requires (security: starttls) (not retried)");
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void shouldSendOverSmtps() throws Exception {
        RetryingDelivery.Outcome outcome = deliver(channel("ssl", mail.getSmtps().getPort(), "s3cret-pw"));

        assertThat(outcome.delivered()).as(String.valueOf(outcome.reason())).isTrue();
        assertThat(mail.waitForIncomingEmail(5000, 2)).isTrue();
    }

    @Test
    void shouldNotRetryARefusedLoginNorShowThePassword() {
        RetryingDelivery.Outcome outcome = deliver(channel("none", mail.getSmtp().getPort(), "wrong-pw"));

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(outcome.reason()).isEqualTo("the SMTP server 127.0.0.1:" + mail.getSmtp().getPort()
                + " refused the login of alerts (not retried)");
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void shouldRetryWhenTheServerIsDown() throws IOException {
        int port = LoopbackServers.freePort();

        RetryingDelivery.Outcome outcome = deliver(channel("none", port, "s3cret-pw"));

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.attempts()).isGreaterThan(1);
        assertThat(outcome.reason()).startsWith("cannot reach the SMTP server 127.0.0.1:" + port + ": ConnectException")
                .doesNotContain("s3cret-pw");
    }

    /** A self-signed certificate for 127.0.0.1, made with the JDK's keytool. */
    private static SSLContext serverTls(Path dir) throws Exception {
        Path keystore = dir.resolve("smtp.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "smtp", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    @Test
    void shouldSendOnlyOverStartTlsToAServerThatRequiresIt(@TempDir Path dir) throws Exception {
        List<String> arrived = new CopyOnWriteArrayList<>();
        int port = LoopbackServers.freePort();
        SMTPServer server = SMTPServer.port(port).bindAddress(LoopbackServers.LOOPBACK).requireTLS()
                .startTlsSocketFactory(serverTls(dir))
                .messageHandler((context, from, to, data) -> arrived.add(to + "|" + new String(data, StandardCharsets.UTF_8)))
                .build();
        server.start();
        try {
            MailChannelConfig plain = new MailChannelConfig("relay", "127.0.0.1", port, "none", null, null, "alerts@example.com",
                    List.of("dba@example.com"), "{type} {monitor}", null, Duration.ofSeconds(5), Duration.ofSeconds(5));
            RetryingDelivery.Outcome refused = deliver(plain);

            assertThat(refused.delivered()).as("without STARTTLS the server refuses").isFalse();
            assertThat(refused.attempts()).isEqualTo(1);
            assertThat(arrived).isEmpty();

            MailChannelConfig startTls = new MailChannelConfig("relay", "127.0.0.1", port, "starttls", null, null,
                    "alerts@example.com", List.of("dba@example.com"), "{type} {monitor}", "127.0.0.1", Duration.ofSeconds(5),
                    Duration.ofSeconds(5));
            RetryingDelivery.Outcome sent = deliver(startTls);

            assertThat(sent.delivered()).as(String.valueOf(sent.reason())).isTrue();
            assertThat(arrived).hasSize(1);
            assertThat(arrived.get(0)).startsWith("dba@example.com|").contains("Subject: RECOVERED Orders database");
        } finally {
            server.stop();
        }
    }
}

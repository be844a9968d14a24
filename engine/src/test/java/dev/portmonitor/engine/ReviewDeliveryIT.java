package dev.portmonitor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.portmonitor.cluster.MemberSettings;
import dev.portmonitor.config.ConfigLoader;
import dev.portmonitor.config.PortMonitorConfig;
import dev.portmonitor.history.History;
import dev.portmonitor.monitor.CheckResult;
import dev.portmonitor.monitor.MonitorState;
import dev.portmonitor.notify.RetryingDelivery;
import dev.portmonitor.probe.Outcome;
import dev.portmonitor.store.MonitorRecord;
import dev.portmonitor.store.StateFiles;
import dev.portmonitor.testing.SwitchablePort;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monthly review through the running engine: figures computed where the history lives, sent by
 * mail (HTML with a plain-text part, through GreenMail) and by webhook (JSON), once.
 */
class ReviewDeliveryIT {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @TempDir
    Path stateDir;

    private static Instant berlin(String text) {
        return LocalDateTime.parse(text).atZone(BERLIN).toInstant();
    }

    private void plant(String id) throws Exception {
        History history = new History();
        Instant outage = berlin("2026-11-17T03:00");
        for (Instant at = berlin("2026-11-01T00:00"); at.isBefore(berlin("2026-12-01T00:00")); at = at.plusSeconds(60)) {
            boolean down = !at.isBefore(outage) && at.isBefore(outage.plus(Duration.ofMinutes(30)));
            history.record(down ? new CheckResult(Outcome.REFUSED, -1, "127.0.0.1:1", "connection refused", at)
                    : new CheckResult(Outcome.OPEN, 2_000, "127.0.0.1:1", null, at));
        }
        history.openIncident(outage, outage.plusSeconds(60), "REFUSED", "refused: connection refused", id + "-down-1");
        history.closeIncident(outage.plus(Duration.ofMinutes(30)));
        new StateFiles(stateDir).save(id, new MonitorRecord(MonitorState.initial(berlin("2026-11-01T00:00")), history));
    }

    @Test
    void shouldMailAndPostTheReviewOnce() throws Exception {
        plant("orders-db");
        GreenMail mail = new GreenMail(new ServerSetup(3025, "127.0.0.1", "smtp").dynamicPort());
        mail.start();
        try (MockWebServer receiver = new MockWebServer(); SwitchablePort open = new SwitchablePort()) {
            receiver.start(java.net.InetAddress.getLoopbackAddress(), 0);
            receiver.enqueue(new MockResponse.Builder().code(200).build());
            PortMonitorConfig config = ConfigLoader.parse("""
                    portMonitor:
                      history: {timezone: Europe/Berlin}
                      channels:
                        - {id: managers, mail: {host: 127.0.0.1, port: %d, security: none, from: pm@example.com,
                                                to: [managers@example.com], timeout: 5s}}
                        - {id: hooks, webhook: {url: "http://127.0.0.1:%d/review"}}
                      review: {channels: [managers, hooks]}
                      monitors:
                        - {id: orders-db, name: Orders database, host: 127.0.0.1, port: %d, interval: 1m}
                    """.formatted(mail.getSmtp().getPort(), receiver.getPort(), open.port()), "review.yaml");
            List<String> problems = new ArrayList<>();
            ByteArrayOutputStream logged = new ByteArrayOutputStream();
            MonitorService service = MonitorService.start(config, new MonitorService.Settings(
                    MemberSettings.local("pm-review-" + UUID.randomUUID()), stateDir, Duration.ofMillis(200),
                    Duration.ofMinutes(5), new PrintStream(logged, true, StandardCharsets.UTF_8), new SimpleMeterRegistry()),
                    problems::add);
            try {
                Map<String, RetryingDelivery.Outcome> sent = service.sendReview(YearMonth.of(2026, 11),
                        Instant.parse("2026-12-01T07:00:00Z"));

                assertThat(sent).containsOnlyKeys("managers", "hooks");
                assertThat(sent.values()).allMatch(RetryingDelivery.Outcome::delivered);
                MimeMessage message = mail.getReceivedMessages()[0];
                assertThat(message.getSubject()).isEqualTo("Port Monitor review of November 2026");
                assertThat(message.getContentType()).startsWith("multipart/");
                Multipart parts = (Multipart) message.getContent();
                List<String> types = new ArrayList<>();
                String text = null;
                String html = null;
                for (int i = 0; i < parts.getCount(); i++) {
                    var part = parts.getBodyPart(i);
                    collect(part, types);
                    if (part.isMimeType("text/plain")) {
                        text = (String) part.getContent();
                    } else if (part.isMimeType("text/html")) {
                        html = (String) part.getContent();
                    } else if (part.getContent() instanceof Multipart inner) {
                        for (int j = 0; j < inner.getCount(); j++) {
                            if (inner.getBodyPart(j).isMimeType("text/plain")) {
                                text = (String) inner.getBodyPart(j).getContent();
                            } else if (inner.getBodyPart(j).isMimeType("text/html")) {
                                html = (String) inner.getBodyPart(j).getContent();
                            }
                        }
                    }
                }
                assertThat(text).as("the plain-text part of %s", types)
                        .contains("| Orders database (127.0.0.1:" + open.port() + ") | 99.931% | 1 | 30m | 30m | 30m |");
                assertThat(html).as("the HTML part of %s", types).contains("<svg ", "99.931%");

                RecordedRequest posted = receiver.takeRequest(10, TimeUnit.SECONDS);
                assertThat(posted.getHeaders().get("X-PortMonitor-Event")).isEqualTo("REVIEW");
                JsonNode json = new ObjectMapper().readTree(posted.getBody().utf8());
                assertThat(json.path("month").asText()).isEqualTo("2026-11");
                assertThat(json.path("monitors").get(0).path("downtimeSeconds").asLong()).isEqualTo(1800);

                assertThat(service.sendReview(YearMonth.of(2026, 11), Instant.parse("2026-12-01T07:01:00Z")))
                        .as("the month is sent once").isEmpty();
                assertThat(mail.getReceivedMessages()).hasSize(1);
            } finally {
                service.stop(problems::add);
            }
        } finally {
            mail.stop();
        }
    }

    private static void collect(jakarta.mail.BodyPart part, List<String> types) throws Exception {
        types.add(part.getContentType());
    }
}

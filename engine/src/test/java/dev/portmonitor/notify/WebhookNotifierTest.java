package dev.portmonitor.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portmonitor.config.Secret;
import dev.portmonitor.config.WebhookChannelConfig;
import dev.portmonitor.monitor.EventType;
import dev.portmonitor.monitor.MonitorEvent;
import dev.portmonitor.monitor.MonitorStatus;
import dev.portmonitor.probe.Outcome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookNotifierTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Instant occurred = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    private final MonitorEvent DOWN = new MonitorEvent("orders-db-3", EventType.DOWN, "orders-db", "Orders database",
            "db.internal:5432", "tier1", MonitorStatus.DOWN, MonitorStatus.UP, "refused: connection refused", Outcome.REFUSED, 2,
            occurred.minusSeconds(10), null, occurred, 0);

    private final MockWebServer server = new MockWebServer();
    private final List<Duration> waits = new ArrayList<>();
    private long clock; // nanoseconds; waiting moves it on instead of sleeping

    private void sleep(Duration duration) {
        waits.add(duration);
        clock += duration.toNanos();
    }

    @BeforeEach
    void start() throws IOException {
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private WebhookChannelConfig channel(Secret secret) {
        URI url = URI.create("http://127.0.0.1:" + server.getPort() + "/hooks/pm?token=sekrit-query");
        return new WebhookChannelConfig("incidents", url, Map.of("X-Team", "ops"), Duration.ofSeconds(2), secret,
                Duration.ofSeconds(30));
    }

    private RetryingDelivery.Outcome deliver(WebhookChannelConfig channel) {
        return new RetryingDelivery(new WebhookNotifier(channel, HTTP), channel.deliveryDeadline(), this::sleep, () -> clock)
                .deliver(DOWN);
    }

    @Test
    void shouldPostTheDocumentedPayloadWithAVerifiableSignature() throws Exception {
        server.enqueue(new MockResponse.Builder().code(204).build());

        RetryingDelivery.Outcome outcome = deliver(channel(new Secret("shared-secret", "test")));

        assertThat(outcome).isEqualTo(new RetryingDelivery.Outcome(true, 1, null));
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getTarget()).isEqualTo("/hooks/pm?token=sekrit-query");
        assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json");
        assertThat(request.getHeaders().get("X-Team")).isEqualTo("ops");
        assertThat(request.getHeaders().get("X-PortMonitor-Event")).isEqualTo("DOWN");
        assertThat(request.getHeaders().get("X-PortMonitor-Delivery")).isEqualTo("orders-db-3");
        String body = request.getBody().utf8();

        // The receiver's check, written here from the documented rule, not with the notifier's code.
        String timestamp = request.getHeaders().get("X-PortMonitor-Timestamp");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("shared-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        assertThat(request.getHeaders().get("X-PortMonitor-Signature")).isEqualTo(expected);
        assertThat(Long.parseLong(timestamp)).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));

        JsonNode json = new ObjectMapper().readTree(body);
        assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(json.get("eventType").asText()).isEqualTo("DOWN");
        assertThat(json.get("dedupeId").asText()).isEqualTo("orders-db-3");
        assertThat(json.get("monitor").get("id").asText()).isEqualTo("orders-db");
        assertThat(json.get("monitor").get("name").asText()).isEqualTo("Orders database");
        assertThat(json.get("monitor").get("tier").asText()).isEqualTo("tier1");
        assertThat(json.get("target").get("host").asText()).isEqualTo("db.internal");
        assertThat(json.get("target").get("port").asInt()).isEqualTo(5432);
        assertThat(json.get("target").get("hostPort").asText()).isEqualTo("db.internal:5432");
        assertThat(json.get("outcome").asText()).isEqualTo("REFUSED");
        assertThat(json.get("reminder").asInt()).isZero();
        assertThat(json.get("text").asText()).startsWith("DOWN orders-db (Orders database) db.internal:5432 [tier1]: refused");
        assertThat(json.get("state").asText()).isEqualTo("DOWN");
        assertThat(json.get("previousState").asText()).isEqualTo("UP");
        assertThat(json.get("cause").asText()).isEqualTo("refused: connection refused");
        assertThat(json.get("consecutiveFailures").asInt()).isEqualTo(2);
        assertThat(json.get("since").asText()).isEqualTo(occurred.minusSeconds(10).toString());
        assertThat(json.get("downtimeSeconds").isNull()).isTrue();
        assertThat(json.get("occurredAt").asText()).isEqualTo(occurred.toString());
        assertThat(json.has("sentAt")).isTrue();
    }

    @Test
    void shouldSendNoSignatureWithoutASecret() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).build());

        assertThat(deliver(channel(null)).delivered()).isTrue();

        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getHeaders().get("X-PortMonitor-Signature")).isNull();
    }

    @Test
    void shouldRetryAfterAServerError() throws Exception {
        server.enqueue(new MockResponse.Builder().code(500).build());
        server.enqueue(new MockResponse.Builder().code(503).build());
        server.enqueue(new MockResponse.Builder().code(200).build());

        RetryingDelivery.Outcome outcome = deliver(channel(null));

        assertThat(outcome.delivered()).isTrue();
        assertThat(outcome.attempts()).isEqualTo(3);
        assertThat(server.getRequestCount()).isEqualTo(3);
        // Exponential backoff with full jitter: the second wait's ceiling is twice the first's.
        assertThat(waits).hasSize(2);
        assertThat(waits.get(0)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
        assertThat(waits.get(1)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
    }

    @Test
    void shouldNotRetryAClientError() {
        server.enqueue(new MockResponse.Builder().code(400).build());

        RetryingDelivery.Outcome outcome = deliver(channel(null));

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(outcome.reason()).isEqualTo("http://127.0.0.1:" + server.getPort() + " answered HTTP 400 (not retried)");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void shouldHonourRetryAfterOnTooManyRequests() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "3").build());
        server.enqueue(new MockResponse.Builder().code(200).build());

        RetryingDelivery.Outcome outcome = deliver(channel(null));

        assertThat(outcome.delivered()).isTrue();
        assertThat(waits).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void shouldGiveUpAtTheDeadlineAndSaySo() {
        for (int i = 0; i < 10; i++) {
            server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "20").build());
        }

        RetryingDelivery.Outcome outcome = deliver(channel(null));

        // 20 s, then 20 s more would pass the 30 s deadline.
        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(waits).containsExactly(Duration.ofSeconds(20));
        assertThat(outcome.reason()).endsWith("answered HTTP 429; gave up after " + outcome.attempts()
                + " attempts (delivery deadline 30s)").doesNotContain("sekrit");
    }

    @Test
    void shouldRetryWhenTheReceiverIsDown() throws IOException {
        int port = server.getPort();
        server.close();
        WebhookChannelConfig channel = new WebhookChannelConfig("incidents", URI.create("http://127.0.0.1:" + port + "/hook"),
                Map.of(), Duration.ofSeconds(1), null, Duration.ofSeconds(2));

        RetryingDelivery.Outcome outcome = new RetryingDelivery(new WebhookNotifier(channel, HTTP), channel.deliveryDeadline(),
                this::sleep, () -> clock).deliver(DOWN);

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.attempts()).isGreaterThan(1);
        assertThat(outcome.reason()).startsWith("cannot reach http://127.0.0.1:" + port + ": ConnectException");
    }

    @Test
    void shouldNotHammerAReceiverThatSaysRetryAfterZero() {
        server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "0").build());
        server.enqueue(new MockResponse.Builder().code(200).build());

        assertThat(deliver(channel(null)).delivered()).isTrue();
        assertThat(waits).hasSize(1);
        assertThat(waits.get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    @Test
    void shouldTryOnlyOnceAnEventOlderThanTheDeadline() {
        server.enqueue(new MockResponse.Builder().code(500).build());
        MonitorEvent old = new MonitorEvent("orders-db-1", EventType.DOWN, "orders-db", "Orders database", "db.internal:5432",
                null, MonitorStatus.DOWN, MonitorStatus.UP, "refused", Outcome.REFUSED, 2, Instant.now().minusSeconds(120), null,
                Instant.now().minusSeconds(60), 0);
        WebhookChannelConfig channel = channel(null);

        RetryingDelivery.Outcome outcome = new RetryingDelivery(new WebhookNotifier(channel, HTTP), channel.deliveryDeadline(),
                this::sleep, () -> clock).deliver(old);

        // Queued for a minute behind a dead channel, with a 30 s deadline: one attempt, no retries.
        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void shouldKeepCredentialsInTheUrlOutOfReasonsAndDescriptions() {
        server.enqueue(new MockResponse.Builder().code(404).build());
        WebhookChannelConfig channel = new WebhookChannelConfig("slack", URI.create("http://bot:pa55@127.0.0.1:" + server.getPort()
                + "/services/T000/B000/XXXXSECRET?token=abc"), Map.of("Authorization", "Bearer zzz"), Duration.ofSeconds(2),
                null, Duration.ofSeconds(5));

        RetryingDelivery.Outcome outcome = new RetryingDelivery(new WebhookNotifier(channel, HTTP), channel.deliveryDeadline(),
                this::sleep, () -> clock).deliver(DOWN);

        assertThat(outcome.reason()).isEqualTo("http://127.0.0.1:" + server.getPort() + " answered HTTP 404 (not retried)");
        assertThat(channel.toString()).doesNotContain("pa55").doesNotContain("XXXXSECRET").doesNotContain("abc")
                .doesNotContain("zzz");
    }

    @Test
    void shouldReadRetryAfterAsSecondsOrAsADate() {
        assertThat(WebhookNotifier.retryAfter("120")).isEqualTo(Duration.ofSeconds(120));
        assertThat(WebhookNotifier.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
        assertThat(WebhookNotifier.retryAfter("soon")).isNull();
        assertThat(WebhookNotifier.retryAfter(null)).isNull();
    }
}

package dev.portmonitor.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portmonitor.config.Secret;
import dev.portmonitor.config.TelegramChannelConfig;
import dev.portmonitor.monitor.EventType;
import dev.portmonitor.monitor.MonitorEvent;
import dev.portmonitor.monitor.MonitorStatus;
import dev.portmonitor.probe.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import dev.portmonitor.testing.LoopbackServers;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Camel Telegram against a fake Bot API on loopback. */
class TelegramNotifierTest {

    private static final String TOKEN = "123456:AAH-secret-token_value";
    private static final String OK = "{\"ok\":true,\"result\":{\"message_id\":7,\"date\":1764126000,"
            + "\"chat\":{\"id\":-1001234567890,\"type\":\"supergroup\",\"title\":\"ops\"},\"text\":\"x\"}}";
    private final MonitorEvent DOWN = new MonitorEvent("cache-1", EventType.DOWN, "cache", "Session <cache> & co",
            "cache.internal:6379", "tier1", MonitorStatus.DOWN, MonitorStatus.UP, "timeout: no answer within 3s",
            Outcome.TIMEOUT, 2, Instant.now().minusSeconds(300), null, Instant.now(), 0);

    private final MockWebServer botApi = new MockWebServer();
    private final Notifiers notifiers = new Notifiers(System.out);
    private final List<Duration> waits = new ArrayList<>();
    private long clock;

    @BeforeEach
    void start() throws Exception {
        botApi.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        notifiers.close();
        botApi.close();
    }

    private RetryingDelivery.Outcome deliver() {
        TelegramChannelConfig channel = new TelegramChannelConfig("oncall", new Secret(TOKEN, "test"), "-1001234567890",
                URI.create("http://127.0.0.1:" + botApi.getPort()), Duration.ofSeconds(5), Duration.ofSeconds(30));
        return new RetryingDelivery(notifiers.create(channel), channel.deliveryDeadline(), wait -> {
            waits.add(wait);
            clock += wait.toNanos();
        }, () -> clock).deliver(DOWN);
    }

    @Test
    void shouldSendAnEscapedMessageToTheChat() throws Exception {
        botApi.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(OK).build());

        RetryingDelivery.Outcome outcome = deliver();

        assertThat(outcome.delivered()).as(String.valueOf(outcome.reason())).isTrue();
        RecordedRequest request = botApi.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getUrl().encodedPath()).isEqualTo("/bot" + TOKEN + "/sendMessage");
        JsonNode body = new ObjectMapper().readTree(request.getBody().utf8());
        assertThat(body.get("chat_id").asText()).isEqualTo("-1001234567890");
        assertThat(body.get("parse_mode").asText()).isEqualTo("HTML");
        String text = body.get("text").asText();
        assertThat(text).startsWith("<b>DOWN Session &lt;cache&gt; &amp; co</b>\ncache.internal:6379 [tier1]\n"
                + "timeout: no answer within 3s\n2 failed checks in a row, down since ")
                .matches("(?s).* UTC \\(5m(\\d+s)? ago\\)");
        assertThat(text.lines().count()).as("fits a phone screen").isLessThanOrEqualTo(5);
    }

    @Test
    void shouldWaitAsLongAsTheBotApiAsksAfterTooManyRequests() throws Exception {
        botApi.enqueue(new MockResponse.Builder().code(429).setHeader("Content-Type", "application/json")
                .body("{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 7\","
                        + "\"parameters\":{\"retry_after\":7}}").build());
        botApi.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(OK).build());

        RetryingDelivery.Outcome outcome = deliver();

        assertThat(outcome.delivered()).as(String.valueOf(outcome.reason())).isTrue();
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(waits).containsExactly(Duration.ofSeconds(7));
        assertThat(botApi.getRequestCount()).isEqualTo(2);
    }

    @Test
    void shouldNotRetryAnUnauthorisedTokenNorLetTheTokenOut() throws Exception {
        botApi.enqueue(new MockResponse.Builder().code(401).setHeader("Content-Type", "application/json")
                .body("{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}").build());
        PrintStream realErr = System.err;
        PrintStream realOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        RetryingDelivery.Outcome outcome;
        try {
            PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
            System.setErr(capture);
            System.setOut(capture);
            outcome = deliver();
        } finally {
            System.setErr(realErr);
            System.setOut(realOut);
        }

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(outcome.reason()).isEqualTo("the Telegram Bot API at http://127.0.0.1:" + botApi.getPort()
                + " answered 401: Unauthorized (is the bot token right?) (not retried)");
        assertThat(outcome.reason()).doesNotContain(TOKEN).doesNotContain("AAH-secret");
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("AAH-secret");
    }

    @Test
    void shouldGiveUpOnABotApiThatNeverAnswers() throws Exception {
        try (LoopbackServers servers = new LoopbackServers()) {
            int silent = servers.open(); // accepts the connection (the kernel does), never answers
            TelegramChannelConfig channel = new TelegramChannelConfig("oncall", new Secret(TOKEN, "test"), "-1001234567890",
                    URI.create("http://127.0.0.1:" + silent), Duration.ofMillis(500), Duration.ofSeconds(1));

            RetryingDelivery.Outcome outcome = new RetryingDelivery(notifiers.create(channel), channel.deliveryDeadline())
                    .deliver(DOWN);

            assertThat(outcome.delivered()).isFalse();
            assertThat(outcome.reason()).startsWith("no answer from the Telegram Bot API at http://127.0.0.1:" + silent
                    + " within 500ms");
        }
    }

    @Test
    void shouldRetryWhenTheBotApiIsDown() {
        int port = botApi.getPort();
        botApi.close();
        TelegramChannelConfig channel = new TelegramChannelConfig("oncall", new Secret(TOKEN, "test"), "-1001234567890",
                URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(5), Duration.ofSeconds(2));

        RetryingDelivery.Outcome outcome = new RetryingDelivery(notifiers.create(channel), channel.deliveryDeadline(), wait -> {
            waits.add(wait);
            clock += wait.toNanos();
        }, () -> clock).deliver(DOWN);

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.attempts()).isGreaterThan(1);
        assertThat(outcome.reason()).doesNotContain("AAH-secret").contains("127.0.0.1:" + port);
    }
}

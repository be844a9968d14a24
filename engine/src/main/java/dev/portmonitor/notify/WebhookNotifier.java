package dev.portmonitor.notify;

import dev.portmonitor.config.WebhookChannelConfig;
import dev.portmonitor.monitor.MonitorEvent;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code webhook} channel: an HTTP(S) POST of {@link WebhookPayload}, with the channel's
 * headers, and, when a secret is set, an HMAC-SHA256 signature of {@code timestamp + "." + body} in
 * {@code X-PortMonitor-Signature: sha256=<hex>} with the timestamp (Unix seconds) in
 * {@code X-PortMonitor-Timestamp}. Uses the JDK's HTTP client.
 */
public final class WebhookNotifier implements Notifier {

    public static final String SIGNATURE = "X-PortMonitor-Signature";
    public static final String TIMESTAMP = "X-PortMonitor-Timestamp";
    public static final String EVENT = "X-PortMonitor-Event";
    public static final String DELIVERY = "X-PortMonitor-Delivery";

    private final WebhookChannelConfig config;
    private final HttpClient http;

    public WebhookNotifier(WebhookChannelConfig config, HttpClient http) {
        this.config = config;
        this.http = http;
    }

    @Override
    public void deliver(MonitorEvent event) throws DeliveryException {
        Instant now = Instant.now();
        post(WebhookPayload.json(event, now), event.type().name(), event.id(), now);
    }

    @Override
    public void deliverGroup(java.util.List<MonitorEvent> events) throws DeliveryException {
        Instant now = Instant.now();
        post(WebhookPayload.group(events, now), "GROUP", "group-" + events.get(0).id() + "-" + events.size(), now);
    }

    /** The report's JSON, with {@code X-PortMonitor-Event: REVIEW} (docs/webhook.md). */
    @Override
    public void deliverReport(Report report) throws DeliveryException {
        post(report.json(), "REVIEW", report.id(), Instant.now());
    }

    private void post(String body, String eventType, String deliveryId, Instant now) throws DeliveryException {
        HttpRequest.Builder request = HttpRequest.newBuilder(config.url())
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "port-monitor")
                .header(EVENT, eventType)
                .header(DELIVERY, deliveryId)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        config.headers().forEach(request::header);
        if (config.secret() != null) {
            String timestamp = Long.toString(now.getEpochSecond());
            request.header(TIMESTAMP, timestamp);
            request.header(SIGNATURE, "sha256=" + sign(config.secret().reveal(), timestamp + "." + body));
        }
        HttpResponse<Void> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (HttpTimeoutException e) {
            throw DeliveryException.retryable("no answer from " + where() + " within " + dev.portmonitor.format.Durations.format(config.timeout()));
        } catch (IOException e) {
            throw DeliveryException.retryable("cannot reach " + where() + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryException.permanent("interrupted");
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String reason = where() + " answered HTTP " + status;
        if (status == 429 || status >= 500) {
            throw new DeliveryException(reason, true, retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
        }
        throw DeliveryException.permanent(reason + " (not retried)");
    }

    /** Scheme, host and port of the URL only: user info, path and query may hold credentials. */
    private String where() {
        return WebhookChannelConfig.safe(config.url());
    }

    /** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.strip())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(Instant.now(), ZonedDateTime.parse(header.strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    static String sign(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}

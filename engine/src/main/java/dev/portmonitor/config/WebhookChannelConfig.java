package dev.portmonitor.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Events POSTed as JSON (docs/webhook.md) to a URL.
 *
 * @param headers extra request headers
 * @param timeout of one request
 * @param secret signs each request with HMAC-SHA256 when set; null for none
 * @param deliveryDeadline how long an event is retried before it is given up
 */
public record WebhookChannelConfig(String id, URI url, Map<String, String> headers, Duration timeout, Secret secret,
                                   Duration deliveryDeadline) implements ChannelConfig {

    public WebhookChannelConfig {
        headers = Map.copyOf(headers);
    }

    /** The URL as it may be shown: scheme, host and port; user info, path and query may hold credentials. */
    public static String safe(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    /** Header values and the URL may hold credentials, and the headers come in no fixed order. */
    @Override
    public String fingerprint(UnaryOperator<String> hide) {
        TreeMap<String, String> sorted = new TreeMap<>();
        headers.forEach((name, value) -> sorted.put(name, hide.apply(value)));
        return String.join("|", type(), id, hide.apply(String.valueOf(url)), sorted.toString(), String.valueOf(timeout),
                String.valueOf(secret != null), String.valueOf(deliveryDeadline));
    }

    @Override
    public String toString() {
        return "WebhookChannelConfig[id=" + id + ", url=" + safe(url) + "/..., headers=" + headers.keySet() + ", timeout="
                + timeout + ", secret=" + secret + ", deliveryDeadline=" + deliveryDeadline + "]";
    }
}

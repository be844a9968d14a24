package dev.portmonitor.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

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

    @Override
    public String toString() {
        return "WebhookChannelConfig[id=" + id + ", url=" + safe(url) + "/..., headers=" + headers.keySet() + ", timeout="
                + timeout + ", secret=" + secret + ", deliveryDeadline=" + deliveryDeadline + "]";
    }
}

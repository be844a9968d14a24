package dev.portmonitor.config;

import dev.portmonitor.config.ConfigNode.MapNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code webhook: {url, headers, timeout, secret, deliveryDeadline}}. */
final class WebhookChannelBinder implements ChannelBinder {

    private static final List<String> KEYS = List.of("url", "headers", "timeout", "secret", "deliveryDeadline");

    private final Values values;
    private final SecretBinder secrets;

    WebhookChannelBinder(Values values, SecretBinder secrets) {
        this.values = values;
        this.secrets = secrets;
    }

    @Override
    public WebhookChannelConfig bind(String id, ConfigNode node, String path) {
        MapNode map = values.map(node, path, KEYS);
        if (map == null) {
            return null;
        }
        int before = values.problems().size();
        URI url = Urls.read(values, map, "url", path);
        Map<String, String> headers = values.stringMap(map, "headers", path);
        Duration timeout = ChannelBinder.timeout(values, map, path, Defaults.WEBHOOK_TIMEOUT);
        Secret secret = secrets.bind(map, "secret", path);
        Duration deadline = ChannelBinder.deliveryDeadline(values, map, path);
        if (url == null && !map.entries().containsKey("url")) {
            values.problem(path, map.line(), "needs a url, for example https://hooks.example.com/port-monitor");
        }
        return values.problems().size() == before && id != null && url != null
                ? new WebhookChannelConfig(id, url, headers, timeout, secret, deadline) : null;
    }
}

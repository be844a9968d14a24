package dev.portmonitor.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portmonitor.monitor.MonitorEvent;
import java.time.Instant;

/** The JSON a webhook receives, schema version 1 (docs/webhook.md). */
public final class WebhookPayload {

    public static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private WebhookPayload() {
    }

    public static String json(MonitorEvent e, Instant sentAt) {
        return node(e, sentAt).toString();
    }

    /** Several events in one request: {@code eventType} GROUP, {@code events} the usual objects. */
    public static String group(java.util.List<MonitorEvent> events, Instant sentAt) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("eventType", "GROUP");
        root.put("count", events.size());
        root.put("text", MessageText.groupBody(events, 20));
        root.put("sentAt", sentAt.toString());
        var array = root.putArray("events");
        events.forEach(e -> array.add(node(e, sentAt)));
        return root.toString();
    }

    private static ObjectNode node(MonitorEvent e, Instant sentAt) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("eventType", e.type().name());
        root.put("dedupeId", e.id());
        ObjectNode monitor = root.putObject("monitor");
        monitor.put("id", e.monitorId());
        monitor.put("name", e.monitorName());
        monitor.put("tier", e.tier());
        ObjectNode target = root.putObject("target");
        int colon = e.target().lastIndexOf(':');
        String host = e.target().substring(0, colon);
        target.put("host", host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        target.put("port", Integer.parseInt(e.target().substring(colon + 1)));
        target.put("hostPort", e.target());
        root.put("state", e.status().name());
        root.put("previousState", e.previous().name());
        root.put("cause", e.cause());
        root.put("outcome", e.outcome().name());
        root.put("consecutiveFailures", e.consecutiveFailures());
        root.put("since", e.since().toString());
        if (e.downtime() == null) {
            root.putNull("downtimeSeconds");
        } else {
            root.put("downtimeSeconds", e.downtime().toMillis() / 1000.0);
        }
        root.put("reminder", e.reminder());
        root.put("occurredAt", e.at().toString());
        root.put("sentAt", sentAt.toString());
        root.put("text", EventText.line(e));
        return root;
    }
}

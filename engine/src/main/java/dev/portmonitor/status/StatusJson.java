package dev.portmonitor.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portmonitor.config.MaintenanceWindow;
import dev.portmonitor.format.Durations;
import dev.portmonitor.history.Incident;
import dev.portmonitor.history.Sparkline;
import dev.portmonitor.monitor.CheckResult;
import dev.portmonitor.monitor.MonitorEvent;
import dev.portmonitor.monitor.MonitorStatus;
import dev.portmonitor.store.PersistenceHealth;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code /status} document: every monitor's state, since when, last check, availability, incidents. */
public final class StatusJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StatusJson() {
    }

    public static String render(List<MonitorView> views, Instant now) {
        return render(views, now, null);
    }

    /**
     * With the cluster: its members, which member probes each monitor ({@code prober}), and how other
     * members' configurations differ from this one's.
     */
    public static String render(List<MonitorView> views, Instant now, ClusterView cluster) {
        return render(views, now, cluster, null);
    }

    /**
     * With the state directory's health too: {@code persistence: {ok, lastError, since, failures}}
     * (failures counts the monitor saves that failed since the start).
     */
    public static String render(List<MonitorView> views, Instant now, ClusterView cluster,
                                PersistenceHealth.Snapshot persistence) {
        return render(views, now, cluster, persistence, null);
    }

    /**
     * With the maintenance windows too: {@code maintenance: [{id, cron, duration, zone, start, end,
     * monitors, tags, active}]}, and a summary count of the monitors in one now.
     */
    public static String render(List<MonitorView> views, Instant now, ClusterView cluster,
                                PersistenceHealth.Snapshot persistence, List<MaintenanceWindow> windows) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("generatedAt", now.toString());
        if (persistence != null) {
            ObjectNode node = root.putObject("persistence");
            node.put("ok", persistence.ok());
            if (persistence.lastError() == null) {
                node.putNull("lastError");
            } else {
                node.put("lastError", persistence.lastError());
            }
            node.put("since", persistence.since().toString());
            node.put("failures", persistence.failures());
        }
        if (cluster != null) {
            ObjectNode node = root.putObject("cluster");
            node.put("name", cluster.name());
            node.put("local", cluster.local());
            ArrayNode members = node.putArray("members");
            for (dev.portmonitor.cluster.MemberView member : cluster.members()) {
                ObjectNode item = members.addObject();
                item.put("address", member.address());
                item.put("uuid", member.uuid());
                item.put("local", member.local());
                item.put("probes", cluster.probers().values().stream().filter(member.address()::equals).count());
            }
            ArrayNode differences = node.putArray("configurationDifferences");
            cluster.configDifferences().forEach(differences::add);
        }
        Map<MonitorStatus, Integer> counts = new EnumMap<>(MonitorStatus.class);
        for (MonitorStatus status : MonitorStatus.values()) {
            counts.put(status, 0);
        }
        views.forEach(v -> counts.merge(v.status(), 1, Integer::sum));
        ObjectNode summary = root.putObject("summary");
        summary.put("total", views.size());
        counts.forEach((status, count) -> summary.put(status.name().toLowerCase(Locale.ROOT), count));
        summary.put("maintenance", views.stream().filter(v -> v.maintenance() != null).count());
        if (windows != null) {
            ArrayNode list = root.putArray("maintenance");
            for (MaintenanceWindow window : windows) {
                ObjectNode item = list.addObject();
                item.put("id", window.id());
                item.put("cron", window.cronText());
                item.put("duration", window.duration() == null ? null : Durations.format(window.duration()));
                item.put("zone", window.zone().getId());
                item.put("start", window.start() == null ? null : window.start().toString());
                item.put("end", window.end() == null ? null : window.end().toString());
                window.monitors().forEach(item.putArray("monitors")::add);
                window.tags().forEach(item.putArray("tags")::add);
                item.put("active", window.activeAt(now));
            }
        }
        ArrayNode monitors = root.putArray("monitors");
        for (MonitorView view : views) {
            ObjectNode node = monitors.addObject();
            node.put("id", view.id());
            node.put("name", view.name());
            node.put("target", view.target());
            node.put("kind", view.kind());
            node.put("tier", view.tier());
            view.tags().forEach(node.putArray("tags")::add);
            node.put("maintenance", view.maintenance());
            node.put("enabled", view.enabled());
            node.put("status", view.status().name());
            node.put("since", view.since() == null ? null : view.since().toString());
            node.put("consecutiveFailures", view.consecutiveFailures());
            node.put("checks", view.checks());
            if (cluster != null) {
                node.put("prober", cluster.probers().get(view.id()));
            }
            CheckResult last = view.last();
            if (last == null) {
                node.putNull("lastCheck");
            } else {
                ObjectNode check = node.putObject("lastCheck");
                check.put("outcome", last.outcome().name());
                if (last.latencyMicros() >= 0) {
                    check.put("latencyMs", last.latencyMicros() / 1000.0);
                } else {
                    check.putNull("latencyMs");
                }
                check.put("address", last.address());
                check.put("reason", last.reason());
                ObjectNode details = check.putObject("details");
                last.details().forEach(details::put);
                check.put("at", last.at().toString());
            }
            node.put("lastFailure", lastFailure(view));
            Sparkline sparkline = view.sparkline();
            if (sparkline == null) {
                node.putNull("sparkline");
            } else {
                ObjectNode line = node.putObject("sparkline");
                line.put("start", sparkline.start() * 1000);
                line.put("stepSeconds", sparkline.stepSeconds());
                ArrayNode available = line.putArray("availability");
                ArrayNode latency = line.putArray("latencyMs");
                for (int i = 0; i < sparkline.availability().length; i++) {
                    addOrNull(available, sparkline.availability()[i]);
                    addOrNull(latency, sparkline.latencyMs()[i]);
                }
            }
            ObjectNode availability = node.putObject("availability");
            view.availability().forEach((window, value) -> {
                if (value == null) {
                    availability.putNull(window);
                } else {
                    availability.put(window, Math.round(value * 1_000_000) / 1_000_000.0);
                }
            });
            ArrayNode incidents = node.putArray("incidents");
            for (Incident incident : view.incidents()) {
                ObjectNode item = incidents.addObject();
                item.put("start", incident.start().toString());
                item.put("end", incident.end() == null ? null : incident.end().toString());
                item.put("durationSeconds", incident.duration(now).toMillis() / 1000.0);
                item.put("cause", incident.cause());
            }
            ArrayNode deliveries = node.putArray("deliveries");
            view.deliveries().forEach(d -> {
                ObjectNode item = deliveries.addObject();
                item.put("eventId", d.eventId());
                item.put("event", d.eventType());
                item.put("channel", d.channel());
                item.put("delivered", d.delivered());
                item.put("attempts", d.attempts());
                item.put("reason", d.reason());
                item.put("at", d.at().toString());
            });
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write /status", e);
        }
    }

    private static void addOrNull(ArrayNode array, double value) {
        if (Double.isNaN(value)) {
            array.addNull();
        } else {
            array.add(value);
        }
    }

    /**
     * Why the monitor last failed: the last check's reason when it failed, else the cause of the
     * latest incident; null when nothing failed in what is kept.
     */
    static String lastFailure(MonitorView view) {
        CheckResult last = view.last();
        if (last != null && !last.reachable() && last.reason() != null) {
            return last.reason();
        }
        return view.incidents().isEmpty() ? null : view.incidents().get(0).cause();
    }

    /** An event as a page that follows {@code /events} reads it: {@code {monitor, event, status, at}}. */
    public static String event(MonitorEvent event) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("monitor", event.monitorId());
        node.put("event", event.type().name());
        node.put("status", event.status().name());
        node.put("at", event.at().toString());
        return node.toString();
    }
}

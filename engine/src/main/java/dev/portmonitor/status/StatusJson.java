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
        return render(views, now, (ClusterView) null);
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
        return render(views, now, new Sections(cluster, persistence, windows, null, null, null, null));
    }

    /**
     * What {@code /status} shows beside the monitors; each part may be null (not shown).
     *
     * @param together monitors that fail together: {@code findings: [{kind: together, sentence, monitors, occasions}]}
     * @param deploys the deploy markers: {@code deploys: [...]} (the newest {@link #DEPLOYS_SHOWN}), and
     *     each incident's {@code afterDeploy} when it began within {@code deployWindow} after one
     * @param zone the zone findings speak in: {@code timezone}
     */
    public record Sections(ClusterView cluster, PersistenceHealth.Snapshot persistence, List<MaintenanceWindow> windows,
                           List<dev.portmonitor.history.TogetherFinder.Group> together,
                           List<dev.portmonitor.history.Deploy> deploys, java.time.Duration deployWindow,
                           java.time.ZoneId zone) {
    }

    public static final int DEPLOYS_SHOWN = 50;

    /** The whole document. */
    public static String render(List<MonitorView> views, Instant now, Sections sections) {
        ClusterView cluster = sections.cluster();
        PersistenceHealth.Snapshot persistence = sections.persistence();
        List<MaintenanceWindow> windows = sections.windows();
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
        if (sections.zone() != null) {
            root.put("timezone", sections.zone().getId());
        }
        if (sections.together() != null) {
            ArrayNode findings = root.putArray("findings");
            for (dev.portmonitor.history.TogetherFinder.Group group : sections.together()) {
                ObjectNode item = findings.addObject();
                item.put("kind", "together");
                item.put("sentence", group.sentence());
                group.monitors().forEach(item.putArray("monitors")::add);
                ArrayNode occasions = item.putArray("occasions");
                group.occasions().forEach(at -> occasions.add(at.toString()));
            }
        }
        List<dev.portmonitor.history.Deploy> deploys = sections.deploys();
        if (deploys != null) {
            ArrayNode list = root.putArray("deploys");
            for (dev.portmonitor.history.Deploy deploy : deploys.subList(Math.max(0, deploys.size() - DEPLOYS_SHOWN),
                    deploys.size())) {
                ObjectNode item = list.addObject();
                item.put("name", deploy.name());
                item.put("build", deploy.build());
                item.put("label", deploy.label());
                item.put("at", deploy.at().toString());
                deploy.targets().forEach(item.putArray("targets")::add);
                item.put("url", deploy.url());
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
                item.put("confirmed", incident.confirmed() == null ? null : incident.confirmed().toString());
                item.put("outcome", incident.outcome());
                item.put("maintenance", incident.maintenance());
                incident.told().forEach(item.putArray("told")::add);
                if (deploys != null) {
                    var deploy = dev.portmonitor.history.DeployCorrelation.before(incident.start(), view.target(), deploys,
                            sections.deployWindow());
                    if (deploy.isPresent()) {
                        ObjectNode after = item.putObject("afterDeploy");
                        after.put("label", deploy.get().label());
                        after.put("at", deploy.get().at().toString());
                        after.put("url", deploy.get().url());
                        after.put("sentence", dev.portmonitor.history.DeployCorrelation.describe(incident.start(), deploy.get()));
                    } else {
                        item.putNull("afterDeploy");
                    }
                }
            }
            ArrayNode patterns = node.putArray("patterns");
            for (dev.portmonitor.history.PatternFinder.Finding finding : view.patterns()) {
                ObjectNode item = patterns.addObject();
                item.put("kind", finding.kind());
                item.put("sentence", finding.sentence());
                ArrayNode evidence = item.putArray("evidence");
                finding.evidence().forEach(day -> evidence.add(day.toString()));
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

package dev.portmonitor.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.map.IMap;
import dev.portmonitor.cluster.ClusterMember;
import dev.portmonitor.config.ChannelConfig;
import dev.portmonitor.config.MonitorSpec;
import dev.portmonitor.history.PatternFinder;
import dev.portmonitor.notify.Notifiers;
import dev.portmonitor.notify.Report;
import dev.portmonitor.notify.RetryingDelivery;
import dev.portmonitor.status.MonitorView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code history.announcePatterns}: a recurring pattern found for the first time is sent once on
 * its monitor's channels. "Once" is per monitor and pattern key (a weekly pattern keeps its key as
 * weeks pass and its sentence changes), claimed in the cluster's map and kept in
 * {@code <state>/announced.json}, so that neither another member nor a restart announces it again.
 */
final class PatternAnnouncer {

    private static final Logger LOG = LoggerFactory.getLogger(PatternAnnouncer.class);
    static final String MAP = "port-monitor-announced";

    private final IMap<String, String> announced;
    private final Path file;
    private final ObjectMapper json = new ObjectMapper();

    PatternAnnouncer(ClusterMember member, Path stateDir) {
        this.announced = member.hazelcast().getMap(MAP);
        this.file = stateDir.resolve("announced.json");
    }

    void restore() {
        try {
            Map<String, String> saved = json.readValue(Files.readAllBytes(file), new TypeReference<Map<String, String>>() { });
            saved.forEach(announced::putIfAbsent);
        } catch (NoSuchFileException e) {
            // nothing announced yet
        } catch (IOException | RuntimeException e) {
            LOG.warn("the announced patterns in {} are unreadable ({}); patterns found now may be announced again", file,
                    e.toString());
        }
    }

    /** Announces each pattern of these views not announced before; returns how many were sent. */
    int announce(List<MonitorView> views, Function<String, MonitorSpec> specs, Function<String, ChannelConfig> channels,
                 Notifiers notifiers, Instant now) {
        int sent = 0;
        for (MonitorView view : views) {
            MonitorSpec spec = specs.apply(view.id());
            if (spec == null || spec.channels().isEmpty()) {
                continue;
            }
            for (PatternFinder.Finding finding : view.patterns()) {
                String key = view.id() + " " + finding.key();
                if (announced.putIfAbsent(key, now.toString()) != null) {
                    continue;
                }
                save();
                Report report = report(view, finding, key);
                for (String channelId : spec.channels()) {
                    ChannelConfig channel = channels.apply(channelId);
                    if (channel != null) {
                        RetryingDelivery.Outcome outcome = new RetryingDelivery(notifiers.create(channel),
                                channel.deliveryDeadline()).deliverReport(report);
                        if (!outcome.delivered()) {
                            LOG.warn("pattern of {} not announced on {}: {}", view.id(), channelId, outcome.reason());
                        }
                    }
                }
                sent++;
            }
        }
        return sent;
    }

    private Report report(MonitorView view, PatternFinder.Finding finding, String key) {
        ObjectNode body = json.createObjectNode();
        body.put("schemaVersion", 1);
        body.put("eventType", "PATTERN");
        body.put("monitor", view.id());
        body.put("name", view.name());
        body.put("target", view.target());
        body.put("kind", finding.kind());
        body.put("sentence", finding.sentence());
        finding.evidence().forEach(day -> body.withArray("evidence").add(day.toString()));
        String subject = "Pattern found: " + view.name() + " (" + view.target() + ")";
        String html = "<p>" + dev.portmonitor.review.ReviewFormat.escapeHtml(finding.sentence()) + "</p>";
        return new Report("pattern-" + key.replace(' ', '-'), subject, html, finding.sentence(), body.toString());
    }

    private void save() {
        try {
            dev.portmonitor.store.StateFiles.writeAtomically(file, json.writeValueAsBytes(new TreeMap<>(announced)));
        } catch (IOException e) {
            LOG.warn("could not keep the announced patterns in {}: {}", file, e.toString());
        }
    }

    /** For tests: what has been announced. */
    List<String> keys() {
        return new ArrayList<>(new TreeMap<>(announced).keySet());
    }
}

package dev.portmonitor.config;

import static dev.portmonitor.config.Values.or;

import com.cronutils.model.time.ExecutionTime;
import dev.portmonitor.config.ConfigNode.MapNode;
import dev.portmonitor.config.ConfigNode.NullNode;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/** The {@code history:} and {@code review:} blocks. */
final class HistoryBinder {

    private static final List<String> HISTORY_KEYS = List.of("keepIncidents", "timezone", "deployWindow", "announcePatterns");
    private static final List<String> REVIEW_KEYS = List.of("schedule", "timezone", "channels");
    static final Duration MIN_KEEP = Duration.ofDays(1);
    static final Duration MAX_KEEP = Duration.ofDays(3660);
    static final Duration MIN_DEPLOY_WINDOW = Duration.ofMinutes(1);
    static final Duration MAX_DEPLOY_WINDOW = Duration.ofHours(24);

    private final Values values;

    HistoryBinder(Values values) {
        this.values = values;
    }

    HistorySettings history(ConfigNode node) {
        HistorySettings defaults = HistorySettings.defaults();
        if (node == null || node instanceof NullNode) {
            return defaults;
        }
        MapNode map = values.map(node, "history", HISTORY_KEYS);
        if (map == null) {
            return defaults;
        }
        return new HistorySettings(
                or(values.duration(map, "keepIncidents", "history", MIN_KEEP, MAX_KEEP), defaults.keepIncidents()),
                or(values.zone(map, "timezone", "history"), defaults.timezone()),
                or(values.duration(map, "deployWindow", "history", MIN_DEPLOY_WINDOW, MAX_DEPLOY_WINDOW), defaults.deployWindow()),
                or(values.bool(map, "announcePatterns", "history"), defaults.announcePatterns()));
    }

    /** The review block; its time zone defaults to the history's. */
    ReviewSettings review(ConfigNode node, ZoneId historyZone, Set<String> channelIds) {
        ReviewSettings defaults = ReviewSettings.defaults(historyZone);
        if (node == null || node instanceof NullNode) {
            return defaults;
        }
        MapNode map = values.map(node, "review", REVIEW_KEYS);
        if (map == null) {
            return defaults;
        }
        String schedule = values.text(map, "schedule", "review");
        ExecutionTime cron = values.cron(map, "schedule", "review");
        return new ReviewSettings(cron == null ? defaults.schedule() : schedule, or(cron, defaults.cron()),
                or(values.zone(map, "timezone", "review"), historyZone),
                values.references(map, "channels", "review", "channel", channelIds));
    }
}

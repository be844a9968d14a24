package dev.portmonitor.config;

import static dev.portmonitor.config.Values.join;
import static dev.portmonitor.config.Values.line;

import com.cronutils.model.time.ExecutionTime;
import dev.portmonitor.config.ConfigNode.MapNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The {@code maintenance:} list: recurring windows (cron and duration) and one-off ones (start and end). */
final class MaintenanceBinder {

    private static final List<String> KEYS = List.of("id", "cron", "duration", "timezone", "start", "end",
            "monitors", "tags");

    private final Values values;

    MaintenanceBinder(Values values) {
        this.values = values;
    }

    List<MaintenanceWindow> bind(ConfigNode node, Set<String> monitorIds) {
        List<MaintenanceWindow> windows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        values.items(node, "maintenance").forEach((path, item) -> {
            MapNode map = values.map(item, path, KEYS);
            if (map == null) {
                return;
            }
            int before = values.problems().size();
            String id = values.id(map, path, seen, "maintenance window");
            String cronText = values.text(map, "cron", path);
            Duration duration = values.duration(map, "duration", path, Defaults.MIN_MAINTENANCE_DURATION);
            Instant start = values.instant(map, "start", path);
            Instant end = values.instant(map, "end", path);
            ZoneId zone = Values.or(values.zone(map, "timezone", path), Defaults.MAINTENANCE_ZONE);
            ExecutionTime cron = when(map, path, cronText, duration, start, end);
            List<String> monitors = values.references(map, "monitors", path, "monitor", monitorIds);
            List<String> tags = values.strings(map, "tags", path);
            if (values.problems().size() == before && id != null) {
                windows.add(new MaintenanceWindow(id, cronText, cron, duration, zone, start, end, monitors, tags));
            }
        });
        return windows;
    }

    /** Checks that the window is either recurring or once; the parsed cron of a recurring one, else null. */
    private ExecutionTime when(MapNode map, String path, String cronText, Duration duration, Instant start, Instant end) {
        boolean recurring = map.entries().containsKey("cron");
        boolean once = map.entries().containsKey("start") || map.entries().containsKey("end");
        if (recurring == once) {
            values.problem(path, map.line(), "give either cron and duration (a recurring window) or start and end (once)");
        } else if (recurring) {
            ExecutionTime cron = cronText == null ? null : values.cron(map, "cron", path);
            if (duration == null && !map.entries().containsKey("duration")) {
                values.problem(path, map.line(), "a cron window needs a duration, like 2h");
            }
            return cron;
        } else if (start != null && end != null && !end.isAfter(start)) {
            values.problem(join(path, "end"), line(map, "end"), "must be after start");
        } else if ((start == null && !map.entries().containsKey("start")) || (end == null && !map.entries().containsKey("end"))) {
            values.problem(path, map.line(), "a one-off window needs both start and end");
        }
        return null;
    }
}

package dev.portmonitor.config;

import com.cronutils.model.time.ExecutionTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * A quiet period: events of the monitors it covers are recorded but not sent. Either recurring (a
 * Unix cron expression for its start, and a duration) or once (a start and an end). It covers the
 * monitors it names and the monitors with any of its tags; naming neither covers every monitor.
 *
 * @param cron null for a one-off window
 */
public record MaintenanceWindow(String id, String cronText, ExecutionTime cron, Duration duration, ZoneId zone,
                                Instant start, Instant end, List<String> monitors, List<String> tags) {

    public MaintenanceWindow {
        monitors = List.copyOf(monitors);
        tags = List.copyOf(tags);
    }

    /** True when {@code at} falls in this window and the window covers the monitor. */
    public boolean covers(MonitorSpec monitor, Instant at) {
        return selects(monitor) && activeAt(at);
    }

    /** Whether the window is for this monitor (by id or tag; a window naming neither is for every monitor). */
    public boolean selects(MonitorSpec monitor) {
        if (monitors.isEmpty() && tags.isEmpty()) {
            return true;
        }
        return monitors.contains(monitor.id()) || monitor.tags().stream().anyMatch(tags::contains);
    }

    public boolean activeAt(Instant at) {
        if (cron == null) {
            return !at.isBefore(start) && at.isBefore(end);
        }
        ZonedDateTime when = at.atZone(zone);
        ZonedDateTime minute = when.truncatedTo(ChronoUnit.MINUTES);
        Optional<ZonedDateTime> began = cron.isMatch(minute) ? Optional.of(minute) : cron.lastExecution(when);
        return began.map(b -> !when.isBefore(b) && when.isBefore(b.plus(duration))).orElse(false);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MaintenanceWindow w && id.equals(w.id) && java.util.Objects.equals(cronText, w.cronText)
                && java.util.Objects.equals(duration, w.duration) && zone.equals(w.zone)
                && java.util.Objects.equals(start, w.start) && java.util.Objects.equals(end, w.end)
                && monitors.equals(w.monitors) && tags.equals(w.tags);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(id, cronText, duration, zone, start, end, monitors, tags);
    }
}

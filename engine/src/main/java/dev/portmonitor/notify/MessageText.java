package dev.portmonitor.notify;

import dev.portmonitor.format.Durations;
import dev.portmonitor.monitor.EventType;
import dev.portmonitor.monitor.MonitorEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Short messages people can act on, for phones and mail subjects: which service, host:port, what
 * failed, since when (UTC and relative), how many checks, the tier; a recovery says how long it was
 * down.
 */
public final class MessageText {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private MessageText() {
    }

    /** One short line: "DOWN Orders database (db.internal:5432)". */
    public static String subject(MonitorEvent e) {
        if (e.type() == EventType.TEST) {
            return "TEST Port Monitor";
        }
        return e.type().name() + " " + e.monitorName() + " (" + e.target() + ")";
    }

    /** "7 monitors changed state": the subject of a grouped message. */
    public static String groupSubject(java.util.List<MonitorEvent> events) {
        long monitors = events.stream().map(MonitorEvent::monitorId).distinct().count();
        return events.size() + " events on " + monitors + (monitors == 1 ? " monitor" : " monitors");
    }

    /** One line per event, at most {@code most}, then how many more. */
    public static String groupBody(java.util.List<MonitorEvent> events, int most) {
        StringBuilder text = new StringBuilder(groupSubject(events)).append('\n');
        events.stream().limit(most).forEach(e -> text.append(e.type().name()).append(' ').append(e.monitorName())
                .append(" (").append(e.target()).append(')')
                .append(e.type() == EventType.RECOVERED ? " after " + Durations.formatRounded(e.downtime()) : ": " + e.cause()).append('\n'));
        if (events.size() > most) {
            text.append("and ").append(events.size() - most).append(" more\n");
        }
        return text.toString().stripTrailing();
    }

    /** A few lines of plain text; {@code now} gives the relative times. */
    public static String body(MonitorEvent e, Instant now) {
        if (e.type() == EventType.TEST) {
            return "Port Monitor test message: " + e.cause() + ".";
        }
        StringBuilder text = new StringBuilder();
        text.append(e.type().name()).append(' ').append(e.monitorName()).append('\n');
        text.append(e.target()).append(e.tier() == null ? "" : " [" + e.tier() + "]").append('\n');
        switch (e.type()) {
            case DOWN -> text.append(e.cause()).append('\n')
                    .append(e.consecutiveFailures()).append(" failed checks in a row, down since ").append(when(e.since(), now));
            case REMINDER -> text.append("still down: ").append(e.cause()).append('\n')
                    .append("down since ").append(when(e.since(), now)).append(" (reminder ").append(e.reminder()).append(')');
            case DEGRADED -> text.append(e.cause()).append('\n').append("slow since ").append(when(e.since(), now));
            case RECOVERED -> text.append("back up after ").append(Durations.formatRounded(e.downtime())).append(" ")
                    .append(e.previous() == dev.portmonitor.monitor.MonitorStatus.DEGRADED ? "degraded" : "down").append('\n')
                    .append("since ").append(when(e.since(), now)).append("; it was ").append(e.cause());
            default -> text.append(e.cause());
        }
        return text.toString();
    }

    private static String when(Instant at, Instant now) {
        return UTC.format(at) + " (" + Durations.formatRounded(Duration.between(at, now)) + " ago)";
    }
}

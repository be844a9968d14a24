package dev.portmonitor.notify;

import dev.portmonitor.format.Durations;
import dev.portmonitor.monitor.MonitorEvent;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/** An event as one line a person can act on: what, where, why, since when. */
public final class EventText {

    private EventText() {
    }

    /** A test message for a channel, shaped like any event so that it takes the same path. */
    public static MonitorEvent test(String channelId, java.time.Instant now) {
        return new MonitorEvent("test-" + now.toEpochMilli(), dev.portmonitor.monitor.EventType.TEST, "port-monitor-test",
                "Port Monitor test", "127.0.0.1:1", null, dev.portmonitor.monitor.MonitorStatus.UNKNOWN,
                dev.portmonitor.monitor.MonitorStatus.UNKNOWN, "a test message for channel " + channelId
                + " from port-monitor test-channel; nothing is down", dev.portmonitor.probe.Outcome.OPEN, 0, now, null, now, 0);
    }

    /** A group of events as one line: "GROUP 7 events: DOWN a ...; DOWN b ...". */
    public static String groupLine(java.util.List<MonitorEvent> events) {
        return "GROUP " + events.size() + " events: " + events.stream().map(EventText::line)
                .collect(java.util.stream.Collectors.joining("; "));
    }

    public static String line(MonitorEvent e) {
        String who = e.monitorId() + (e.monitorName() != null && !e.monitorName().equals(e.monitorId())
                ? " (" + e.monitorName() + ")" : "") + " " + e.target() + (e.tier() != null ? " [" + e.tier() + "]" : "");
        String since = e.since().truncatedTo(ChronoUnit.SECONDS).toString();
        return switch (e.type()) {
            case DOWN -> "DOWN " + who + ": " + e.cause() + "; " + e.consecutiveFailures()
                    + " consecutive failed checks since " + since;
            case RECOVERED -> "RECOVERED " + who + " after " + Durations.formatRounded(e.downtime()) + " "
                    + (e.previous() == dev.portmonitor.monitor.MonitorStatus.DEGRADED ? "degraded" : "down")
                    + " (since " + since + ")";
            case DEGRADED -> "DEGRADED " + who + ": " + e.cause() + "; slow since " + since;
            case REMINDER -> "REMINDER " + who + " still down after " + Durations.formatRounded(Duration.between(e.since(), e.at()))
                    + " (reminder " + e.reminder() + "): " + e.cause();
            case TEST -> "TEST " + e.cause();
        };
    }
}

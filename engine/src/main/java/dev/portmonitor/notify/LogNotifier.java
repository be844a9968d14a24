package dev.portmonitor.notify;

import dev.portmonitor.monitor.MonitorEvent;
import java.io.PrintStream;
import java.time.temporal.ChronoUnit;

/** The {@code log} channel: one line per event on a stream (standard output in the CLI). */
public final class LogNotifier implements Notifier {

    private final String channelId;
    private final PrintStream out;

    public LogNotifier(String channelId, PrintStream out) {
        this.channelId = channelId;
        this.out = out;
    }

    @Override
    public void deliver(MonitorEvent event) {
        out.println(event.at().truncatedTo(ChronoUnit.MILLIS) + " [" + channelId + "] " + EventText.line(event));
        out.flush();
    }

    @Override
    public void deliverReport(Report report) {
        out.println(java.time.Instant.now().truncatedTo(ChronoUnit.MILLIS) + " [" + channelId + "] " + report.subject());
        out.println(report.text());
        out.flush();
    }

    @Override
    public void deliverGroup(java.util.List<MonitorEvent> events) {
        out.println(java.time.Instant.now().truncatedTo(ChronoUnit.MILLIS) + " [" + channelId + "] " + EventText.groupLine(events));
        out.flush();
    }
}

package dev.portmonitor.status;

import dev.portmonitor.monitor.CheckResult;
import dev.portmonitor.monitor.MonitorStatus;
import dev.portmonitor.history.DeliveryRecord;
import dev.portmonitor.history.Incident;
import dev.portmonitor.history.Sparkline;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a status page shows of one monitor.
 *
 * @param since when the current status began
 * @param last the last check, or null before the first
 * @param availability share of successful checks per window ("1h", "24h", "7d", "30d"); null when
 *     there were no checks in the window
 * @param incidents the most recent outages, newest first
 * @param deliveries what became of the most recent events on each channel, newest first
 * @param kind the kind of check ({@code tcp}, {@code postgres}...)
 * @param tags the monitor's tags
 * @param maintenance the maintenance window the monitor is in now, or null
 * @param sparkline the last 24 hours hour by hour; null before the first check
 * @param patterns the recurring patterns found in its incidents
 */
public record MonitorView(String id, String name, String target, String tier, boolean enabled, MonitorStatus status,
                          Instant since, CheckResult last, int consecutiveFailures, long checks,
                          Map<String, Double> availability, List<Incident> incidents, List<DeliveryRecord> deliveries,
                          String kind, List<String> tags, String maintenance, Sparkline sparkline,
                          List<dev.portmonitor.history.PatternFinder.Finding> patterns) {

    public MonitorView {
        patterns = List.copyOf(patterns);
    }

    /** The same view with more patterns (found across monitors or deploys). */
    public MonitorView withPatterns(List<dev.portmonitor.history.PatternFinder.Finding> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<dev.portmonitor.history.PatternFinder.Finding> all = new java.util.ArrayList<>(patterns);
        all.addAll(more);
        return new MonitorView(id, name, target, tier, enabled, status, since, last, consecutiveFailures, checks,
                availability, incidents, deliveries, kind, tags, maintenance, sparkline, all);
    }
}

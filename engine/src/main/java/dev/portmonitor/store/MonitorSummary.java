package dev.portmonitor.store;

import dev.portmonitor.history.DeliveryRecord;
import dev.portmonitor.history.Incident;
import dev.portmonitor.monitor.MonitorState;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The small part of a monitor's record a status page needs, computed where the record lives so that
 * reading a status never copies whole histories.
 *
 * @param availability share of successful checks per window ("1h", "24h", "7d", "30d"), null when none
 * @param incidents the most recent outages, newest first
 * @param deliveries the most recent delivery outcomes, newest first
 * @param sparkline the last 24 hours, hour by hour
 * @param patterns the recurring patterns in its incidents, the monitor named {@code PatternFinder.SUBJECT}
 */
public record MonitorSummary(MonitorState state, Map<String, Double> availability, List<Incident> incidents,
                             List<DeliveryRecord> deliveries, dev.portmonitor.history.Sparkline sparkline,
                             List<dev.portmonitor.history.PatternFinder.Finding> patterns)
        implements Serializable {
}

package dev.portmonitor.monitor;

import dev.portmonitor.probe.Outcome;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * A transition worth telling people about.
 *
 * @param id a dedupe id, the same wherever and however often this event is delivered
 * @param monitorName the monitor's name, or its id
 * @param target {@code host:port}
 * @param tier the monitor's tier, or null
 * @param cause the failure that led here (DOWN, REMINDER, DEGRADED), in words
 * @param outcome the outcome of the check that caused the event
 * @param since when the outage (or the degradation) began
 * @param downtime for RECOVERED: how long it lasted; otherwise null
 * @param reminder for REMINDER: which one (1, 2...); otherwise 0
 */
public record MonitorEvent(String id, EventType type, String monitorId, String monitorName, String target, String tier,
                           MonitorStatus status, MonitorStatus previous, String cause, Outcome outcome,
                           int consecutiveFailures, Instant since, Duration downtime, Instant at, int reminder)
        implements Serializable {
}

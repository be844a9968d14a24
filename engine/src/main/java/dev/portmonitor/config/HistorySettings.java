package dev.portmonitor.config;

import java.time.Duration;
import java.time.ZoneId;

/**
 * The {@code history:} block: how long incidents are kept, the time zone findings and the monthly
 * review speak in, how soon after a deploy an incident is said to follow it, and whether a new
 * recurring pattern is announced on a monitor's channels.
 *
 * @param keepIncidents an incident is kept this long after it ended
 * @param timezone the zone of "every Tuesday at 03:00"
 * @param deployWindow an incident that begins within this time after a deploy names it
 * @param announcePatterns whether a new finding is sent once on the monitor's channels
 */
public record HistorySettings(Duration keepIncidents, ZoneId timezone, Duration deployWindow, boolean announcePatterns) {

    public static final Duration KEEP_INCIDENTS = Duration.ofDays(400);
    public static final Duration DEPLOY_WINDOW = Duration.ofMinutes(15);

    /** Without a {@code history:} block: 400 days, the system's time zone, 15 minutes, no announcements. */
    public static HistorySettings defaults() {
        return new HistorySettings(KEEP_INCIDENTS, ZoneId.systemDefault(), DEPLOY_WINDOW, false);
    }
}

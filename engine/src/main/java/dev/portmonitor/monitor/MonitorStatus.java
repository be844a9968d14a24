package dev.portmonitor.monitor;

/** Where a monitor stands, as confirmed by consecutive checks. */
public enum MonitorStatus {
    /** Not checked yet. */
    UNKNOWN,
    /** Reachable. */
    UP,
    /** Reachable, but slow for several checks in a row. */
    DEGRADED,
    /** Failed the configured number of checks in a row. */
    DOWN
}

package dev.portmonitor.monitor;

/** What a monitor tells its channels. */
public enum EventType {
    /** Confirmed down: N consecutive failed checks. */
    DOWN,
    /** Back up after being DOWN or DEGRADED: M consecutive successful checks. Carries the downtime. */
    RECOVERED,
    /** Reachable but slow for several checks in a row. */
    DEGRADED,
    /** Still down, repeated every so often up to a limit. */
    REMINDER,
    /** Not a monitor's event: a message sent by {@code port-monitor test-channel} to try a channel. */
    TEST
}

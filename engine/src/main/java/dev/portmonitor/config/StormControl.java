package dev.portmonitor.config;

import java.time.Duration;

/**
 * When many monitors change state at once (a switch, a firewall change), each channel gets one
 * grouped message instead of one message each: from the {@code events}-th event within
 * {@code window}, events are held and sent together when the window closes.
 */
public record StormControl(int events, Duration window) {

    public static final StormControl DEFAULT = new StormControl(Defaults.STORM_EVENTS, Defaults.STORM_WINDOW);
}

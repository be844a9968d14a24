package dev.portmonitor.config;

import java.time.Duration;
import java.util.List;

/** A named check interval, with the channels its monitors alert by default. */
public record Tier(String id, Duration interval, List<String> channels) {

    /** tier1 every minute, tier2 every 5 minutes, tier3 every 15 minutes. */
    public static final List<Tier> DEFAULTS = List.of(
            new Tier("tier1", Duration.ofMinutes(1), List.of()),
            new Tier("tier2", Duration.ofMinutes(5), List.of()),
            new Tier("tier3", Duration.ofMinutes(15), List.of()));

    public Tier {
        channels = List.copyOf(channels);
    }
}

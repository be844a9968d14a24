package dev.portmonitor.config;

import java.time.Duration;
import java.util.List;

/** A named check interval, with the channels its monitors alert by default. */
public record Tier(String id, Duration interval, List<String> channels) {

    /** tier1 every minute, tier2 every 5 minutes, tier3 every 15 minutes. */
    public static final List<Tier> DEFAULTS = List.of(
            new Tier("tier1", Defaults.TIER1_INTERVAL, List.of()),
            new Tier("tier2", Defaults.TIER2_INTERVAL, List.of()),
            new Tier("tier3", Defaults.TIER3_INTERVAL, List.of()));

    public Tier {
        channels = List.copyOf(channels);
    }
}

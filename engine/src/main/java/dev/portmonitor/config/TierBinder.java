package dev.portmonitor.config;

import dev.portmonitor.config.ConfigNode.MapNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The {@code tiers:} list; without one, {@link Tier#DEFAULTS}. */
final class TierBinder {

    private static final List<String> KEYS = List.of("id", "interval", "channels");

    private final Values values;

    TierBinder(Values values) {
        this.values = values;
    }

    /** Tiers declared with a problem of their own: a monitor naming one is not told the tier is unknown. */
    private final Set<String> broken = new HashSet<>();

    Set<String> broken() {
        return broken;
    }

    List<Tier> bind(ConfigNode node, Set<String> channelIds) {
        if (node == null) {
            return Tier.DEFAULTS;
        }
        List<Tier> tiers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        values.items(node, "tiers").forEach((path, item) -> {
            MapNode map = values.map(item, path, KEYS);
            if (map == null) {
                return;
            }
            String id = values.id(map, path, seen, "tier");
            Duration interval = values.duration(map, "interval", path, Defaults.MIN_INTERVAL);
            if (interval == null && !map.entries().containsKey("interval")) {
                values.problem(path, map.line(), "needs an interval, for example 1m");
            }
            List<String> channels = ChannelsBinder.references(values, map, path, channelIds);
            if (id != null && interval != null) {
                tiers.add(new Tier(id, interval, channels));
            } else if (id != null) {
                broken.add(id);
            }
        });
        return tiers;
    }
}

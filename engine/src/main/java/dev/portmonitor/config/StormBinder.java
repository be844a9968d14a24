package dev.portmonitor.config;

import static dev.portmonitor.config.Values.or;

import dev.portmonitor.config.ConfigNode.MapNode;
import dev.portmonitor.config.ConfigNode.NullNode;
import java.time.Duration;
import java.util.List;

/** The {@code storm:} block; without one, {@link StormControl#DEFAULT}; {@code enabled: false} gives null. */
final class StormBinder {

    private static final List<String> KEYS = List.of("events", "window", "enabled");

    private final Values values;

    StormBinder(Values values) {
        this.values = values;
    }

    StormControl bind(ConfigNode node) {
        if (node == null || node instanceof NullNode) {
            return StormControl.DEFAULT;
        }
        MapNode map = values.map(node, "storm", KEYS);
        if (map == null) {
            return StormControl.DEFAULT;
        }
        Boolean enabled = values.bool(map, "enabled", "storm");
        int events = or(values.integer(map, "events", "storm", Defaults.MIN_STORM_EVENTS, Defaults.MAX_STORM_EVENTS),
                StormControl.DEFAULT.events());
        Duration window = or(values.duration(map, "window", "storm", Defaults.MIN_STORM_WINDOW), StormControl.DEFAULT.window());
        return Boolean.FALSE.equals(enabled) ? null : new StormControl(events, window);
    }
}

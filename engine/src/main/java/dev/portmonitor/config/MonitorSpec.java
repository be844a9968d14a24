package dev.portmonitor.config;

import dev.portmonitor.probe.ProbeOptions;
import dev.portmonitor.target.Target;
import java.time.Duration;
import java.util.List;

/**
 * One monitor with every setting resolved: defaults, then its tier, then its own values.
 *
 * @param id unique, stable: state and history are kept under it
 * @param tier the tier it belongs to, or null when it has an interval of its own
 * @param channels the channels its events go to (its own, or else its tier's)
 */
public record MonitorSpec(String id, String name, Target target, String tier, Duration interval, ProbeOptions probe,
                          ConfirmationPolicy confirmation, List<String> channels, List<String> tags, boolean enabled) {

    public MonitorSpec {
        channels = List.copyOf(channels);
        tags = List.copyOf(tags);
    }

    /** The name if one was given, otherwise the id. */
    public String label() {
        return name != null ? name : id;
    }
}

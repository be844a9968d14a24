package dev.portmonitor.config;

import dev.portmonitor.monitor.ConfirmationPolicy;
import dev.portmonitor.probe.ProbeKind;
import dev.portmonitor.probe.ProbeKinds;
import dev.portmonitor.probe.ProbeOptions;
import dev.portmonitor.probe.ProbeSettings;
import dev.portmonitor.target.Target;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One monitor with every setting resolved: defaults, then its tier, then its own values.
 *
 * @param id unique, stable: state and history are kept under it
 * @param tier the tier it belongs to, or null when it has an interval of its own
 * @param kind which probe checks it ({@code tcp} unless the monitor says otherwise)
 * @param probe the settings every probe kind has
 * @param settings the kind's own settings, bound by the kind
 * @param channels the channels its events go to (its own, or else its tier's)
 */
public record MonitorSpec(String id, String name, Target target, String tier, Duration interval, ProbeKind kind,
                          ProbeOptions probe, ProbeSettings settings, ConfirmationPolicy confirmation, List<String> channels,
                          List<String> tags, boolean enabled) {

    public MonitorSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(settings, "settings");
        channels = List.copyOf(channels);
        tags = List.copyOf(tags);
    }

    /** A TCP connect monitor. */
    public MonitorSpec(String id, String name, Target target, String tier, Duration interval, ProbeOptions probe,
                       ConfirmationPolicy confirmation, List<String> channels, List<String> tags, boolean enabled) {
        this(id, name, target, tier, interval, ProbeKinds.TCP, probe, ProbeSettings.NONE, confirmation, channels, tags,
                enabled);
    }

    /** The name if one was given, otherwise the id. */
    public String label() {
        return name != null ? name : id;
    }
}

package dev.portmonitor.probe;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One kind of probe, as a monitor's {@code kind:} names it: its default port, its own settings keys
 * and how they are bound, and how its {@link Probe} is made over the shared {@link Connector}.
 *
 * @param name the configuration's word for it ({@code tcp}, {@code redis}...)
 * @param defaultPort the port a monitor of this kind gets when it gives none; 0 when a port is required
 * @param settingKeys the monitor keys this kind adds to the common ones
 * @param binder reads those keys into the kind's settings; reports problems through the reader
 * @param factory makes the kind's probe; called once per engine
 */
public record ProbeKind(String name, int defaultPort, List<String> settingKeys,
                        Function<SettingsReader, ProbeSettings> binder, Function<Connector, Probe> factory) {

    public ProbeKind {
        Objects.requireNonNull(name, "name");
        settingKeys = List.copyOf(settingKeys);
        Objects.requireNonNull(binder, "binder");
        Objects.requireNonNull(factory, "factory");
    }

    @Override
    public String toString() {
        return name;
    }
}

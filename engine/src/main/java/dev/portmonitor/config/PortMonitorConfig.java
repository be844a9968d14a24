package dev.portmonitor.config;

import java.util.List;
import java.util.Optional;

/** A whole, valid configuration: what {@link ConfigLoader} returns. */
public record PortMonitorConfig(List<Tier> tiers, List<ChannelConfig> channels, List<MonitorSpec> monitors,
                                List<MaintenanceWindow> maintenance, StormControl storm, HistorySettings history,
                                ReviewSettings review) {

    public PortMonitorConfig {
        tiers = List.copyOf(tiers);
        channels = List.copyOf(channels);
        monitors = List.copyOf(monitors);
        maintenance = List.copyOf(maintenance);
    }

    public PortMonitorConfig(List<Tier> tiers, List<ChannelConfig> channels, List<MonitorSpec> monitors) {
        this(tiers, channels, monitors, List.of(), StormControl.DEFAULT, HistorySettings.defaults(),
                ReviewSettings.defaults(java.time.ZoneId.systemDefault()));
    }

    /** The maintenance window that silences this monitor's events at {@code at}, if any. */
    public Optional<MaintenanceWindow> maintenance(MonitorSpec monitor, java.time.Instant at) {
        return maintenance.stream().filter(w -> w.covers(monitor, at)).findFirst();
    }

    public Optional<MonitorSpec> monitor(String id) {
        return monitors.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    public Optional<ChannelConfig> channel(String id) {
        return channels.stream().filter(c -> c.id().equals(id)).findFirst();
    }
}

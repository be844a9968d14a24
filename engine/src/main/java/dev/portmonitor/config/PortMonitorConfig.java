package dev.portmonitor.config;

import java.util.List;
import java.util.Optional;

/** A whole, valid configuration: what {@link ConfigLoader} returns. */
public record PortMonitorConfig(List<Tier> tiers, List<ChannelConfig> channels, List<MonitorSpec> monitors) {

    public PortMonitorConfig {
        tiers = List.copyOf(tiers);
        channels = List.copyOf(channels);
        monitors = List.copyOf(monitors);
    }

    public Optional<MonitorSpec> monitor(String id) {
        return monitors.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    public Optional<ChannelConfig> channel(String id) {
        return channels.stream().filter(c -> c.id().equals(id)).findFirst();
    }
}

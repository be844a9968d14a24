package dev.portmonitor.config;

import java.util.List;

/** {@code log: {}}: a log channel has no settings. */
final class LogChannelBinder implements ChannelBinder {

    private final Values values;

    LogChannelBinder(Values values) {
        this.values = values;
    }

    @Override
    public ChannelConfig bind(String id, ConfigNode node, String path) {
        values.map(node, path, List.of());
        return id == null ? null : new LogChannelConfig(id);
    }
}

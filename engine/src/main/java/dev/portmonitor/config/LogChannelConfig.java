package dev.portmonitor.config;

/** Events as one line each on standard output. */
public record LogChannelConfig(String id) implements ChannelConfig {
}

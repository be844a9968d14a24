package dev.portmonitor.config;

/** Where events go. Each kind of channel is one record; {@link #type()} is its key in the YAML. */
public sealed interface ChannelConfig permits LogChannelConfig {

    String id();

    String type();
}

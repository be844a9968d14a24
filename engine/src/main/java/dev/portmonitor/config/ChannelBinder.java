package dev.portmonitor.config;

import static dev.portmonitor.config.Values.or;

import dev.portmonitor.config.ConfigNode.MapNode;
import java.time.Duration;

/** Binds the block of one channel kind, the value of {@code webhook:} say, into its record; see {@link ChannelKinds}. */
@FunctionalInterface
interface ChannelBinder {

    /**
     * @param id the channel's id, or null when it is missing or wrong (already a problem): the block's
     *     own problems are reported all the same
     * @param path where the block is, as {@code channels[2].webhook}
     * @return the channel, or null when it has a problem
     */
    ChannelConfig bind(String id, ConfigNode node, String path);

    /** The {@code timeout} of one request to the channel's server. */
    static Duration timeout(Values values, MapNode map, String path, Duration fallback) {
        return or(values.duration(map, "timeout", path, Defaults.MIN_CHANNEL_TIMEOUT), fallback);
    }

    /** The {@code deliveryDeadline}, for every kind but log. */
    static Duration deliveryDeadline(Values values, MapNode map, String path) {
        return or(values.duration(map, "deliveryDeadline", path, Defaults.MIN_DELIVERY_DEADLINE), Defaults.DELIVERY_DEADLINE);
    }
}

package dev.portmonitor.config;

import java.util.function.UnaryOperator;

/**
 * Where events go. Each kind of channel is one record, listed in {@code ChannelKinds} with its key
 * in the YAML and its binder (a new kind is named in {@code permits} here as well).
 */
public sealed interface ChannelConfig permits LogChannelConfig, WebhookChannelConfig, TelegramChannelConfig, MailChannelConfig {

    String id();

    /** Its kind's key in the YAML: {@code log}, {@code webhook}, {@code telegram}, {@code mail}. */
    default String type() {
        return ChannelKinds.of(getClass()).key();
    }

    /** How long an event is retried on this channel before it is given up. */
    default java.time.Duration deliveryDeadline() {
        return Defaults.DELIVERY_DEADLINE;
    }

    /**
     * Every setting as text, for comparing the configurations of cluster members: the same on every
     * JVM for the same file. The default is the record's text, where secrets print as {@code ****};
     * a kind whose text holds credentials or a map in no fixed order overrides it.
     *
     * @param hide turns a value that may hold a credential into a digest of it
     */
    default String fingerprint(UnaryOperator<String> hide) {
        return toString();
    }
}

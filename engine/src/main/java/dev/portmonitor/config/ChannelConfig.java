package dev.portmonitor.config;

/** Where events go. Each kind of channel is one record; {@link #type()} is its key in the YAML. */
public sealed interface ChannelConfig permits LogChannelConfig, WebhookChannelConfig, TelegramChannelConfig, MailChannelConfig {

    String id();

    String type();

    /** How long an event is retried on this channel before it is given up. */
    default java.time.Duration deliveryDeadline() {
        return Defaults.DELIVERY_DEADLINE;
    }
}

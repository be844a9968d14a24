package dev.portmonitor.notify;

import dev.portmonitor.config.ChannelConfig;
import dev.portmonitor.config.LogChannelConfig;
import dev.portmonitor.config.WebhookChannelConfig;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;

/** The one place that turns a channel's configuration into its notifier. */
public final class Notifiers {

    private final PrintStream out;
    private final HttpClient http;

    /**
     * @param out where {@code log} channels write
     */
    public Notifiers(PrintStream out) {
        this(out, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    public Notifiers(PrintStream out, HttpClient http) {
        this.out = out;
        this.http = http;
    }

    public Notifier create(ChannelConfig channel) {
        if (channel instanceof LogChannelConfig log) {
            return new LogNotifier(log.id(), out);
        }
        if (channel instanceof WebhookChannelConfig webhook) {
            return new WebhookNotifier(webhook, http);
        }
        throw new IllegalArgumentException("no notifier for channel type " + channel.type());
    }
}

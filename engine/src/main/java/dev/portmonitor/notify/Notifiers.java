package dev.portmonitor.notify;

import dev.portmonitor.config.ChannelConfig;
import dev.portmonitor.config.LogChannelConfig;
import dev.portmonitor.config.MailChannelConfig;
import dev.portmonitor.config.TelegramChannelConfig;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import dev.portmonitor.config.WebhookChannelConfig;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The one place that turns a channel's configuration into its notifier. Channels that go through a
 * Camel component (Telegram, mail) share one Camel context of their own, started when first needed.
 */
public final class Notifiers implements AutoCloseable {

    private final PrintStream out;
    private final HttpClient http;
    private CamelContext camel;
    private ClassLoader classLoader;

    /** The class loader the channels' Camel context uses (see MonitorEngine#useClassLoader). */
    public void useClassLoader(ClassLoader loader) {
        this.classLoader = loader;
    }

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

    private synchronized CamelContext camel() {
        if (camel == null) {
            camel = new DefaultCamelContext();
            if (classLoader != null) {
                camel.setApplicationContextClassLoader(classLoader);
            }
            camel.getCamelContextExtension().setName("port-monitor-channels");
            camel.start();
        }
        return camel;
    }

    @Override
    public synchronized void close() {
        if (camel != null) {
            camel.stop();
            camel = null;
        }
    }

    public Notifier create(ChannelConfig channel) {
        if (channel instanceof LogChannelConfig log) {
            return new LogNotifier(log.id(), out);
        }
        if (channel instanceof WebhookChannelConfig webhook) {
            return new WebhookNotifier(webhook, http);
        }
        if (channel instanceof TelegramChannelConfig telegram) {
            return new TelegramNotifier(telegram, camel());
        }
        if (channel instanceof MailChannelConfig mail) {
            return new MailNotifier(mail, camel());
        }
        throw new IllegalArgumentException("no notifier for channel type " + channel.type());
    }
}

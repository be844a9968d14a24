package dev.portmonitor.notify;

import dev.portmonitor.config.ChannelConfig;
import dev.portmonitor.config.LogChannelConfig;
import dev.portmonitor.config.MailChannelConfig;
import dev.portmonitor.config.TelegramChannelConfig;
import dev.portmonitor.config.WebhookChannelConfig;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The one place that turns a channel's configuration into its notifier. Channels that go through a
 * Camel component (Telegram, mail) share one Camel context of their own, started when first needed.
 */
public final class Notifiers implements AutoCloseable {

    /**
     * The notifier of each kind of channel, by its record. A new kind adds one line here, and one in
     * {@code dev.portmonitor.config.ChannelKinds}, which says what else it takes.
     */
    private static final Map<Class<? extends ChannelConfig>, Factory> BY_KIND = Map.ofEntries(
            kind(LogChannelConfig.class, (notifiers, log) -> new LogNotifier(log.id(), notifiers.out)),
            kind(WebhookChannelConfig.class, (notifiers, webhook) -> new WebhookNotifier(webhook, notifiers.http)),
            kind(TelegramChannelConfig.class, (notifiers, telegram) -> new TelegramNotifier(telegram, notifiers.camel())),
            kind(MailChannelConfig.class, (notifiers, mail) -> new MailNotifier(mail, notifiers.camel())));

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

    /** The notifier of a channel, by its kind. */
    public Notifier create(ChannelConfig channel) {
        Factory factory = BY_KIND.get(channel.getClass());
        if (factory == null) {
            throw new IllegalArgumentException("no notifier for channel type " + channel.type());
        }
        return factory.create(this, channel);
    }

    /** Makes the notifier of one kind of channel, with what this Notifiers shares (HTTP client, Camel context). */
    @FunctionalInterface
    private interface Factory {
        Notifier create(Notifiers notifiers, ChannelConfig channel);
    }

    private static <C extends ChannelConfig> Map.Entry<Class<C>, Factory> kind(Class<C> type,
                                                                             BiFunction<Notifiers, C, Notifier> factory) {
        return Map.entry(type, (notifiers, channel) -> factory.apply(notifiers, type.cast(channel)));
    }
}

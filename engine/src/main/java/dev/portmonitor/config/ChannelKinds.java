package dev.portmonitor.config;

import java.util.List;
import java.util.function.BiFunction;

/**
 * Every kind of channel: its key in the YAML, its record and its binder. This is the only list of
 * them the configuration has; {@link ChannelConfig#type()} is read from here, and the order here is
 * the order a message lists them in.
 *
 * <p>A new kind takes: its record (a {@link ChannelConfig}, named in that interface's
 * {@code permits}), its {@link ChannelBinder}, one line in {@link #ALL} below; and on the notify side
 * its notifier and one line in {@code dev.portmonitor.notify.Notifiers#BY_KIND}. Its keys go into
 * docs/configuration.md, and its invalid cases into src/test/resources/config/invalid.
 */
final class ChannelKinds {

    /** One kind of channel; {@code binder} makes the kind's binder for one binding. */
    record Kind(String key, Class<? extends ChannelConfig> type, BiFunction<Values, SecretBinder, ChannelBinder> binder) {
    }

    static final List<Kind> ALL = List.of(
            new Kind("log", LogChannelConfig.class, (values, secrets) -> new LogChannelBinder(values)),
            new Kind("webhook", WebhookChannelConfig.class, WebhookChannelBinder::new),
            new Kind("telegram", TelegramChannelConfig.class, TelegramChannelBinder::new),
            new Kind("mail", MailChannelConfig.class, MailChannelBinder::new));

    private ChannelKinds() {
    }

    static List<String> keys() {
        return ALL.stream().map(Kind::key).toList();
    }

    static Kind of(Class<? extends ChannelConfig> type) {
        return ALL.stream().filter(kind -> kind.type() == type).findFirst()
                .orElseThrow(() -> new IllegalStateException(type.getName() + " is not in ChannelKinds.ALL"));
    }
}

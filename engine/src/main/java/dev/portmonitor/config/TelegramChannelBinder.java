package dev.portmonitor.config;

import static dev.portmonitor.config.Values.join;
import static dev.portmonitor.config.Values.line;

import dev.portmonitor.config.ConfigNode.MapNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** {@code telegram: {botToken, chatId, baseUrl, timeout, deliveryDeadline}}. */
final class TelegramChannelBinder implements ChannelBinder {

    private static final List<String> KEYS = List.of("botToken", "chatId", "baseUrl", "timeout",
            "deliveryDeadline", "messageThreadId");

    /** What BotFather hands out: {@code 123456789:AAE...}. */
    private static final java.util.regex.Pattern BOT_TOKEN = java.util.regex.Pattern.compile("\\d{1,20}:[A-Za-z0-9_-]{1,200}");

    private final Values values;
    private final SecretBinder secrets;

    TelegramChannelBinder(Values values, SecretBinder secrets) {
        this.values = values;
        this.secrets = secrets;
    }

    @Override
    public TelegramChannelConfig bind(String id, ConfigNode node, String path) {
        MapNode map = values.map(node, path, KEYS);
        if (map == null) {
            return null;
        }
        int before = values.problems().size();
        Secret token = secrets.bind(map, "botToken", path);
        String chatId = values.text(map, "chatId", path);
        if (map.entries().containsKey("messageThreadId")) {
            values.problem(join(path, "messageThreadId"), line(map, "messageThreadId"), "not supported yet: Camel Telegram 4.18 "
                    + "cannot send a text message to a forum topic; use a chat of its own");
        }
        URI baseUrl = map.entries().containsKey("baseUrl") ? Urls.read(values, map, "baseUrl", path) : Defaults.TELEGRAM_BASE_URL;
        Duration deadline = ChannelBinder.deliveryDeadline(values, map, path);
        Duration timeout = ChannelBinder.timeout(values, map, path, Defaults.TELEGRAM_TIMEOUT);
        if (token != null && !BOT_TOKEN.matcher(token.reveal()).matches()) {
            // The token itself is never quoted: only where it came from.
            values.problem(join(path, "botToken"), line(map, "botToken"), "the token from " + token.source()
                    + " is not a Telegram bot token (digits, a colon, then letters, digits, \"-\" and \"_\", as BotFather"
                    + " gives it); it is not shown");
        }
        if (token == null && !map.entries().containsKey("botToken")) {
            values.problem(path, map.line(), "needs a botToken, given by reference: {env: TELEGRAM_BOT_TOKEN} or {file: /path}");
        }
        if (chatId == null && !map.entries().containsKey("chatId")) {
            values.problem(path, map.line(), "needs a chatId, for example \"-1001234567890\"");
        } else if (chatId != null && !chatId.matches("-?\\d+|@[A-Za-z][A-Za-z0-9_]{4,}")) {
            values.problem(join(path, "chatId"), line(map, "chatId"), "\"" + chatId
                    + "\" is not a chat id; give a number (-1001234567890) or a channel's @username");
        }
        return values.problems().size() == before && id != null && token != null && chatId != null && baseUrl != null
                ? new TelegramChannelConfig(id, token, chatId, baseUrl, timeout, deadline) : null;
    }
}

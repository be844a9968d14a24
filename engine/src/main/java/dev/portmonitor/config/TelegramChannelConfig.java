package dev.portmonitor.config;

import java.net.URI;
import java.time.Duration;

/**
 * Events as Telegram messages from a bot, through Camel Telegram.
 *
 * @param baseUrl the Bot API server (https://api.telegram.org, or a self-hosted one)
 * @param timeout of one request
 */
public record TelegramChannelConfig(String id, Secret botToken, String chatId, URI baseUrl, Duration timeout,
                                    Duration deliveryDeadline) implements ChannelConfig {

    public static final URI DEFAULT_BASE_URL = Defaults.TELEGRAM_BASE_URL;
}

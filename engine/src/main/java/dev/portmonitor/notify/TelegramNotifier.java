package dev.portmonitor.notify;

import dev.portmonitor.config.TelegramChannelConfig;
import dev.portmonitor.monitor.MonitorEvent;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.telegram.model.OutgoingTextMessage;

/**
 * The {@code telegram} channel, through Camel Telegram. The bot token travels in the Bot API's URL
 * path, and Camel Telegram puts that URL into its error messages: every message that leaves this
 * class has the token replaced by {@code ****}.
 */
public final class TelegramNotifier implements Notifier {

    /** At most 4 sends waiting at once for all Telegram channels; idle threads end after a minute. */
    private static final java.util.concurrent.ExecutorService SENDERS = new java.util.concurrent.ThreadPoolExecutor(0, 4,
            60, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(), task -> {
                Thread thread = new Thread(task, "pm-telegram");
                thread.setDaemon(true);
                return thread;
            });
    private static final Pattern STATUS = Pattern.compile("(?:responded: |: )(\\d{3})");
    private static final Pattern RETRY_AFTER = Pattern.compile("\"retry_after\"\\s*:\\s*(\\d+)");
    private static final Pattern DESCRIPTION = Pattern.compile("\"description\"\\s*:\\s*\"([^\"]*)\"");

    private final TelegramChannelConfig config;
    private final ProducerTemplate template;
    private final String endpoint;
    private final String token;

    public TelegramNotifier(TelegramChannelConfig config, CamelContext camel) {
        this.config = config;
        this.token = config.botToken().reveal();
        this.template = camel.createProducerTemplate();
        String base = config.baseUrl().toString().replaceAll("/+$", "");
        this.endpoint = "telegram:bots?authorizationToken=RAW(" + token + ")&baseUri=RAW(" + base + ")";
    }

    @Override
    public void deliver(MonitorEvent event) throws DeliveryException {
        send(html(event, Instant.now()));
    }

    @Override
    public void deliverGroup(java.util.List<MonitorEvent> events) throws DeliveryException {
        String[] lines = MessageText.groupBody(events, 15).split("\n", 2);
        send("<b>" + escape(lines[0]) + "</b>" + (lines.length > 1 ? "\n" + escape(lines[1]) : ""));
    }

    /** Telegram holds 4,096 characters a message: the text as far as it fits, in a fixed-width block. */
    @Override
    public void deliverReport(Report report) throws DeliveryException {
        String text = report.text();
        int room = 3_900 - report.subject().length();
        String shown = text.length() <= room ? text : text.substring(0, room) + "\n… (the whole review: port-monitor report)";
        send("<b>" + escape(report.subject()) + "</b>\n<pre>" + escape(shown) + "</pre>");
    }

    private void send(String html) throws DeliveryException {
        OutgoingTextMessage message = new OutgoingTextMessage();
        message.setChatId(config.chatId());
        message.setParseMode("HTML");
        message.setDisableWebPagePreview(true);
        message.setText(html);
        // Camel Telegram's HTTP client has no timeout of its own: the send runs on a small pool and the
        // wait is bounded here. (Its asynchronous path reports completion before the failure, so the
        // synchronous send is the one that says what went wrong.)
        java.util.concurrent.Future<Exchange> sent;
        try {
            sent = SENDERS.submit(() -> template.send(endpoint, exchange -> exchange.getIn().setBody(message)));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw DeliveryException.retryable("earlier Telegram requests to " + host() + " are still waiting for an answer");
        }
        Exchange result;
        try {
            result = sent.get(config.timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            sent.cancel(true);
            throw DeliveryException.retryable("no answer from the Telegram Bot API at " + host() + " within "
                    + dev.portmonitor.format.Durations.format(config.timeout()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryException.permanent("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw classify(e.getCause() != null ? e.getCause() : e);
        }
        if (result.getException() != null) {
            throw classify(result.getException());
        }
    }

    /** The message: first line bold, everything escaped for Telegram's HTML parse mode. */
    static String html(MonitorEvent event, Instant now) {
        String[] lines = MessageText.body(event, now).split("\n", 2);
        return "<b>" + escape(lines[0]) + "</b>" + (lines.length > 1 ? "\n" + escape(lines[1]) : "");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private DeliveryException classify(Throwable thrown) {
        String message = scrub(String.valueOf(thrown.getMessage()));
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpTimeoutException) {
                return DeliveryException.retryable("no answer from the Telegram Bot API at " + host());
            }
            if (cause instanceof ConnectException || cause instanceof java.nio.channels.ClosedChannelException) {
                return DeliveryException.retryable("cannot reach the Telegram Bot API at " + host() + ": "
                        + cause.getClass().getSimpleName());
            }
        }
        if (message.contains("Could not parse the response")) {
            // It answered 2xx with something unexpected: the message may well have been sent.
            return DeliveryException.permanent("the Telegram Bot API at " + host()
                    + " gave an answer that could not be read; the message may have been sent (not retried)");
        }
        Matcher status = STATUS.matcher(message);
        if (!status.find()) {
            return DeliveryException.retryable("Telegram delivery failed: " + message);
        }
        int code = Integer.parseInt(status.group(1));
        Matcher description = DESCRIPTION.matcher(message);
        String reason = "the Telegram Bot API at " + host() + " answered " + code
                + (description.find() ? ": " + scrub(description.group(1)) : "");
        if (code == 429) {
            Matcher retry = RETRY_AFTER.matcher(message);
            return new DeliveryException(reason, true, retry.find() ? Duration.ofSeconds(Long.parseLong(retry.group(1))) : null);
        }
        if (code >= 500) {
            return DeliveryException.retryable(reason);
        }
        return DeliveryException.permanent(reason + (code == 401 ? " (is the bot token right?)" : "") + " (not retried)");
    }

    private String host() {
        return dev.portmonitor.config.WebhookChannelConfig.safe(config.baseUrl());
    }

    /** The text with the bot token, in any form it may appear, replaced. */
    String scrub(String text) {
        return text.replace(token, "****").replace(java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8), "****");
    }
}

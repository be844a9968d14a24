package dev.portmonitor.notify;

import dev.portmonitor.config.MailChannelConfig;
import dev.portmonitor.monitor.MonitorEvent;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * The {@code mail} channel, through Camel Mail: SMTP with STARTTLS (required, not merely tried),
 * SMTPS, or plain SMTP, with optional authentication.
 */
public final class MailNotifier implements Notifier {

    private final MailChannelConfig config;
    private final ProducerTemplate template;
    private final org.apache.camel.Endpoint endpoint;

    public MailNotifier(MailChannelConfig config, CamelContext camel) {
        this.config = config;
        this.template = camel.createProducerTemplate();
        // The password is set on the endpoint's configuration, never written into a URI.
        org.apache.camel.component.mail.MailEndpoint mail =
                camel.getEndpoint(endpoint(config), org.apache.camel.component.mail.MailEndpoint.class);
        if (config.password() != null) {
            mail.getConfiguration().setPassword(config.password().reveal());
        }
        this.endpoint = mail;
    }

    static String endpoint(MailChannelConfig config) {
        boolean ssl = config.security().equals("ssl");
        String protocol = ssl ? "smtps" : "smtp";
        StringBuilder uri = new StringBuilder(protocol).append("://").append(config.host()).append(':').append(config.port())
                .append("?from=").append(encode(config.from()))
                .append("&to=").append(encode(String.join(",", config.to())))
                .append("&connectionTimeout=").append(config.timeout().toMillis())
                .append("&mail.").append(protocol).append(".timeout=").append(config.timeout().toMillis())
                .append("&mail.").append(protocol).append(".writetimeout=").append(config.timeout().toMillis());
        if (config.username() != null) {
            uri.append("&username=").append(encode(config.username()));
        }
        if (config.security().equals("starttls")) {
            uri.append("&mail.smtp.starttls.enable=true&mail.smtp.starttls.required=true");
        }
        if (config.trust() != null) {
            uri.append("&mail.").append(protocol).append(".ssl.trust=").append(encode(config.trust()));
            if (config.trust().equals("*")) {
                uri.append("&mail.").append(protocol).append(".ssl.checkserveridentity=false");
            }
        }
        return uri.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Override
    public void deliver(MonitorEvent event) throws DeliveryException {
        String subject = config.subject().replace("{type}", event.type().name()).replace("{monitor}", event.monitorName())
                .replace("{target}", event.target()).replace("{tier}", event.tier() == null ? "" : event.tier());
        String body = MessageText.body(event, Instant.now()) + "\n\nEvent " + event.id() + ", sent by Port Monitor.\n";
        send(subject, body);
    }

    @Override
    public void deliverGroup(java.util.List<MonitorEvent> events) throws DeliveryException {
        send("[port-monitor] " + MessageText.groupSubject(events), MessageText.groupBody(events, 200)
                + "\n\nSent by Port Monitor as one message: many monitors changed state at once.\n");
    }

    /** HTML with a plain-text alternative (multipart/alternative): every mail client shows one of them. */
    @Override
    public void deliverReport(Report report) throws DeliveryException {
        send(report.subject(), report.html(), report.text());
    }

    private void send(String subject, String body) throws DeliveryException {
        send(subject, null, body);
    }

    private void send(String subject, String html, String text) throws DeliveryException {
        Exchange result;
        try {
            result = template.send(endpoint, exchange -> {
                exchange.getIn().setHeader("Subject", subject);
                if (html == null) {
                    exchange.getIn().setHeader("Content-Type", "text/plain; charset=UTF-8");
                    exchange.getIn().setBody(text);
                } else {
                    exchange.getIn().setHeader("Content-Type", "text/html; charset=UTF-8");
                    exchange.getIn().setHeader(org.apache.camel.component.mail.MailConstants.MAIL_ALTERNATIVE_BODY, text);
                    exchange.getIn().setBody(html);
                }
            });
        } catch (RuntimeException e) {
            throw classify(e);
        }
        if (result.getException() != null) {
            throw classify(result.getException());
        }
    }

    private DeliveryException classify(Throwable thrown) {
        String server = "the SMTP server " + config.host() + ":" + config.port();
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthenticationFailedException) {
                return DeliveryException.permanent(server + " refused the login of " + config.username() + " (not retried)");
            }
            if (cause instanceof org.eclipse.angus.mail.smtp.SMTPSendFailedException smtp && smtp.getReturnCode() >= 400
                    && smtp.getReturnCode() < 500) {
                return DeliveryException.retryable(server + " refused the message for now: " + scrub(cause.getMessage()));
            }
            if (cause instanceof org.eclipse.angus.mail.smtp.SMTPAddressFailedException address && address.getReturnCode() >= 400
                    && address.getReturnCode() < 500) {
                return DeliveryException.retryable(server + " refused a recipient for now: " + scrub(cause.getMessage()));
            }
            if (cause instanceof SendFailedException) {
                return DeliveryException.permanent(server + " refused the message: " + scrub(cause.getMessage()) + " (not retried)");
            }
            if (String.valueOf(cause.getMessage()).contains("STARTTLS is required but host does not support STARTTLS")) {
                return DeliveryException.permanent(server + " does not offer STARTTLS, which this channel requires "
                        + "(security: starttls) (not retried)");
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
                return DeliveryException.retryable("cannot reach " + server + ": " + cause.getClass().getSimpleName());
            }
            if (cause instanceof SocketTimeoutException) {
                return DeliveryException.retryable("no answer from " + server + " within "
                        + dev.portmonitor.format.Durations.format(config.timeout()));
            }
            if (cause instanceof javax.net.ssl.SSLException) {
                return DeliveryException.retryable("TLS with " + server + " failed: " + scrub(cause.getMessage()));
            }
        }
        Throwable root = thrown;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        boolean transientFailure = root instanceof MessagingException || root instanceof IOException;
        String reason = server + ": " + scrub(String.valueOf(root.getMessage()));
        return transientFailure ? DeliveryException.retryable(reason) : DeliveryException.permanent(reason + " (not retried)");
    }

    private String scrub(String text) {
        if (text == null || config.password() == null) {
            return text;
        }
        String password = config.password().reveal();
        return text.replace(password, "****").replace(encode(password), "****");
    }
}

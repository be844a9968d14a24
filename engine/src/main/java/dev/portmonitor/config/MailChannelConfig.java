package dev.portmonitor.config;

import java.time.Duration;
import java.util.List;

/**
 * Events by mail, through Camel Mail (Jakarta Mail).
 *
 * @param security {@code starttls} (587, upgraded with STARTTLS, required), {@code ssl} (SMTPS, 465)
 *     or {@code none} (25, for relays on a trusted network)
 * @param username null for a relay without authentication
 * @param trust hosts whose certificate is trusted without a CA (a relay with a self-signed
 *     certificate), "*" for any; null to require CA-signed certificates
 * @param subject a template: {@code {type}}, {@code {monitor}}, {@code {target}}, {@code {tier}}
 */
public record MailChannelConfig(String id, String host, int port, String security, String username, Secret password,
                                String from, List<String> to, String subject, String trust, Duration timeout,
                                Duration deliveryDeadline) implements ChannelConfig {

    public static final String DEFAULT_SUBJECT = Defaults.MAIL_SUBJECT;

    public MailChannelConfig {
        to = List.copyOf(to);
    }
}

package dev.portmonitor.config;

import dev.portmonitor.probe.CloseMode;
import dev.portmonitor.probe.ProbeOptions;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Every default of the configuration and every bound a value is checked against, in one place
 * (docs/configuration.md tells users the same numbers). The binders,
 * {@link StormControl#DEFAULT}, {@link Tier#DEFAULTS} and {@link ChannelConfig#deliveryDeadline()}
 * read them from here. This class reads none of those types, so no static initialiser waits on another.
 */
final class Defaults {

    // --- what a monitor inherits when neither defaults: nor the monitor sets it -------------------

    /** The probe's own default, so that a monitor and {@code port-monitor verify} agree. */
    static final Duration TIMEOUT = ProbeOptions.DEFAULT_TIMEOUT;
    static final CloseMode CLOSE_MODE = CloseMode.NORMAL;
    // failuresBeforeAlert, successesBeforeRecovery, slowBeforeDegraded, maxReminders and reminderEvery:
    // ConfirmationPolicy.DEFAULT, the state machine's own (SettingsBinder derives from it).
    // slowThreshold has no default: none.

    static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    static final Duration MIN_SLOW_THRESHOLD = Duration.ofNanos(1000);
    static final Duration MIN_REMINDER_EVERY = Duration.ofSeconds(1);
    /** The bounds of failuresBeforeAlert, successesBeforeRecovery and slowBeforeDegraded. */
    static final int MIN_CHECKS = 1;
    static final int MAX_CHECKS = 100;
    static final int MIN_MAX_REMINDERS = 0;
    static final int MAX_MAX_REMINDERS = 1000;

    // --- tiers and monitors ---------------------------------------------------------------------

    /** The shortest interval of a tier or a monitor. */
    static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    /** The tiers there are when the file has no tiers: key. */
    static final Duration TIER1_INTERVAL = Duration.ofMinutes(1);
    static final Duration TIER2_INTERVAL = Duration.ofMinutes(5);
    static final Duration TIER3_INTERVAL = Duration.ofMinutes(15);

    // --- channels -------------------------------------------------------------------------------

    /** How long an event is retried on a channel before it is given up. */
    static final Duration DELIVERY_DEADLINE = Duration.ofMinutes(2);
    static final Duration MIN_DELIVERY_DEADLINE = Duration.ofSeconds(1);
    /** The shortest timeout of one request to a webhook, Telegram or mail server. */
    static final Duration MIN_CHANNEL_TIMEOUT = Duration.ofMillis(100);
    static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(5);
    static final Duration TELEGRAM_TIMEOUT = Duration.ofSeconds(10);
    static final URI TELEGRAM_BASE_URL = URI.create("https://api.telegram.org");
    static final Duration MAIL_TIMEOUT = Duration.ofSeconds(10);
    static final String MAIL_SECURITY = "starttls";
    static final String MAIL_SUBJECT = "[port-monitor] {type} {monitor} ({target})";

    /** The SMTP port of a mail channel that gives none: by its security. */
    static int mailPort(String security) {
        return switch (security) {
            case "ssl" -> 465;
            case "none" -> 25;
            default -> 587;
        };
    }

    // --- maintenance and storm ------------------------------------------------------------------

    /** The time zone of a recurring window that names none. */
    static final ZoneId MAINTENANCE_ZONE = ZoneOffset.UTC;
    static final Duration MIN_MAINTENANCE_DURATION = Duration.ofMinutes(1);
    static final int STORM_EVENTS = 5;
    static final Duration STORM_WINDOW = Duration.ofSeconds(30);
    static final int MIN_STORM_EVENTS = 2;
    static final int MAX_STORM_EVENTS = 10_000;
    static final Duration MIN_STORM_WINDOW = Duration.ofSeconds(1);

    private Defaults() {
    }
}

package dev.portmonitor.notify;

/**
 * A report a channel sends whole (the monthly review): the same content three ways, each channel
 * taking what it can show.
 *
 * @param id a dedupe id, the same however often it is sent ({@code review-2026-11})
 * @param subject the mail subject, the first line elsewhere
 * @param html self-contained HTML (a mail's HTML part)
 * @param text plain text (a mail's text part, the log, Telegram)
 * @param json the webhook body
 */
public record Report(String id, String subject, String html, String text, String json) {
}

package dev.portmonitor.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portmonitor.format.Durations;
import dev.portmonitor.history.PatternFinder;
import dev.portmonitor.history.TogetherFinder;
import java.time.Duration;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

/**
 * The review as people and programs read it: {@code html} (self-contained: inline styles, the
 * weekday-by-hour picture as inline SVG, nothing fetched from elsewhere, so a mail client shows it
 * whole), {@code md} (Markdown, also the mail's plain-text part) and {@code json}.
 */
public final class ReviewFormat {

    public static final List<String> FORMATS = List.of("html", "md", "json");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

    private ReviewFormat() {
    }

    public static String render(MonthlyReview review, String format) {
        return switch (format) {
            case "html" -> html(review);
            case "md" -> markdown(review);
            case "json" -> json(review);
            default -> throw new IllegalArgumentException("format \"" + format + "\" is not one of " + FORMATS);
        };
    }

    /** "Port Monitor review of November 2026". */
    public static String title(MonthlyReview review) {
        return "Port Monitor review of " + review.month().getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " "
                + review.month().getYear();
    }

    static String percent(Double share) {
        return share == null ? "–" : String.format(Locale.ROOT, "%.3f%%", share * 100);
    }

    static String span(Duration duration) {
        return duration == null ? "–" : duration.isZero() ? "0s" : Durations.formatRounded(duration);
    }

    static String ms(Double value) {
        return value == null ? "–" : String.format(Locale.ROOT, value < 10 ? "%.2f ms" : "%.1f ms", value);
    }

    static String latency(Double now, Double before) {
        if (now == null) {
            return "–";
        }
        if (before == null || before == 0) {
            return ms(now);
        }
        long change = Math.round((now - before) / before * 100);
        return ms(now) + " (" + (change > 0 ? "+" : "") + change + "% vs " + ms(before) + ")";
    }

    public static String markdown(MonthlyReview review) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(title(review)).append("\n\n");
        out.append("Times in ").append(review.zone().getId()).append("; availability leaves out the hours in maintenance,"
                + " shown apart; latency is of the hourly means.\n\n");
        out.append("| Monitor | Availability | Incidents | Downtime | Longest | MTTR | Latency p50 | Latency p95 | Maintenance |\n");
        out.append("|---|---|---|---|---|---|---|---|---|\n");
        for (MonthFigures m : review.monitors()) {
            out.append("| ").append(m.name()).append(" (").append(m.target()).append(") | ").append(percent(m.availability()))
                    .append(" | ").append(m.incidents()).append(" | ").append(span(m.downtime())).append(" | ")
                    .append(span(m.longest())).append(" | ").append(span(m.mttr())).append(" | ")
                    .append(latency(m.latencyP50Ms(), m.previousP50Ms())).append(" | ")
                    .append(latency(m.latencyP95Ms(), m.previousP95Ms())).append(" | ")
                    .append(maintenance(m)).append(" |\n");
        }
        out.append("\n## Patterns\n\n");
        List<String> found = findings(review);
        if (found.isEmpty()) {
            out.append("None found.\n");
        }
        found.forEach(sentence -> out.append("- ").append(sentence).append('\n'));
        out.append("\n## Certificates expiring within ").append(MonthlyReview.CERTIFICATE_DAYS).append(" days\n\n");
        if (review.expiringCertificates().isEmpty()) {
            out.append("None.\n");
        }
        review.expiringCertificates().forEach(m -> out.append("- ").append(m.name()).append(" (").append(m.target())
                .append("): ").append(m.certificateDaysLeft()).append(" days left\n"));
        out.append("\n## Failed checks by weekday and hour\n\n```\n").append(textHeat(review.failuresByWeekdayHour())).append("```\n");
        return out.toString();
    }

    private static String maintenance(MonthFigures m) {
        if (m.maintenanceChecks() == 0 && m.maintenanceIncidents() == 0) {
            return "–";
        }
        return m.maintenanceIncidents() + (m.maintenanceIncidents() == 1 ? " incident, " : " incidents, ") + m.maintenanceFailedChecks() + " of " + m.maintenanceChecks()
                + " checks failed";
    }

    private static List<String> findings(MonthlyReview review) {
        List<String> all = new java.util.ArrayList<>(review.together().stream().map(TogetherFinder.Group::sentence).toList());
        review.patterns().stream().map(PatternFinder.Finding::sentence).forEach(all::add);
        return all;
    }

    /** A picture in characters: one line a weekday, one column an hour, darker for more failures. */
    static String textHeat(int[][] heat) {
        int most = max(heat);
        String shades = " .:*#";
        StringBuilder out = new StringBuilder("     00    06    12    18   23\n");
        for (int d = 0; d < 7; d++) {
            out.append(DAYS[d]).append("  ");
            for (int h = 0; h < 24; h++) {
                int level = heat[d][h] == 0 ? 0 : 1 + (int) Math.min(3, Math.floor(3.999 * heat[d][h] / most));
                out.append(shades.charAt(Math.min(4, level)));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static int max(int[][] heat) {
        int most = 0;
        for (int[] day : heat) {
            for (int count : day) {
                most = Math.max(most, count);
            }
        }
        return Math.max(1, most);
    }

    /** The weekday-by-hour picture as SVG: a cell per hour, red as deep as its share of the worst hour. */
    static String svgHeat(int[][] heat) {
        int most = max(heat);
        int cell = 18;
        int left = 36;
        int top = 18;
        StringBuilder svg = new StringBuilder("<svg width=\"" + (left + 24 * cell + 4)
                + "\" height=\"" + (top + 7 * cell + 4) + "\" role=\"img\" aria-label=\"Failed checks by weekday and hour\""
                + " font-family=\"sans-serif\" font-size=\"10\">");
        for (int h = 0; h < 24; h += 3) {
            svg.append("<text x=\"").append(left + h * cell + 2).append("\" y=\"12\" fill=\"#555\">")
                    .append(String.format(Locale.ROOT, "%02d", h)).append("</text>");
        }
        for (int d = 0; d < 7; d++) {
            svg.append("<text x=\"2\" y=\"").append(top + d * cell + 13).append("\" fill=\"#555\">").append(DAYS[d]).append("</text>");
            for (int h = 0; h < 24; h++) {
                double share = heat[d][h] / (double) most;
                String fill = heat[d][h] == 0 ? "#eef2f5" : String.format(Locale.ROOT, "rgb(%d,%d,%d)", 255 - (int) (55 * share),
                        (int) (200 - 170 * share), (int) (200 - 170 * share));
                svg.append("<rect x=\"").append(left + h * cell).append("\" y=\"").append(top + d * cell)
                        .append("\" width=\"").append(cell - 2).append("\" height=\"").append(cell - 2).append("\" fill=\"")
                        .append(fill).append("\"><title>").append(DAYS[d]).append(' ')
                        .append(String.format(Locale.ROOT, "%02d:00", h)).append(": ").append(heat[d][h])
                        .append(" failed checks</title></rect>");
            }
        }
        return svg.append("</svg>").toString();
    }

    /** Text for HTML. */
    public static String escapeHtml(String text) {
        return escape(text);
    }

    static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    public static String html(MonthlyReview review) {
        String th = "style=\"text-align:left;padding:4px 8px;border-bottom:1px solid #ccd;font-weight:600\"";
        String td = "style=\"padding:4px 8px;border-bottom:1px solid #eee\"";
        StringBuilder out = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(title(review))).append("</title></head><body style=\"font-family:sans-serif;color:#222;"
                        + "max-width:1100px;margin:16px\">");
        out.append("<h1 style=\"font-size:22px\">").append(escape(title(review))).append("</h1>");
        out.append("<p style=\"color:#555\">Times in ").append(escape(review.zone().getId())).append("; availability leaves"
                + " out the hours in maintenance, shown apart; latency is of the hourly means, against the month before.</p>");
        out.append("<table style=\"border-collapse:collapse;font-size:14px\"><thead><tr>");
        for (String head : List.of("Monitor", "Availability", "Incidents", "Downtime", "Longest", "MTTR", "Latency p50",
                "Latency p95", "Maintenance")) {
            out.append("<th ").append(th).append('>').append(head).append("</th>");
        }
        out.append("</tr></thead><tbody>");
        for (MonthFigures m : review.monitors()) {
            boolean bad = m.availability() != null && m.availability() < 0.999;
            out.append("<tr><td ").append(td).append("><strong>").append(escape(m.name())).append("</strong><br><small style=\"color:#666\">")
                    .append(escape(m.target())).append("</small></td><td ").append(td).append(bad ? "><strong style=\"color:#b3261e\">"
                            : "><strong>").append(percent(m.availability())).append("</strong></td><td ").append(td).append('>')
                    .append(m.incidents()).append("</td><td ").append(td).append('>').append(span(m.downtime()))
                    .append("</td><td ").append(td).append('>').append(span(m.longest())).append("</td><td ").append(td)
                    .append('>').append(span(m.mttr())).append("</td><td ").append(td).append('>')
                    .append(escape(latency(m.latencyP50Ms(), m.previousP50Ms()))).append("</td><td ").append(td).append('>')
                    .append(escape(latency(m.latencyP95Ms(), m.previousP95Ms()))).append("</td><td ").append(td).append('>')
                    .append(escape(maintenance(m))).append("</td></tr>");
        }
        out.append("</tbody></table>");
        out.append("<h2 style=\"font-size:18px\">Patterns</h2>");
        List<String> found = findings(review);
        out.append(found.isEmpty() ? "<p>None found.</p>" : "<ul>");
        found.forEach(sentence -> out.append("<li>").append(escape(sentence)).append("</li>"));
        out.append(found.isEmpty() ? "" : "</ul>");
        out.append("<h2 style=\"font-size:18px\">Certificates expiring within ").append(MonthlyReview.CERTIFICATE_DAYS)
                .append(" days</h2>");
        List<MonthFigures> expiring = review.expiringCertificates();
        out.append(expiring.isEmpty() ? "<p>None.</p>" : "<ul>");
        expiring.forEach(m -> out.append("<li>").append(escape(m.name())).append(" (").append(escape(m.target())).append("): ")
                .append(m.certificateDaysLeft()).append(" days left</li>"));
        out.append(expiring.isEmpty() ? "" : "</ul>");
        out.append("<h2 style=\"font-size:18px\">Failed checks by weekday and hour</h2>").append(svgHeat(review.failuresByWeekdayHour()));
        out.append("<p style=\"color:#888;font-size:12px\">Made ").append(review.generatedAt()).append(" by Port Monitor.</p>");
        return out.append("</body></html>\n").toString();
    }

    public static String json(MonthlyReview review) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", 1);
        root.put("eventType", "REVIEW");
        root.put("month", review.month().toString());
        root.put("timezone", review.zone().getId());
        root.put("generatedAt", review.generatedAt().toString());
        ArrayNode monitors = root.putArray("monitors");
        for (MonthFigures m : review.monitors()) {
            ObjectNode item = monitors.addObject();
            item.put("id", m.id());
            item.put("name", m.name());
            item.put("target", m.target());
            item.put("checks", m.checks());
            item.put("failedChecks", m.failedChecks());
            if (m.availability() == null) {
                item.putNull("availability");
            } else {
                item.put("availability", m.availability());
            }
            ObjectNode maintenance = item.putObject("maintenance");
            maintenance.put("checks", m.maintenanceChecks());
            maintenance.put("failedChecks", m.maintenanceFailedChecks());
            maintenance.put("incidents", m.maintenanceIncidents());
            item.put("incidents", m.incidents());
            item.put("downtimeSeconds", m.downtime().toSeconds());
            item.put("longestSeconds", m.longest().toSeconds());
            item.put("mttrSeconds", m.mttr() == null ? null : m.mttr().toSeconds());
            ObjectNode latency = item.putObject("latencyMs");
            latency.put("p50", m.latencyP50Ms());
            latency.put("p95", m.latencyP95Ms());
            latency.put("previousP50", m.previousP50Ms());
            latency.put("previousP95", m.previousP95Ms());
            item.put("certificateDaysLeft", m.certificateDaysLeft());
            ArrayNode patterns = item.putArray("patterns");
            m.patterns().forEach(p -> patterns.addObject().put("kind", p.kind()).put("sentence", p.sentence()));
        }
        ArrayNode together = root.putArray("together");
        review.together().forEach(g -> {
            ObjectNode item = together.addObject();
            item.put("sentence", g.sentence());
            g.monitors().forEach(item.putArray("monitors")::add);
        });
        ArrayNode heat = root.putArray("failuresByWeekdayHour");
        for (int[] day : review.failuresByWeekdayHour()) {
            ArrayNode row = heat.addArray();
            for (int count : day) {
                row.add(count);
            }
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the review", e);
        }
    }
}

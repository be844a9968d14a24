package dev.portmonitor.report;

import dev.portmonitor.format.Durations;
import dev.portmonitor.probe.ProbeResult;
import dev.portmonitor.verify.VerifyReport;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A verify report as a plain-text table and summary, for a terminal or a build log:
 *
 * <pre>
 * OUTCOME  TARGET                     ADDRESS          LATENCY   REASON
 * OPEN     orders-db (db.test:5432)   127.0.0.1:5432   0.214 ms
 * REFUSED  cache.test:6390            127.0.0.1:6390   -         connection refused
 * OPEN     postgres://db.test:5432    127.0.0.1:5432   1.906 ms  server 16.4
 * </pre>
 *
 * A protocol check's latency is the whole exchange; the reason column of a healthy one shows what it
 * learned (a version, a certificate's expiry).
 */
public final class ResultTable {

    private static final String[] HEADERS = {"OUTCOME", "TARGET", "ADDRESS", "LATENCY", "REASON"};

    private ResultTable() {
    }

    /** The table, one line per result, then the summary lines. Every line ends with a newline. */
    public static String render(VerifyReport report) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADERS);
        for (ProbeResult result : report.results()) {
            rows.add(new String[] {
                result.outcome().name(),
                targetText(result),
                result.addressText() == null ? "-" : result.addressText(),
                Durations.formatLatency(result.checkMicros()),
                result.reason() == null ? DetailsText.line(result.detailsMap()) : result.reason()
            });
        }
        int[] widths = new int[HEADERS.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean last = i == row.length - 1;
                String cell = i == 3 ? pad(row[i], widths[i], true) : last ? row[i] : pad(row[i], widths[i], false);
                line.append(cell);
                if (!last) {
                    line.append("  ");
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.append(summary(report)).toString();
    }

    /** The lines under the table: counts, the slowest target, and what failed the run if anything. */
    public static String summary(VerifyReport report) {
        StringBuilder out = new StringBuilder();
        int total = report.results().size();
        String counts = report.counts().entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .map(e -> e.getValue() + " " + e.getKey().word())
                .collect(Collectors.joining(", "));
        out.append(total).append(total == 1 ? " target" : " targets").append(" in ")
                .append(Durations.formatLatency(report.elapsed().toNanos() / 1_000))
                .append(counts.isEmpty() ? "" : ": " + counts).append('\n');
        report.slowest().ifPresent(r -> out.append("Slowest: ").append(r.target().label()).append(' ')
                .append(Durations.formatLatency(r.checkMicros())).append('\n'));
        report.degraded().forEach(r -> out.append("Warning: ").append(r.target().label()).append(": ").append(r.reason())
                .append('\n'));
        List<ProbeResult> failed = report.failedRequired();
        if (!failed.isEmpty()) {
            out.append("FAILED: ").append(failed.size()).append(failed.size() == 1 ? " required target is" : " required targets are")
                    .append(" not open: ").append(list(failed)).append('\n');
        }
        List<ProbeResult> optional = report.failedOptional();
        if (!optional.isEmpty()) {
            out.append("Not open but optional: ").append(list(optional)).append('\n');
        }
        return out.toString();
    }

    private static String list(List<ProbeResult> results) {
        return results.stream().map(r -> r.target().label() + " (" + r.outcome().word() + ")")
                .collect(Collectors.joining(", "));
    }

    private static String targetText(ProbeResult result) {
        String text = result.target().name() == null ? result.target().address()
                : result.target().name() + " (" + result.target().address() + ")";
        return result.target().required() ? text : text + " [optional]";
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(Math.max(0, width - text.length()));
        return right ? spaces + text : text + spaces;
    }
}

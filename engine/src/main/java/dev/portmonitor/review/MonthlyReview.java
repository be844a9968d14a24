package dev.portmonitor.review;

import dev.portmonitor.history.PatternFinder;
import dev.portmonitor.history.TogetherFinder;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The monthly review of the month just ended: every monitor's figures ({@link MonthFigures}), the
 * patterns found, the monitors that failed together, and the failures of all monitors by weekday and
 * hour. Rendered by {@link ReviewFormat} as HTML (mail and page), Markdown or plain text, and JSON.
 */
public record MonthlyReview(YearMonth month, ZoneId zone, Instant generatedAt, List<MonthFigures> monitors,
                            List<TogetherFinder.Group> together) {

    /** Certificates with fewer days left than this are listed. */
    public static final int CERTIFICATE_DAYS = 30;

    public MonthlyReview {
        monitors = List.copyOf(monitors);
        together = List.copyOf(together);
    }

    /** Every monitor's patterns, in monitor order. */
    public List<PatternFinder.Finding> patterns() {
        List<PatternFinder.Finding> all = new ArrayList<>();
        monitors.forEach(m -> all.addAll(m.patterns()));
        return all;
    }

    /** The failed checks of all monitors by weekday (0 = Monday) and hour. */
    public int[][] failuresByWeekdayHour() {
        int[][] sum = new int[7][24];
        for (MonthFigures m : monitors) {
            for (int d = 0; d < 7; d++) {
                for (int h = 0; h < 24; h++) {
                    sum[d][h] += m.failuresByWeekdayHour()[d][h];
                }
            }
        }
        return sum;
    }

    /** The monitors whose certificate runs out within {@link #CERTIFICATE_DAYS}. */
    public List<MonthFigures> expiringCertificates() {
        return monitors.stream().filter(m -> m.certificateDaysLeft() != null && m.certificateDaysLeft() < CERTIFICATE_DAYS)
                .toList();
    }
}

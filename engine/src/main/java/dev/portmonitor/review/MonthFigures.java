package dev.portmonitor.review;

import dev.portmonitor.history.BucketSeries.Bucket;
import dev.portmonitor.history.History;
import dev.portmonitor.history.Incident;
import dev.portmonitor.history.PatternFinder;
import dev.portmonitor.monitor.CheckResult;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * One monitor's month, from its history: what the monthly review shows of it.
 * <ul>
 *   <li>availability: the share of checks that reached the port, from the hour buckets of the month,
 *       leaving out the hours a maintenance window covered (those are counted apart);</li>
 *   <li>incidents that began in the month (those that fell in a maintenance window apart), the
 *       longest, the mean time to recovery of those that ended, and the downtime within the month of
 *       every outage that overlaps it (one that began the month before counts from the 1st; one still
 *       going on, until the last check);</li>
 *   <li>latency p50 and p95 of the hourly mean latencies (each hour weighted by its checks), this
 *       month and the month before: the buckets keep a mean per hour, not every check;</li>
 *   <li>failed checks by weekday and hour of day, in the review's time zone;</li>
 *   <li>the days left on the certificate the last check saw, when a TLS check saw one.</li>
 * </ul>
 *
 * @param availability null when there were no checks outside maintenance
 * @param mttr null when no incident of the month ended
 * @param failuresByWeekdayHour [weekday 0 = Monday][hour], failed checks
 * @param certificateDaysLeft null without a TLS check
 */
public record MonthFigures(String id, String name, String target, long checks, long failedChecks, Double availability,
                           long maintenanceChecks, long maintenanceFailedChecks, int incidents, int maintenanceIncidents,
                           Duration downtime, Duration longest, Duration mttr, Double latencyP50Ms, Double latencyP95Ms,
                           Double previousP50Ms, Double previousP95Ms, int[][] failuresByWeekdayHour,
                           Long certificateDaysLeft, List<PatternFinder.Finding> patterns) implements Serializable {

    public MonthFigures {
        patterns = List.copyOf(patterns);
    }

    /**
     * @param inMaintenance whether a maintenance window covered this monitor at an instant (asked at
     *     the middle of each hour)
     */
    public static MonthFigures of(String id, String name, String target, History history, YearMonth month, ZoneId zone,
                                  Predicate<Instant> inMaintenance) {
        Instant from = month.atDay(1).atStartOfDay(zone).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        Instant previousFrom = month.minusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        long checks = 0;
        long failed = 0;
        long maintenanceChecks = 0;
        long maintenanceFailed = 0;
        int[][] heat = new int[7][24];
        List<double[]> latencies = new ArrayList<>();
        List<double[]> previous = new ArrayList<>();
        for (Bucket bucket : history.hours().buckets()) {
            Instant start = Instant.ofEpochSecond(bucket.start());
            if (!start.isBefore(previousFrom) && start.isBefore(from) && bucket.connected() > 0) {
                previous.add(new double[] {bucket.latencySumMicros() / 1000.0 / bucket.connected(), bucket.connected()});
            }
            if (start.isBefore(from) || !start.isBefore(to)) {
                continue;
            }
            if (inMaintenance.test(start.plusSeconds(1800))) {
                maintenanceChecks += bucket.checks();
                maintenanceFailed += bucket.failures();
                continue;
            }
            checks += bucket.checks();
            failed += bucket.failures();
            if (bucket.failures() > 0) {
                ZonedDateTime local = start.atZone(zone);
                heat[local.getDayOfWeek().getValue() - 1][local.getHour()] += bucket.failures();
            }
            if (bucket.connected() > 0) {
                latencies.add(new double[] {bucket.latencySumMicros() / 1000.0 / bucket.connected(), bucket.connected()});
            }
        }
        int incidents = 0;
        int maintenanceIncidents = 0;
        Duration downtime = Duration.ZERO;
        Duration longest = Duration.ZERO;
        Duration recovered = Duration.ZERO;
        int ended = 0;
        CheckResult last = history.recent().isEmpty() ? null : history.recent().get(history.recent().size() - 1);
        // An outage still going on lasted until the last check, not until a month end still to come.
        Instant seen = last == null ? to : last.at();
        for (Incident incident : history.incidents()) {
            Instant end = incident.end() != null ? incident.end() : seen.isAfter(incident.start()) ? seen : incident.start();
            if (!end.isAfter(from) || !incident.start().isBefore(to)) {
                continue; // no part of it in the month
            }
            if (incident.maintenance() != null) {
                if (!incident.start().isBefore(from)) {
                    maintenanceIncidents++;
                }
                continue;
            }
            // Downtime: the part within the month, of every outage that overlaps it; the count, the
            // longest and the time to recovery: the incidents that began in it.
            Instant inFrom = incident.start().isBefore(from) ? from : incident.start();
            Instant inTo = end.isAfter(to) ? to : end;
            downtime = downtime.plus(Duration.between(inFrom, inTo));
            if (incident.start().isBefore(from)) {
                continue;
            }
            incidents++;
            Duration lasted = Duration.between(incident.start(), inTo);
            if (lasted.compareTo(longest) > 0) {
                longest = lasted;
            }
            if (incident.end() != null) {
                recovered = recovered.plus(incident.duration(incident.end()));
                ended++;
            }
        }
        Long daysLeft = null;
        if (last != null && last.details().get("certificateDaysLeft") != null) {
            try {
                daysLeft = Long.parseLong(last.details().get("certificateDaysLeft"));
            } catch (NumberFormatException notANumber) {
                daysLeft = null;
            }
        }
        List<PatternFinder.Finding> patterns = PatternFinder.find(name + " (" + target + ")",
                history.incidentStartsSince(from.atZone(zone).minus(PatternFinder.LOOKS_BACK).toInstant()), zone,
                to.minusSeconds(1));
        return new MonthFigures(id, name, target, checks, failed, checks == 0 ? null : (double) (checks - failed) / checks,
                maintenanceChecks, maintenanceFailed, incidents, maintenanceIncidents, downtime, longest,
                ended == 0 ? null : recovered.dividedBy(ended), quantile(latencies, 0.5), quantile(latencies, 0.95),
                quantile(previous, 0.5), quantile(previous, 0.95), heat, daysLeft, patterns);
    }

    /** The weighted quantile of [value, weight] pairs; null when there are none. */
    static Double quantile(List<double[]> weighted, double q) {
        if (weighted.isEmpty()) {
            return null;
        }
        List<double[]> sorted = new ArrayList<>(weighted);
        sorted.sort(Comparator.comparingDouble(p -> p[0]));
        double total = sorted.stream().mapToDouble(p -> p[1]).sum();
        double seen = 0;
        for (double[] pair : sorted) {
            seen += pair[1];
            if (seen >= q * total) {
                return pair[0];
            }
        }
        return sorted.get(sorted.size() - 1)[0];
    }

    /** The same figures with more patterns (the deploys its incidents follow). */
    public MonthFigures withMore(List<PatternFinder.Finding> more) {
        List<PatternFinder.Finding> all = new ArrayList<>(patterns);
        all.addAll(more);
        return new MonthFigures(id, name, target, checks, failedChecks, availability, maintenanceChecks,
                maintenanceFailedChecks, incidents, maintenanceIncidents, downtime, longest, mttr, latencyP50Ms, latencyP95Ms,
                previousP50Ms, previousP95Ms, failuresByWeekdayHour, certificateDaysLeft, all);
    }

    /** The failed checks of the month outside maintenance, by weekday and hour, summed. */
    public long heatTotal() {
        long sum = 0;
        for (int[] day : failuresByWeekdayHour) {
            for (int count : day) {
                sum += count;
            }
        }
        return sum;
    }
}

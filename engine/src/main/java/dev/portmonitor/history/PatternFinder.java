package dev.portmonitor.history;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Finds recurring incidents in one monitor's history, in a time zone, as sentences a person can act
 * on, each with its evidence (the dates):
 * <ul>
 *   <li><b>daily</b>: down at about the same time of day (within {@link #WINDOW_MINUTES}) on at least
 *       {@link #DAILY_MIN_DAYS} of the last 7 days;</li>
 *   <li><b>weekly</b>: down on the same weekday at about the same time in at least
 *       {@link #WEEKLY_MIN_WEEKS} of the last 8 weeks (not reported when a daily pattern at that time
 *       explains it);</li>
 *   <li><b>monthly</b>: down on the same day of the month in at least {@link #MONTHLY_MIN_MONTHS} of the
 *       last 6 months (and, when the day alone could be chance, at about the same time of that day).</li>
 * </ul>
 * A time of day is matched within a window of 30 minutes (which may cross midnight), reported as it
 * is seen: "between 03:02 and 03:19". A pattern must also be unlikely to be chance: with this many
 * incidents spread at random over the period, the probability that some window (of the 48 a day, the
 * 336 a week, the 31 a month) would hold as many is under {@link #CHANCE} (a binomial tail, times the
 * number of windows); a monitor that fails often and at random shows no pattern.
 */
public final class PatternFinder {

    public static final int WINDOW_MINUTES = 30;
    public static final int WEEKLY_MIN_WEEKS = 3;
    public static final int DAILY_MIN_DAYS = 4;
    public static final int MONTHLY_MIN_MONTHS = 3;
    public static final double CHANCE = 0.01;

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

    private PatternFinder() {
    }

    /**
     * One recurring pattern.
     *
     * @param kind {@code daily}, {@code weekly} or {@code monthly}
     * @param sentence what a person reads
     * @param evidence the local dates of the incidents that make it, oldest first
     * @param key what stays the same while the pattern goes on ({@code weekly TUESDAY 03:00}, the half
     *     hour it falls in), though its sentence changes week by week: a pattern is announced once per key
     */
    public record Finding(String kind, String sentence, List<LocalDate> evidence, String key) implements java.io.Serializable {
        public Finding {
            evidence = List.copyOf(evidence);
        }

        public Finding(String kind, String sentence, List<LocalDate> evidence) {
            this(kind, sentence, evidence, kind);
        }

        /** The finding with {@link #SUBJECT} replaced by the monitor's label. */
        public Finding naming(String label) {
            return new Finding(kind, sentence.replace(SUBJECT, label), evidence, key);
        }
    }

    /**
     * Stands for the monitor in a sentence found where its label is not known (on the member that owns
     * its record); {@link Finding#naming} puts the label in.
     */
    public static final String SUBJECT = "\u0000monitor\u0000";

    /** How far back the finder looks: the monthly pattern's six months. */
    public static final java.time.Period LOOKS_BACK = java.time.Period.ofMonths(6);

    /**
     * The patterns in these incidents' starts.
     *
     * @param label how the monitor is named in a sentence: {@code Session cache (cache.internal:6379)}
     * @param starts when each incident began (any order)
     * @param zone the time zone the sentences speak in
     * @param now the end of the period looked at
     */
    public static List<Finding> find(String label, List<Instant> starts, ZoneId zone, Instant now) {
        ZonedDateTime end = now.atZone(zone);
        List<ZonedDateTime> local = starts.stream().filter(s -> !s.isAfter(now)).map(s -> s.atZone(zone))
                .sorted().toList();
        List<Finding> findings = new ArrayList<>();
        List<int[]> dailyWindows = new ArrayList<>();
        daily(label, local, end, zone).ifPresent(found -> {
            findings.add(found.finding());
            dailyWindows.add(new int[] {found.fromMinute(), found.fromMinute() + WINDOW_MINUTES});
        });
        findings.addAll(weekly(label, local, end, zone, dailyWindows));
        findings.addAll(monthly(label, local, end));
        return findings;
    }

    private record Windowed(Finding finding, int fromMinute) {
    }

    /**
     * The 30-minute window of the day holding the most of these times (counted once per period: a day,
     * a date), as [first minute, count]; windows start at one of the times, the first of them in the
     * list's order winning a tie. Sorted by minute and swept once (a window may cross midnight), so a
     * monitor with thousands of incidents costs n log n, not n squared, on its owner's partition thread.
     */
    static int[] densest(List<ZonedDateTime> times, java.util.function.Function<ZonedDateTime, Object> period) {
        int n = times.size();
        if (n == 0) {
            return new int[] {-1, 0};
        }
        if (n <= SWEEP_FROM) {
            return densestByTrying(times, period);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int[] minutes = times.stream().mapToInt(PatternFinder::minuteOfDay).toArray();
        java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> minutes[i]));
        Object[] periods = times.stream().map(period).toArray();
        int[] count = new int[n];
        java.util.Map<Object, Integer> inWindow = new java.util.HashMap<>();
        int end = 0; // over the sorted list twice around the clock: index k stands for order[k % n] (+1440 past n)
        for (int start = 0; start < n; start++) {
            int from = minutes[order[start]];
            while (end < start + n && minuteAt(minutes, order, end, n) - from < WINDOW_MINUTES) {
                inWindow.merge(periods[order[end % n]], 1, Integer::sum);
                end++;
            }
            count[order[start]] = inWindow.size();
            Object leaving = periods[order[start]];
            if (inWindow.merge(leaving, -1, Integer::sum) == 0) {
                inWindow.remove(leaving);
            }
        }
        // times at the same minute share one window: the first of them in minute order saw them all
        for (int k = 1; k < n; k++) {
            if (minutes[order[k]] == minutes[order[k - 1]]) {
                count[order[k]] = count[order[k - 1]];
            }
        }
        int bestFrom = -1;
        int bestCount = 0;
        for (int i = 0; i < n; i++) {
            if (count[i] > bestCount) {
                bestCount = count[i];
                bestFrom = minutes[i];
            }
        }
        return new int[] {bestFrom, bestCount};
    }

    /** Below this many times, trying each window is cheaper than sorting (most monitors, most periods). */
    static final int SWEEP_FROM = 32;

    static int[] densestByTrying(List<ZonedDateTime> times, java.util.function.Function<ZonedDateTime, Object> period) {
        int bestFrom = -1;
        int bestCount = 0;
        for (ZonedDateTime candidate : times) {
            int from = minuteOfDay(candidate);
            java.util.Set<Object> seen = new java.util.HashSet<>();
            for (ZonedDateTime t : times) {
                if (inWindow(minuteOfDay(t), from)) {
                    seen.add(period.apply(t));
                }
            }
            if (seen.size() > bestCount) {
                bestCount = seen.size();
                bestFrom = from;
            }
        }
        return new int[] {bestFrom, bestCount};
    }

    private static int minuteAt(int[] minutes, Integer[] order, int k, int n) {
        return minutes[order[k % n]] + (k >= n ? 24 * 60 : 0);
    }

    private static int minuteOfDay(ZonedDateTime time) {
        return time.getHour() * 60 + time.getMinute();
    }

    /** Whether {@code minute} falls in the window that starts at {@code from} (crossing midnight if it must). */
    private static boolean inWindow(int minute, int from) {
        int offset = Math.floorMod(minute - from, 24 * 60);
        return offset < WINDOW_MINUTES;
    }

    /** The window's span as seen: from the earliest to the latest time in it. */
    private static String span(List<ZonedDateTime> inWindow, int from) {
        int first = inWindow.stream().mapToInt(t -> Math.floorMod(minuteOfDay(t) - from, 24 * 60)).min().orElse(0);
        int last = inWindow.stream().mapToInt(t -> Math.floorMod(minuteOfDay(t) - from, 24 * 60)).max().orElse(0);
        return "between " + clock(from + first) + " and " + clock(from + last + 1);
    }

    /**
     * The half hour the incidents' mean time falls in: what stays while a pattern goes on (the first
     * time of its window moves as old incidents leave the period; their mean hardly does).
     */
    private static String centre(List<ZonedDateTime> matching, int from) {
        double mean = matching.stream().mapToInt(t -> Math.floorMod(minuteOfDay(t) - from, 24 * 60)).average().orElse(0);
        int minute = Math.floorMod(from + (int) Math.round(mean), 24 * 60);
        return clock(minute / 30 * 30);
    }

    private static String clock(int minute) {
        int m = Math.floorMod(minute, 24 * 60);
        return TIME.format(java.time.LocalTime.of(m / 60, m % 60));
    }

    private static java.util.Optional<Windowed> daily(String label, List<ZonedDateTime> local, ZonedDateTime end,
                                                      ZoneId zone) {
        LocalDate today = end.toLocalDate();
        List<ZonedDateTime> week = local.stream().filter(t -> !t.toLocalDate().isBefore(today.minusDays(6))).toList();
        int[] best = densest(week, ZonedDateTime::toLocalDate);
        if (best[1] < DAILY_MIN_DAYS || !unlikely(best[1], week.size(), 1.0 / 48, 48)) {
            return java.util.Optional.empty();
        }
        List<ZonedDateTime> matching = week.stream().filter(t -> inWindow(minuteOfDay(t), best[0])).toList();
        List<LocalDate> days = matching.stream().map(ZonedDateTime::toLocalDate).distinct().sorted().toList();
        String sentence = label + " went down " + span(matching, best[0]) + " " + zone.getId() + " on " + days.size()
                + " of the last 7 days (" + dates(days) + "): look at what runs every day then.";
        return java.util.Optional.of(new Windowed(new Finding("daily", sentence, days, "daily " + centre(matching, best[0])), best[0]));
    }

    private static List<Finding> weekly(String label, List<ZonedDateTime> local, ZonedDateTime end, ZoneId zone,
                                        List<int[]> explained) {
        LocalDate today = end.toLocalDate();
        LocalDate since = today.minusWeeks(8).plusDays(1);
        long total = local.stream().filter(t -> !t.toLocalDate().isBefore(since)).count();
        List<Finding> findings = new ArrayList<>();
        for (DayOfWeek weekday : DayOfWeek.values()) {
            List<ZonedDateTime> onDay = local.stream().filter(t -> t.getDayOfWeek() == weekday
                    && !t.toLocalDate().isBefore(since)).toList();
            int[] best = densest(onDay, ZonedDateTime::toLocalDate);
            if (best[1] < WEEKLY_MIN_WEEKS || !unlikely(best[1], (int) total, 1.0 / (7 * 48), 7 * 48)
                    || explained.stream().anyMatch(window -> inWindow(best[0], window[0]) || inWindow(window[0], best[0]))) {
                continue;
            }
            List<ZonedDateTime> matching = onDay.stream().filter(t -> inWindow(minuteOfDay(t), best[0])).toList();
            List<LocalDate> days = matching.stream().map(ZonedDateTime::toLocalDate).distinct().sorted().toList();
            // of the same weekdays from the first one that went down to today
            long occasions = ChronoUnit.WEEKS.between(days.get(0), today) + 1;
            String plural = weekday.getDisplayName(TextStyle.FULL, Locale.ENGLISH) + "s";
            findings.add(new Finding("weekly", label + " went down on " + days.size() + " of the last " + occasions + " "
                    + plural + " " + span(matching, best[0]) + " " + zone.getId() + " (" + dates(days)
                    + "): look at what runs then.", days, "weekly " + weekday + " " + centre(matching, best[0])));
        }
        return findings;
    }

    private static List<Finding> monthly(String label, List<ZonedDateTime> local, ZonedDateTime end) {
        LocalDate today = end.toLocalDate();
        LocalDate since = today.minusMonths(6).plusDays(1);
        List<ZonedDateTime> recent = local.stream().filter(t -> !t.toLocalDate().isBefore(since)).toList();
        List<Finding> findings = new ArrayList<>();
        for (int dayOfMonth = 1; dayOfMonth <= 31; dayOfMonth++) {
            int day = dayOfMonth;
            List<ZonedDateTime> onDay = recent.stream().filter(t -> t.getDayOfMonth() == day).toList();
            List<LocalDate> days = onDay.stream().map(ZonedDateTime::toLocalDate).distinct().sorted().toList();
            long months = days.stream().map(d -> d.withDayOfMonth(1)).distinct().count();
            if (months < MONTHLY_MIN_MONTHS) {
                continue;
            }
            String when = "";
            if (!unlikely(days.size(), recent.size(), 1.0 / 30, 31)) {
                // The day alone could be chance; the day and the time of day together may not be (a
                // monthly job runs at its hour): a 30-minute window of the day, of the 31 x 48.
                int[] best = densest(onDay, ZonedDateTime::toLocalDate);
                List<ZonedDateTime> matching = onDay.stream().filter(t -> inWindow(minuteOfDay(t), best[0])).toList();
                days = matching.stream().map(ZonedDateTime::toLocalDate).distinct().sorted().toList();
                months = days.stream().map(d -> d.withDayOfMonth(1)).distinct().count();
                if (months < MONTHLY_MIN_MONTHS || !unlikely(days.size(), recent.size(), 1.0 / (30 * 48), 31 * 48)) {
                    continue;
                }
                when = " " + span(matching, best[0]) + " " + end.getZone().getId();
            }
            long occasions = ChronoUnit.MONTHS.between(days.get(0).withDayOfMonth(1), today.withDayOfMonth(1)) + 1;
            findings.add(new Finding("monthly", label + " went down on the " + ordinal(day) + " of the month" + when + " in "
                    + months + " of the last " + occasions + " months (" + dates(days) + "): look at what runs monthly.", days,
                    "monthly " + day));
        }
        return findings;
    }

    /**
     * Whether {@code matched} of {@code total} incidents in one of {@code cells} windows, each holding an
     * incident with probability {@code p}, is unlikely to be chance: P(X >= matched) times the number of
     * windows, X binomial (total, p), under {@link #CHANCE}.
     */
    static boolean unlikely(int matched, int total, double p, int cells) {
        if (matched <= 0 || p >= 1) {
            return false; // nothing matched, or every window covers everything: never unlikely
        }
        if (matched > total) {
            return true;
        }
        // In logarithms: (1 - p)^total underflows to 0 for large totals, which would read as "unlikely".
        double logTerm = total * Math.log1p(-p); // log P(X = 0)
        double logTail = Double.NEGATIVE_INFINITY;
        for (int i = 0; i <= total; i++) {
            if (i >= matched) {
                logTail = logTail == Double.NEGATIVE_INFINITY ? logTerm
                        : Math.max(logTail, logTerm) + Math.log1p(Math.exp(-Math.abs(logTail - logTerm)));
            }
            logTerm += Math.log((double) (total - i) / (i + 1)) + Math.log(p) - Math.log1p(-p);
        }
        return logTail + Math.log(cells) < Math.log(CHANCE);
    }

    private static String ordinal(int day) {
        String suffix = day % 100 >= 11 && day % 100 <= 13 ? "th"
                : switch (day % 10) {
                    case 1 -> "st";
                    case 2 -> "nd";
                    case 3 -> "rd";
                    default -> "th";
                };
        return day + suffix;
    }

    /** "Nov 4, 11, 18, 25", the month named again when it changes. */
    public static String dates(List<LocalDate> days) {
        StringBuilder text = new StringBuilder();
        java.time.YearMonth month = null;
        for (LocalDate day : new TreeSet<>(days)) {
            if (text.length() > 0) {
                text.append(", ");
            }
            java.time.YearMonth current = java.time.YearMonth.from(day);
            text.append(current.equals(month) ? String.valueOf(day.getDayOfMonth()) : DAY.format(day));
            month = current;
        }
        return text.toString();
    }
}

package dev.portmonitor.history;

import dev.portmonitor.monitor.CheckResult;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What a monitor has been through, with bounded memory: the last 100 checks, per-minute buckets for
 * 48 hours, per-hour buckets for 90 days, and an incident log kept by age ({@link #KEEP_INCIDENTS} by
 * default, a setting) and never longer than {@link #MAX_INCIDENTS}. Short blips that never became
 * incidents are the failures counted in the buckets. Not thread-safe: it lives in a Hazelcast entry
 * and changes only inside an entry processor on the entry's owner.
 */
public final class History implements Serializable {

    private static final long serialVersionUID = 1L;
    public static final int RECENT = 100;
    public static final int MINUTES = 48 * 60;
    public static final int HOURS = 90 * 24;
    /** How long an incident is kept after it ended, unless configured otherwise. */
    public static final Duration KEEP_INCIDENTS = Duration.ofDays(400);
    /**
     * The most incidents kept, whatever their age: a monitor that flaps every minute for a year must
     * not fill the heap. Beyond it the oldest go first.
     */
    public static final int MAX_INCIDENTS = 5000;
    public static final int DELIVERIES = 50;
    /** The availability windows every status shows, by name. */
    public static final java.util.Map<String, Duration> AVAILABILITY_WINDOWS = availabilityWindows();

    private static java.util.Map<String, Duration> availabilityWindows() {
        java.util.Map<String, Duration> windows = new java.util.LinkedHashMap<>();
        windows.put("1h", Duration.ofHours(1));
        windows.put("24h", Duration.ofHours(24));
        windows.put("7d", Duration.ofDays(7));
        windows.put("30d", Duration.ofDays(30));
        return java.util.Collections.unmodifiableMap(windows);
    }

    private final ArrayDeque<CheckResult> recent;
    private final BucketSeries minutes;
    private final BucketSeries hours;
    private final ArrayDeque<Incident> incidents;
    private final ArrayDeque<DeliveryRecord> deliveries;

    public History() {
        this(new ArrayDeque<>(), new BucketSeries(60, MINUTES), new BucketSeries(3600, HOURS), new ArrayDeque<>(),
                new ArrayDeque<>());
    }

    private History(ArrayDeque<CheckResult> recent, BucketSeries minutes, BucketSeries hours, ArrayDeque<Incident> incidents,
                    ArrayDeque<DeliveryRecord> deliveries) {
        this.recent = recent;
        this.minutes = minutes;
        this.hours = hours;
        this.incidents = incidents;
        this.deliveries = deliveries;
    }

    public static History of(List<CheckResult> recent, BucketSeries minutes, BucketSeries hours, List<Incident> incidents,
                             List<DeliveryRecord> deliveries) {
        return new History(last(recent, RECENT), minutes, hours, last(incidents, MAX_INCIDENTS), last(deliveries, DELIVERIES));
    }

    private static <T> ArrayDeque<T> last(List<T> items, int most) {
        return new ArrayDeque<>(items.subList(Math.max(0, items.size() - most), items.size()));
    }

    /** Keeps what became of an event on a channel (the last 50). */
    public void recordDelivery(DeliveryRecord delivery) {
        if (deliveries.size() == DELIVERIES) {
            deliveries.removeFirst();
        }
        deliveries.addLast(delivery);
    }

    public List<DeliveryRecord> deliveries() {
        return new ArrayList<>(deliveries);
    }

    public void record(CheckResult check) {
        if (recent.size() == RECENT) {
            recent.removeFirst();
        }
        recent.addLast(check);
        long second = check.at().getEpochSecond();
        boolean failed = !check.reachable();
        minutes.add(second, failed, check.latencyMicros());
        hours.add(second, failed, check.latencyMicros());
    }

    /**
     * A new outage, confirmed at {@code confirmed}, began at {@code start}.
     *
     * @param eventId the DOWN event's id, by which its deliveries find the incident
     */
    public void openIncident(Instant start, Instant confirmed, String outcome, String cause, String eventId) {
        if (incidents.size() == MAX_INCIDENTS) {
            incidents.removeFirst();
        }
        incidents.addLast(new Incident(start, confirmed, null, outcome, cause, eventId, null, List.of()));
    }

    /** A new outage began at {@code start} (a test's shorthand). */
    public void openIncident(Instant start, String cause) {
        openIncident(start, null, null, cause, null);
    }

    /** The open outage, if any, ended at {@code end}. */
    public void closeIncident(Instant end) {
        Incident last = incidents.peekLast();
        if (last != null && last.open()) {
            incidents.removeLast();
            incidents.addLast(last.endedAt(end));
        }
    }

    /** Drops the incidents that ended before {@code keepSince}; an open one is always kept. */
    public void forgetIncidentsBefore(Instant keepSince) {
        while (!incidents.isEmpty() && !incidents.peekFirst().open() && incidents.peekFirst().end().isBefore(keepSince)) {
            incidents.removeFirst();
        }
    }

    /** Notes that a channel delivered the DOWN event of an incident; returns whether one had that id. */
    public boolean told(String eventId, String channel) {
        return replace(eventId, incident -> incident.toldOn(channel));
    }

    /** Notes that an incident's events fell in a maintenance window and went to no channel. */
    public boolean inMaintenance(String eventId, String window) {
        return replace(eventId, incident -> incident.inMaintenance(window));
    }

    private boolean replace(String eventId, java.util.function.UnaryOperator<Incident> change) {
        if (eventId == null) {
            return false;
        }
        // Newest first: the incident a delivery is about is nearly always the last one.
        java.util.Iterator<Incident> newestFirst = incidents.descendingIterator();
        int fromEnd = 0;
        while (newestFirst.hasNext()) {
            Incident incident = newestFirst.next();
            if (eventId.equals(incident.eventId())) {
                Incident changed = change.apply(incident);
                if (changed != incident) {
                    List<Incident> tail = new ArrayList<>(fromEnd + 1);
                    for (int i = 0; i <= fromEnd; i++) {
                        tail.add(0, incidents.removeLast());
                    }
                    tail.set(0, changed);
                    incidents.addAll(tail);
                }
                return true;
            }
            fromEnd++;
        }
        return false;
    }

    /** The last patterns found, and what they were found over: found again only when that changes. */
    private transient Object patternsKey;
    private transient List<PatternFinder.Finding> patterns;

    /**
     * The recurring patterns in this monitor's incidents ({@link PatternFinder}), its label left as
     * {@link PatternFinder#SUBJECT}. Found again when an incident begins, the zone changes, or the
     * day changes; otherwise the last finding is returned, so that a status page polled every few
     * seconds does not search every monitor's log each time.
     */
    public List<PatternFinder.Finding> patterns(java.time.ZoneId zone, Instant now) {
        Incident newest = incidents.peekLast();
        java.time.LocalDate day = now.atZone(zone).toLocalDate();
        List<Object> key = java.util.Arrays.asList(zone, day, incidents.size(), newest == null ? null : newest.start());
        if (!key.equals(patternsKey) || patterns == null) {
            Instant from = now.atZone(zone).minus(PatternFinder.LOOKS_BACK).minusDays(1).toInstant();
            patterns = List.copyOf(PatternFinder.find(PatternFinder.SUBJECT, incidentStartsSince(from), zone, now));
            patternsKey = key;
        }
        return patterns;
    }

    /**
     * The starts of the incidents that began at or after {@code from}, oldest first, leaving out those
     * that fell in a maintenance window: a weekly patch window is no pattern to look into.
     */
    public List<Instant> incidentStartsSince(Instant from) {
        List<Instant> starts = new ArrayList<>();
        for (Incident incident : incidents) {
            if (!incident.start().isBefore(from) && incident.maintenance() == null) {
                starts.add(incident.start());
            }
        }
        return starts;
    }

    /**
     * The share of checks that reached the port (OPEN or SLOW) in the window before {@code now}, or
     * null when there were no checks. Windows up to 48 h use minute buckets, longer ones hour buckets.
     */
    public Double availability(Instant now, Duration window) {
        BucketSeries series = window.compareTo(Duration.ofHours(48)) <= 0 ? minutes : hours;
        long from = now.minus(window).getEpochSecond();
        long[] totals = series.totalsSince(Math.floorDiv(from, series.widthSeconds()) * series.widthSeconds());
        return totals[0] == 0 ? null : (double) (totals[0] - totals[1]) / totals[0];
    }

    /** The buckets of the last {@code range} that hold checks: per minute up to 48 hours, per hour beyond. */
    public BucketSeries.Slice slice(Instant now, Duration range) {
        BucketSeries series = range.compareTo(Duration.ofHours(48)) <= 0 ? minutes : hours;
        return series.since(now.minus(range).getEpochSecond());
    }

    public List<CheckResult> recent() {
        return new ArrayList<>(recent);
    }

    public List<Incident> incidents() {
        return new ArrayList<>(incidents);
    }

    public BucketSeries minutes() {
        return minutes;
    }

    public BucketSeries hours() {
        return hours;
    }
}

package dev.portmonitor.history;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds monitors that fail together: several going down within {@link #WITHIN} of each other, on more
 * than one occasion in the last {@link #PERIOD}, more often than chance would have them meet. Such a
 * group points at something they share (a host, a switch, a network path), which no single monitor's
 * history shows.
 * <p>
 * Chance: two monitors with {@code a} and {@code b} incidents spread at random over the period meet
 * (start within {@code WITHIN} of each other) about {@code a x b x 2 WITHIN / PERIOD} times, a Poisson
 * count; a pair is reported when P(as many meetings or more), times the number of pairs, is under
 * {@link PatternFinder#CHANCE}. Pairs that pass are joined into groups.
 */
public final class TogetherFinder {

    public static final Duration WITHIN = Duration.ofMinutes(5);
    public static final Duration PERIOD = Duration.ofDays(56);
    public static final int MIN_OCCASIONS = 2;
    /**
     * An occasion with more monitors than this is everything going down (a network outage, the
     * monitor's own host): plain to see, and its pairs would number in the millions. It is left out.
     */
    public static final int MAX_GROUP = 50;

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ENGLISH);

    private TogetherFinder() {
    }

    /**
     * Monitors that failed together.
     *
     * @param monitors the ids of the group, in the order they were given
     * @param sentence what a person reads
     * @param occasions when they went down together (the first start of each occasion), oldest first
     */
    public record Group(List<String> monitors, String sentence, List<Instant> occasions) implements Serializable {
        public Group {
            monitors = List.copyOf(monitors);
            occasions = List.copyOf(occasions);
        }
    }

    private record Start(String monitor, Instant at) {
    }

    /** One occasion: starts within WITHIN of the first. */
    private record Occasion(Instant first, Set<String> monitors) {
    }

    /**
     * @param starts each monitor's incident starts (any order), by id
     * @param labels how each monitor is named in a sentence, by id
     */
    public static List<Group> find(Map<String, List<Instant>> starts, Map<String, String> labels, ZoneId zone,
                                   Instant now) {
        Instant since = now.minus(PERIOD);
        List<Start> all = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        starts.forEach((id, list) -> list.stream().filter(at -> !at.isBefore(since) && !at.isAfter(now)).forEach(at -> {
            all.add(new Start(id, at));
            counts.merge(id, 1, Integer::sum);
        }));
        all.sort(java.util.Comparator.comparing(Start::at));
        List<Occasion> occasions = occasions(all);
        // pair -> meetings
        Map<List<String>, Integer> meetings = new TreeMap<>(java.util.Comparator.comparing((List<String> p) -> p.get(0))
                .thenComparing(p -> p.get(1)));
        List<String> order = new ArrayList<>(starts.keySet());
        Map<String, Integer> position = new LinkedHashMap<>();
        order.forEach(id -> position.put(id, position.size()));
        for (Occasion occasion : occasions) {
            List<String> ids = occasion.monitors().stream().sorted(java.util.Comparator.comparing(position::get)).toList();
            for (int i = 0; i < ids.size(); i++) {
                for (int j = i + 1; j < ids.size(); j++) {
                    meetings.merge(List.of(ids.get(i), ids.get(j)), 1, Integer::sum);
                }
            }
        }
        long failing = counts.values().stream().filter(c -> c >= MIN_OCCASIONS).count();
        double pairs = Math.max(1, failing * (failing - 1) / 2.0);
        double share = 2.0 * WITHIN.toSeconds() / PERIOD.toSeconds();
        // union of the pairs that pass
        Map<String, String> root = new LinkedHashMap<>();
        meetings.forEach((pair, met) -> {
            double expected = counts.get(pair.get(0)) * (double) counts.get(pair.get(1)) * share;
            if (met >= MIN_OCCASIONS && poissonTail(met, expected) * pairs < PatternFinder.CHANCE) {
                union(root, pair.get(0), pair.get(1));
            }
        });
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (String id : order) {
            if (root.containsKey(id)) {
                groups.computeIfAbsent(find(root, id), r -> new ArrayList<>()).add(id);
            }
        }
        List<Group> found = new ArrayList<>();
        for (List<String> members : groups.values()) {
            List<Instant> when = occasions.stream()
                    .filter(o -> members.stream().filter(o.monitors()::contains).count() >= 2)
                    .map(Occasion::first).toList();
            found.add(new Group(members, sentence(members, labels, when, zone), when));
        }
        return found;
    }

    private static List<Occasion> occasions(List<Start> sorted) {
        List<Occasion> occasions = new ArrayList<>();
        int i = 0;
        while (i < sorted.size()) {
            Instant first = sorted.get(i).at();
            Set<String> monitors = new LinkedHashSet<>();
            int j = i;
            while (j < sorted.size() && Duration.between(first, sorted.get(j).at()).compareTo(WITHIN) <= 0) {
                monitors.add(sorted.get(j).monitor());
                j++;
            }
            if (monitors.size() >= 2 && monitors.size() <= MAX_GROUP) {
                occasions.add(new Occasion(first, monitors));
                i = j;
            } else {
                i++;
            }
        }
        return occasions;
    }

    /** P(X >= k) for X Poisson with mean {@code mean}. */
    static double poissonTail(int k, double mean) {
        double term = Math.exp(-mean);
        double below = 0;
        for (int i = 0; i < k; i++) {
            below += term;
            term = term * mean / (i + 1);
        }
        return Math.max(0, 1 - below);
    }

    private static void union(Map<String, String> root, String a, String b) {
        root.putIfAbsent(a, a);
        root.putIfAbsent(b, b);
        String ra = find(root, a);
        String rb = find(root, b);
        if (!ra.equals(rb)) {
            root.put(rb, ra);
        }
    }

    private static String find(Map<String, String> root, String id) {
        String at = id;
        while (!root.get(at).equals(at)) {
            at = root.get(at);
        }
        return at;
    }

    private static String sentence(List<String> members, Map<String, String> labels, List<Instant> when, ZoneId zone) {
        List<String> names = members.stream().map(id -> labels.getOrDefault(id, id)).toList();
        String who = names.size() == 2 ? names.get(0) + " and " + names.get(1)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
        List<String> times = when.stream().map(at -> WHEN.format(at.atZone(zone))).toList();
        return who + " went down within the same " + WITHIN.toMinutes() + " minutes " + when.size()
                + " times in the last " + PERIOD.toDays() / 7 + " weeks (" + String.join(", ", times) + " " + zone.getId()
                + "): a shared host or network?";
    }
}

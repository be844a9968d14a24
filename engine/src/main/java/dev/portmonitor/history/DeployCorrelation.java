package dev.portmonitor.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Incidents that follow deploys: the deploy an incident began shortly after ("began 6 min after
 * deploy-orders #412"), and a monitor most of whose incidents follow deploys of one job, when that is
 * unlikely to be chance (the share of the time such deploys' windows cover, as a binomial tail, times
 * the number of jobs, under {@link PatternFinder#CHANCE}).
 */
public final class DeployCorrelation {

    public static final Duration PERIOD = Duration.ofDays(90);
    public static final int MIN_INCIDENTS = 3;

    private DeployCorrelation() {
    }

    /**
     * The latest deploy concerning {@code target} that came at most {@code window} before {@code start}.
     *
     * @param deploys oldest first (as the deploy log gives them): found by binary search
     */
    public static Optional<Deploy> before(Instant start, String target, List<Deploy> deploys, Duration window) {
        int low = 0;
        int high = deploys.size(); // the first deploy after start
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (deploys.get(middle).at().isAfter(start)) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        Instant earliest = start.minus(window);
        for (int i = low - 1; i >= 0 && !deploys.get(i).at().isBefore(earliest); i--) {
            if (deploys.get(i).concerns(target)) {
                return Optional.of(deploys.get(i));
            }
        }
        return Optional.empty();
    }

    /** "began 6 min after deploy-orders #412". */
    public static String describe(Instant start, Deploy deploy) {
        long seconds = Duration.between(deploy.at(), start).toSeconds();
        String after = seconds < 60 ? seconds + " s" : (seconds / 60) + " min";
        return "began " + after + " after " + deploy.label();
    }

    /**
     * Whether most of a monitor's incidents of the last {@link #PERIOD} follow deploys of one job.
     *
     * @param label the monitor as a sentence names it
     * @param starts its incidents' starts
     */
    public static Optional<PatternFinder.Finding> find(String label, String target, List<Instant> starts,
                                                       List<Deploy> deploys, Duration window, java.time.ZoneId zone,
                                                       Instant now) {
        Instant since = now.minus(PERIOD);
        List<Instant> recent = starts.stream().filter(s -> !s.isBefore(since) && !s.isAfter(now)).sorted().toList();
        if (recent.size() < MIN_INCIDENTS) {
            return Optional.empty();
        }
        Map<String, List<Deploy>> byJob = new LinkedHashMap<>();
        deploys.stream().filter(d -> d.concerns(target) && !d.at().isBefore(since.minus(window)) && !d.at().isAfter(now))
                .forEach(d -> byJob.computeIfAbsent(d.name(), n -> new ArrayList<>()).add(d));
        PatternFinder.Finding best = null;
        int bestCount = 0;
        for (Map.Entry<String, List<Deploy>> job : byJob.entrySet()) {
            List<Deploy> theirs = job.getValue();
            theirs.sort(java.util.Comparator.comparing(Deploy::at));
            List<Deploy> followed = new ArrayList<>();
            for (Instant start : recent) {
                before(start, target, theirs, window).ifPresent(followed::add);
            }
            int count = followed.size();
            double covered = coveredShare(theirs, window, since, now);
            if (count * 2 > recent.size() && count >= MIN_INCIDENTS && count > bestCount
                    && PatternFinder.unlikely(count, recent.size(), Math.min(1.0, covered), byJob.size())) {
                bestCount = count;
                List<String> builds = followed.stream().map(d -> d.build() == null ? d.at().atZone(zone).toLocalDate().toString()
                        : "#" + d.build()).distinct().toList();
                best = new PatternFinder.Finding("deploys", count + " of the last " + recent.size() + " incidents of "
                        + label + " began within " + window.toMinutes() + " minutes after a deploy of " + job.getKey()
                        + " (" + String.join(", ", builds) + "): look at what those deploys change.",
                        followed.stream().map(d -> d.at().atZone(zone).toLocalDate()).distinct().toList(),
                        "deploys " + job.getKey());
            }
        }
        return Optional.ofNullable(best);
    }

    /** The share of [since, now] that lies within {@code window} after one of these deploys. */
    private static double coveredShare(List<Deploy> deploys, Duration window, Instant since, Instant now) {
        List<Deploy> sorted = deploys.stream().sorted(java.util.Comparator.comparing(Deploy::at)).toList();
        long covered = 0;
        Instant reach = since;
        for (Deploy deploy : sorted) {
            Instant from = deploy.at().isBefore(reach) ? reach : deploy.at();
            Instant to = deploy.at().plus(window);
            if (to.isAfter(now)) {
                to = now;
            }
            if (to.isAfter(from)) {
                covered += Duration.between(from, to).toSeconds();
                reach = to;
            }
        }
        return (double) covered / Math.max(1, Duration.between(since, now).toSeconds());
    }
}

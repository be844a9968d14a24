package dev.portmonitor.verify;

import dev.portmonitor.probe.Outcome;
import dev.portmonitor.probe.ProbeResult;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The results of a verify, in the order the targets were given, and what they add up to.
 *
 * @param results one result per target, in input order
 * @param elapsed wall time of the verify call
 */
public record VerifyReport(List<ProbeResult> results, Duration elapsed) {

    public VerifyReport {
        results = List.copyOf(results);
    }

    /**
     * True when every required target is {@link Outcome#OPEN} or {@link Outcome#DEGRADED}: a warning
     * (a certificate near its expiry) is reported, and does not fail a deploy.
     */
    public boolean passed() {
        return failedRequired().isEmpty();
    }

    /** Required targets that are not open, in input order: these fail a run. */
    public List<ProbeResult> failedRequired() {
        return results.stream().filter(r -> r.target().required() && fails(r)).toList();
    }

    /** Optional targets that are not open: reported, never failing a run. */
    public List<ProbeResult> failedOptional() {
        return results.stream().filter(r -> !r.target().required() && fails(r)).toList();
    }

    /** Results that passed with a warning, required or not. */
    public List<ProbeResult> degraded() {
        return results.stream().filter(r -> r.outcome() == Outcome.DEGRADED).toList();
    }

    private static boolean fails(ProbeResult result) {
        return !result.outcome().isOpen() && result.outcome() != Outcome.DEGRADED;
    }

    /** How many results had each outcome; every outcome is present, with zero where none. */
    public Map<Outcome, Integer> counts() {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome, 0);
        }
        results.forEach(r -> counts.merge(r.outcome(), 1, Integer::sum));
        return counts;
    }

    /** The connected target with the highest latency, if any connected. */
    public Optional<ProbeResult> slowest() {
        return results.stream().filter(ProbeResult::connected).max(Comparator.comparingLong(ProbeResult::checkMicros));
    }
}

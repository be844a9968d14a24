package dev.portmonitor.history;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An outage: from the first failed check to the recovery. Texts that repeat from one incident to the
 * next (the outcome, the cause, channel and window ids) are interned, so that a year of daily
 * incidents shares them instead of holding 365 copies.
 *
 * @param start the first failed check of the streak
 * @param confirmed when the outage was confirmed (the DOWN event); null in files written before 2026-12-03
 * @param end the recovery; null while it lasts
 * @param outcome the outcome of the confirming check ({@code REFUSED}, {@code TIMEOUT}...), or null
 * @param cause the failure in words
 * @param eventId the id of the DOWN event, which its deliveries carry; null in old files
 * @param maintenance the maintenance window the outage fell in (its events went to no channel), or null
 * @param told the channels that delivered the DOWN event, in the order they did
 */
public record Incident(Instant start, Instant confirmed, Instant end, String outcome, String cause, String eventId,
                       String maintenance, List<String> told) implements Serializable {

    private static final long serialVersionUID = 2L;

    public Incident {
        outcome = intern(outcome);
        cause = intern(cause);
        maintenance = intern(maintenance);
        if (told == null || told.isEmpty()) {
            told = List.of();
        } else {
            List<String> names = new ArrayList<>(told.size());
            told.forEach(name -> names.add(intern(name)));
            told = List.copyOf(names);
        }
    }

    /** An incident as files of the first format kept it. */
    public Incident(Instant start, Instant end, String cause) {
        this(start, null, end, null, cause, null, null, List.of());
    }

    private static String intern(String text) {
        return text == null ? null : text.intern();
    }

    public Duration duration(Instant now) {
        return Duration.between(start, end != null ? end : now);
    }

    public boolean open() {
        return end == null;
    }

    /** The same incident, ended. */
    Incident endedAt(Instant recovery) {
        return new Incident(start, confirmed, recovery, outcome, cause, eventId, maintenance, told);
    }

    /** The same incident, with one more channel that delivered its DOWN event. */
    Incident toldOn(String channel) {
        if (told.contains(channel)) {
            return this;
        }
        List<String> more = new ArrayList<>(told);
        more.add(channel);
        return new Incident(start, confirmed, end, outcome, cause, eventId, maintenance, more);
    }

    /** The same incident, marked as fallen in a maintenance window. */
    Incident inMaintenance(String window) {
        return new Incident(start, confirmed, end, outcome, cause, eventId, window, told);
    }
}

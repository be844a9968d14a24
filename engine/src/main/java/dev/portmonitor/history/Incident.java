package dev.portmonitor.history;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * An outage: from the first failed check to the recovery.
 *
 * @param end null while it lasts
 */
public record Incident(Instant start, Instant end, String cause) implements Serializable {

    public Duration duration(Instant now) {
        return Duration.between(start, end != null ? end : now);
    }

    public boolean open() {
        return end == null;
    }
}

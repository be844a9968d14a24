package dev.portmonitor.store;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether the state directory is taking this member's saves: the last outcome, since when it has
 * been so, the last error in words, and how many saves have failed. Shown in {@code /status} and
 * counted in {@code /metrics}, so a full or read-only disk is seen before a restart loses history.
 */
public final class PersistenceHealth {

    /** What a page shows. {@code lastError} is null while ok; {@code since} is when it became ok or failing. */
    public record Snapshot(boolean ok, String lastError, Instant since, long failures) {
    }

    private final AtomicLong failures = new AtomicLong();
    private volatile Snapshot current = new Snapshot(true, null, Instant.now(), 0);

    /** A save (or the start's write check) went through. */
    public void succeeded(Instant now) {
        Snapshot was = current;
        if (!was.ok()) {
            current = new Snapshot(true, null, now, failures.get());
        }
    }

    /** A save failed; {@code error} says what and where, in words. */
    public void failed(String error, Instant now) {
        long count = failures.incrementAndGet();
        Snapshot was = current;
        current = new Snapshot(false, error, was.ok() ? now : was.since(), count);
    }

    public Snapshot snapshot() {
        Snapshot was = current;
        return new Snapshot(was.ok(), was.lastError(), was.since(), failures.get());
    }
}

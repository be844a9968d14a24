package dev.portmonitor.notify;

import dev.portmonitor.monitor.MonitorEvent;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Delivers through a notifier, retrying what may succeed later with exponential backoff and equal
 * jitter (or as long as the receiver asked, when it said so and that is longer), until a deadline
 * counted from the event. Runs on the channel's
 * own thread: waiting here holds up nothing but this channel.
 */
public final class RetryingDelivery {

    /** How waiting is done; tests replace it to observe the waits. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** The result of delivering one event. */
    public record Outcome(boolean delivered, int attempts, String reason) {
    }

    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Notifier notifier;
    private final Duration deadline;
    private final Sleeper sleeper;
    private final LongSupplier nanoTime;

    public RetryingDelivery(Notifier notifier, Duration deadline) {
        this(notifier, deadline, duration -> Thread.sleep(duration.toMillis()), System::nanoTime);
    }

    /** With a clock and a way of waiting of one's own: the sleeper should move the clock on. */
    public RetryingDelivery(Notifier notifier, Duration deadline, Sleeper sleeper, LongSupplier nanoTime) {
        this.notifier = notifier;
        this.deadline = deadline;
        this.sleeper = sleeper;
        this.nanoTime = nanoTime;
    }

    public Outcome deliver(MonitorEvent event) {
        return attempt(() -> notifier.deliver(event), event.at());
    }

    /** Delivers several events as one message (storm control). */
    public Outcome deliverGroup(java.util.List<MonitorEvent> events) {
        return attempt(() -> notifier.deliverGroup(events), events.get(0).at());
    }

    /** Delivers a report (the monthly review), retried as an event is until the deadline from now. */
    public Outcome deliverReport(Report report) {
        return attempt(() -> notifier.deliverReport(report), java.time.Instant.now());
    }

    private interface Attempt {
        void run() throws Exception;
    }

    /**
     * The deadline runs from the event, not from when this channel got to it: events queued behind a
     * dead channel are not retried for hours. Each is tried at least once.
     */
    private Outcome attempt(Attempt send, java.time.Instant eventAt) {
        Duration waited = Duration.between(eventAt, java.time.Instant.now());
        Duration budget = waited.isNegative() ? deadline : deadline.minus(waited);
        long end = nanoTime.getAsLong() + Math.max(0, budget.toNanos());
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            try {
                send.run();
                return new Outcome(true, attempt, null);
            } catch (DeliveryException e) {
                if (!e.retryable()) {
                    return new Outcome(false, attempt, e.getMessage());
                }
                // Equal jitter: between half and all of the backoff; never less than the receiver asked for.
                Duration jittered = Duration.ofNanos(ThreadLocalRandom.current().nextLong(backoff.toNanos() / 2, backoff.toNanos() + 1));
                Duration wait = e.retryAfter() != null && e.retryAfter().compareTo(jittered) > 0 ? e.retryAfter() : jittered;
                long left = end - nanoTime.getAsLong();
                if (wait.toNanos() >= left) {
                    return new Outcome(false, attempt, e.getMessage() + "; gave up after " + attempt
                            + (attempt == 1 ? " attempt" : " attempts") + " (delivery deadline " + format(deadline) + ")");
                }
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return new Outcome(false, attempt, e.getMessage() + "; interrupted while waiting to retry");
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } catch (Exception e) {
                return new Outcome(false, attempt, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    private static String format(Duration duration) {
        return dev.portmonitor.format.Durations.format(duration);
    }
}

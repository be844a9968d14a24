package dev.portmonitor.verify;

import dev.portmonitor.format.Durations;
import dev.portmonitor.probe.Outcome;
import dev.portmonitor.probe.ProbeResult;
import dev.portmonitor.probe.Probe;
import dev.portmonitor.target.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Checks many targets at once: at most {@code concurrency} probes in flight, each started when
 * another finishes, all within one deadline. No thread is created or blocked per target: the
 * work runs on the probe's threads.
 */
public final class Verifier {

    /** How long after the deadline a verify gives up on probes that have not reported. */
    static final Duration GRACE = Duration.ofSeconds(5);

    private final java.util.function.Function<dev.portmonitor.probe.ProbeKind, Probe> probes;

    /** A verifier of {@code tcp} checks only. */
    public Verifier(Probe probe) {
        Objects.requireNonNull(probe, "probe");
        this.probes = kind -> probe;
    }

    /** A verifier of every kind: {@code probes} gives each kind's probe. */
    public Verifier(java.util.function.Function<dev.portmonitor.probe.ProbeKind, Probe> probes) {
        this.probes = Objects.requireNonNull(probes, "probes");
    }

    /**
     * Completes when every target has a result, and at the latest shortly after the deadline; never
     * completes exceptionally for a target's failure.
     */
    public CompletableFuture<VerifyReport> verify(List<Check> checks, VerifyOptions options) {
        return new Run(List.copyOf(checks), options).start();
    }

    private final class Run {
        final List<Check> targets;
        final VerifyOptions options;
        final AtomicReferenceArray<ProbeResult> results;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger pending;
        final CompletableFuture<VerifyReport> report = new CompletableFuture<>();
        final long started = System.nanoTime();
        final long deadline;
        final String deadlineText;

        Run(List<Check> targets, VerifyOptions options) {
            this.targets = targets;
            this.options = options;
            this.results = new AtomicReferenceArray<>(targets.size());
            this.pending = new AtomicInteger(targets.size());
            this.deadline = started + options.deadline().toNanos();
            this.deadlineText = Durations.format(options.deadline());
        }

        CompletableFuture<VerifyReport> start() {
            if (targets.isEmpty()) {
                finish();
                return report;
            }
            // A guard, should a probe never report: whatever is missing then is a TIMEOUT.
            CompletableFuture.delayedExecutor(options.deadline().plus(GRACE).toNanos(), TimeUnit.NANOSECONDS)
                    .execute(this::expire);
            int lanes = Math.min(options.concurrency(), targets.size());
            for (int lane = 0; lane < lanes; lane++) {
                runLane();
            }
            return report;
        }

        /** Takes targets one after another; returns as soon as one is in flight, and resumes when it ends. */
        void runLane() {
            int index;
            while ((index = next.getAndIncrement()) < targets.size()) {
                Check check = targets.get(index);
                Target target = check.target();
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    record(index, ProbeResult.failed(target, Outcome.TIMEOUT, null,
                            "not probed: the verify deadline of " + deadlineText + " had passed", Instant.now()));
                    continue;
                }
                Duration timeout = options.probe().timeout();
                boolean clipped = remaining < timeout.toNanos();
                if (clipped) {
                    timeout = Duration.ofMillis(Math.max(1, (remaining + 999_999) / 1_000_000));
                }
                CompletableFuture<ProbeResult> running = probes.apply(check.kind()).probe(target,
                        options.probe().withTimeout(timeout), check.settings());
                int current = index;
                if (running.isDone()) {
                    record(current, running.join(), clipped);
                    continue;
                }
                running.whenComplete((result, error) -> {
                    record(current, result != null ? result : ProbeResult.failed(target, Outcome.ERROR, null,
                            "internal error: " + error, Instant.now()), clipped);
                    runLane();
                });
                return;
            }
        }

        void record(int index, ProbeResult result, boolean clipped) {
            if (clipped && result.outcome() == Outcome.TIMEOUT) {
                result = ProbeResult.failed(result.target(), Outcome.TIMEOUT, result.address(),
                        "no answer before the verify deadline of " + deadlineText, result.startedAt());
            }
            record(index, result);
        }

        void record(int index, ProbeResult result) {
            if (results.compareAndSet(index, null, result) && pending.decrementAndGet() == 0) {
                finish();
            }
        }

        void expire() {
            for (int i = 0; i < targets.size(); i++) {
                record(i, ProbeResult.failed(targets.get(i).target(), Outcome.TIMEOUT, null,
                        "no result by the verify deadline of " + deadlineText, Instant.now()));
            }
        }

        void finish() {
            ProbeResult[] ordered = new ProbeResult[results.length()];
            Arrays.setAll(ordered, results::get);
            report.complete(new VerifyReport(List.of(ordered), Duration.ofNanos(System.nanoTime() - started)));
        }
    }
}

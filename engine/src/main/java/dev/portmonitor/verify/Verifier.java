package dev.portmonitor.verify;

import dev.portmonitor.format.Durations;
import dev.portmonitor.probe.Outcome;
import dev.portmonitor.probe.ProbeResult;
import dev.portmonitor.probe.TcpProbe;
import dev.portmonitor.target.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Checks many targets at once: at most {@code concurrency} probes in flight, each started when
 * another finishes, all within one deadline. No thread is created or blocked per target: the
 * work runs on the probe's event loops.
 */
public final class Verifier {

    private final TcpProbe probe;

    public Verifier(TcpProbe probe) {
        this.probe = Objects.requireNonNull(probe, "probe");
    }

    /** Completes when every target has a result; never completes exceptionally for a target's failure. */
    public CompletableFuture<VerifyReport> verify(List<Target> targets, VerifyOptions options) {
        return new Run(List.copyOf(targets), options).start();
    }

    private final class Run {
        final List<Target> targets;
        final VerifyOptions options;
        final AtomicReferenceArray<ProbeResult> results;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger pending;
        final CompletableFuture<VerifyReport> report = new CompletableFuture<>();
        final long started = System.nanoTime();
        final long deadline;

        Run(List<Target> targets, VerifyOptions options) {
            this.targets = targets;
            this.options = options;
            this.results = new AtomicReferenceArray<>(targets.size());
            this.pending = new AtomicInteger(targets.size());
            this.deadline = started + options.deadline().toNanos();
        }

        CompletableFuture<VerifyReport> start() {
            if (targets.isEmpty()) {
                finish();
            }
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
                Target target = targets.get(index);
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    record(index, ProbeResult.failed(target, Outcome.TIMEOUT, null, "not probed: the verify deadline of "
                            + Durations.format(options.deadline()) + " had passed", Instant.now()));
                    continue;
                }
                Duration timeout = options.probe().timeout();
                if (remaining < timeout.toNanos()) {
                    // What is left of the deadline, in whole milliseconds so that reasons stay readable.
                    timeout = Duration.ofMillis(Math.max(1, (remaining + 999_999) / 1_000_000));
                }
                CompletableFuture<ProbeResult> running;
                try {
                    running = probe.probe(target, options.probe().withTimeout(timeout));
                } catch (RuntimeException e) {
                    running = CompletableFuture.failedFuture(e);
                }
                if (running.isDone()) {
                    record(index, running, target);
                    continue;
                }
                int current = index;
                CompletableFuture<ProbeResult> inFlight = running;
                inFlight.whenComplete((result, error) -> {
                    record(current, inFlight, target);
                    runLane();
                });
                return;
            }
        }

        void record(int index, CompletableFuture<ProbeResult> done, Target target) {
            ProbeResult result;
            try {
                result = done.join();
            } catch (RuntimeException e) {
                result = ProbeResult.failed(target, Outcome.ERROR, null, "probe failed: " + e, Instant.now());
            }
            record(index, result);
        }

        void record(int index, ProbeResult result) {
            results.set(index, result);
            if (pending.decrementAndGet() == 0) {
                finish();
            }
        }

        void finish() {
            ProbeResult[] ordered = new ProbeResult[results.length()];
            Arrays.setAll(ordered, results::get);
            report.complete(new VerifyReport(List.of(ordered), Duration.ofNanos(System.nanoTime() - started)));
        }
    }
}

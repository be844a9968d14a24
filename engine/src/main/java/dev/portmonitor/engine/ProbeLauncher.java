package dev.portmonitor.engine;

import dev.portmonitor.config.MonitorSpec;
import dev.portmonitor.engine.Schedule.Due;
import dev.portmonitor.monitor.CheckResult;
import dev.portmonitor.verify.PortVerifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schedule's side of the pipeline: which monitors are due now on this member, and starting their
 * probes. A probe's result is handed on, with its spec, to the confirmation queue.
 */
final class ProbeLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeLauncher.class);

    private final PortVerifier prober;
    private final Predicate<String> ownsLocally;
    private final MonitorMetrics metrics;
    private final Schedule schedule = new Schedule(System.nanoTime(), System.currentTimeMillis());
    private final AtomicInteger inFlight = new AtomicInteger(); // probes started, not yet handed on
    private volatile BiConsumer<String, Checked> results;

    /**
     * @param ownsLocally whether this member probes the monitor (it owns the monitor's key)
     */
    ProbeLauncher(PortVerifier prober, Predicate<String> ownsLocally, MonitorMetrics metrics) {
        this.prober = prober;
        this.ownsLocally = ownsLocally;
        this.metrics = metrics;
    }

    /** Where results go: the confirmation queue, keyed by monitor id. Set before the first launch. */
    void sendResultsTo(BiConsumer<String, Checked> sink) {
        this.results = sink;
    }

    void put(MonitorSpec spec, long nowNanos) {
        schedule.put(spec, nowNanos);
    }

    void remove(String monitorId) {
        schedule.remove(monitorId);
    }

    /** Drops a removed monitor's meters, once its record is gone too (so no status comes after). */
    void forgetMeters(String monitorId) {
        metrics.remove(monitorId);
    }

    /**
     * The monitors due now that this member probes. Every member keeps the whole schedule, with the
     * same phases, and probes the monitors whose keys it owns; when members come or go, ownership
     * moves and the next due check is made by the new owner, at the same phase.
     */
    List<Due> dueHere() {
        List<Due> due = schedule.due(System.nanoTime());
        List<Due> mine = new ArrayList<>(due.size());
        for (Due d : due) {
            if (ownsLocally.test(d.spec().id())) {
                mine.add(d);
            }
        }
        return mine;
    }

    void launch(Due due) {
        MonitorSpec spec = due.spec();
        metrics.lateness(System.nanoTime() - due.dueNanos());
        inFlight.incrementAndGet();
        prober.probe(spec.target(), spec.kind(), spec.probe(), spec.settings()).whenComplete((result, error) -> {
            try {
                if (result == null) {
                    LOG.warn("probe of {} failed: {}", spec.id(), String.valueOf(error));
                    return;
                }
                if (!schedule.contains(spec.id())) {
                    return; // removed while its probe ran: no meters for it again, no result to confirm
                }
                java.util.Map<String, String> details = null; // most checks (tcp) have none: nothing to copy
                if (!result.detailsMap().isEmpty()) {
                    details = new java.util.LinkedHashMap<>();
                    for (var detail : result.detailsMap().entrySet()) {
                        details.put(detail.getKey(), String.valueOf(detail.getValue()));
                    }
                }
                CheckResult check = new CheckResult(result.outcome(), result.checkMicros(), result.addressText(),
                        result.reason(), result.startedAt(), details);
                metrics.check(spec.id(), spec.kind().name(), check);
                result.details(dev.portmonitor.probe.TlsDetails.class)
                        .ifPresent(tls -> metrics.certificateExpiry(spec.id(), tls.chainNotAfter()));
                results.accept(spec.id(), new Checked(spec, check));
            } catch (RuntimeException e) {
                metrics.dropped();
                LOG.warn("result of {} dropped: {}", spec.id(), e.getMessage());
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    /** Waits until no probe is in flight, at most {@code longest}. */
    void awaitIdle(Duration longest) {
        long until = System.nanoTime() + longest.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < until) {
            LockSupport.parkNanos(10_000_000L);
        }
    }
}

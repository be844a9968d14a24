package dev.portmonitor.engine;

import dev.portmonitor.monitor.CheckResult;
import dev.portmonitor.monitor.MonitorStatus;
import dev.portmonitor.monitor.EventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's meters. Per monitor: checks by outcome, check latency, and its status as a gauge
 * (1 up, 0.5 degraded, 0 down); overall: how late checks start against their schedule, events by
 * type, deliveries by channel and result.
 */
public final class MonitorMetrics {

    /** Histogram buckets of the connect latency: a few, since every monitor has its own. */
    private static final java.time.Duration[] LATENCY_BUCKETS = {
        java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(5), java.time.Duration.ofMillis(20),
        java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(500), java.time.Duration.ofSeconds(2),
        java.time.Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final Timer lateness;
    private final Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicLong> certificateExpiries = new ConcurrentHashMap<>();
    private final Map<String, List<Meter.Id>> perMonitor = new ConcurrentHashMap<>();

    public MonitorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.lateness = Timer.builder("portmonitor.schedule.lateness")
                .description("How late a check started against its schedule")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    /** Monitors whose state could not be written to the state directory, counted per failed save. */
    void saveFailed(int monitors) {
        registry.counter("portmonitor.state.save.failures", List.of()).increment(monitors);
    }

    void lateness(long nanos) {
        lateness.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    /** Lateness percentiles so far, in milliseconds: p50, p99, max. */
    public double[] latenessMillis() {
        var snapshot = lateness.takeSnapshot();
        double p50 = 0;
        double p99 = 0;
        for (var value : snapshot.percentileValues()) {
            if (value.percentile() == 0.5) {
                p50 = value.value(TimeUnit.MILLISECONDS);
            } else if (value.percentile() == 0.99) {
                p99 = value.value(TimeUnit.MILLISECONDS);
            }
        }
        return new double[] {p50, p99, snapshot.max(TimeUnit.MILLISECONDS)};
    }

    void check(String monitorId, String kind, CheckResult check) {
        Counter counter = Counter.builder("portmonitor.checks").description("Checks by outcome")
                .tag("monitor", monitorId).tag("kind", kind).tag("outcome", check.outcome().name()).register(registry);
        counter.increment();
        remember(monitorId, counter.getId());
        if (check.latencyMicros() >= 0) {
            Timer timer = Timer.builder("portmonitor.check.latency")
                    .description("Latency of the whole check: the connect, or a protocol kind's exchange")
                    .serviceLevelObjectives(LATENCY_BUCKETS)
                    .tag("monitor", monitorId).register(registry);
            timer.record(check.latencyMicros(), TimeUnit.MICROSECONDS);
            remember(monitorId, timer.getId());
        }
    }

    /** The earliest expiry in the certificate chain a TLS check saw, as a Unix timestamp gauge. */
    void certificateExpiry(String monitorId, java.time.Instant notAfter) {
        certificateExpiries.computeIfAbsent(monitorId, id -> {
            java.util.concurrent.atomic.AtomicLong holder = new java.util.concurrent.atomic.AtomicLong();
            Gauge gauge = Gauge.builder("portmonitor.certificate.expiry.timestamp", holder, h -> (double) h.get())
                    .description("When the earliest-expiring certificate of the chain expires (Unix time)")
                    .baseUnit("seconds").tag("monitor", id).register(registry);
            remember(id, gauge.getId());
            return holder;
        }).set(notAfter.getEpochSecond());
    }

    void status(String monitorId, MonitorStatus status) {
        AtomicInteger value = statuses.computeIfAbsent(monitorId, id -> {
            AtomicInteger holder = new AtomicInteger(-1);
            Gauge gauge = Gauge.builder("portmonitor.monitor.up", holder, h -> h.get() < 0 ? Double.NaN : h.get() / 2.0)
                    .description("1 up, 0.5 degraded, 0 down, NaN not checked yet").tag("monitor", id).register(registry);
            remember(id, gauge.getId());
            return holder;
        });
        value.set(switch (status) {
            case UNKNOWN -> -1;
            case UP -> 2;
            case DEGRADED -> 1;
            case DOWN -> 0;
        });
    }

    void event(EventType type) {
        registry.counter("portmonitor.events", "type", type.name()).increment();
    }

    void delivery(String channelId, boolean delivered) {
        registry.counter("portmonitor.deliveries", "channel", channelId, "result", delivered ? "delivered" : "failed")
                .increment();
    }

    void dropped() {
        registry.counter("portmonitor.results.dropped").increment();
    }

    /** Forgets a removed monitor's meters. */
    void remove(String monitorId) {
        statuses.remove(monitorId);
        certificateExpiries.remove(monitorId);
        List<Meter.Id> ids = perMonitor.remove(monitorId);
        if (ids != null) {
            ids.forEach(registry::remove);
        }
    }

    private void remember(String monitorId, Meter.Id id) {
        List<Meter.Id> ids = perMonitor.computeIfAbsent(monitorId, k -> java.util.Collections.synchronizedList(new ArrayList<>()));
        if (!ids.contains(id)) {
            ids.add(id);
        }
    }
}

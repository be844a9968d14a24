package dev.portmonitor.engine;

import dev.portmonitor.monitor.CheckResult;
import dev.portmonitor.monitor.MonitorState;
import dev.portmonitor.monitor.MonitorStatus;
import dev.portmonitor.monitor.MonitorEvent;
import dev.portmonitor.monitor.StateMachine;
import dev.portmonitor.config.ChannelConfig;
import dev.portmonitor.config.MonitorSpec;
import dev.portmonitor.config.PortMonitorConfig;
import dev.portmonitor.history.History;
import dev.portmonitor.history.Incident;
import dev.portmonitor.engine.Schedule.Due;
import dev.portmonitor.monitor.StateMachine.Step;
import dev.portmonitor.notify.EventText;
import dev.portmonitor.notify.Notifier;
import dev.portmonitor.notify.RetryingDelivery;
import dev.portmonitor.notify.StormGate;
import dev.portmonitor.history.DeliveryRecord;
import dev.portmonitor.store.MonitorSummary;
import dev.portmonitor.monitor.MonitorState;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import dev.portmonitor.store.MonitorRecord;
import dev.portmonitor.store.MonitorStore;
import dev.portmonitor.store.PendingEvent;
import dev.portmonitor.verify.PortVerifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continuous monitoring: one Camel context that schedules, probes, confirms and delivers, over a
 * {@link MonitorStore} for state and history. {@link #apply} changes the monitors and channels in
 * place: untouched monitors keep running and keep their state.
 */
public final class MonitorEngine implements AutoCloseable {

    /** How often the outbox of owned monitors is scanned for events nobody is delivering. */
    static final Duration OUTBOX_SCAN = Duration.ofSeconds(2);
    /** An event younger than this is left to the member that raised it. */
    static final Duration OUTBOX_GRACE = Duration.ofSeconds(3);
    /** How long the outbox is scanned every OUTBOX_SCAN after a start or a change of members. */
    static final Duration OUTBOX_WATCH = Duration.ofMinutes(1);
    /** How often it is scanned otherwise. */
    static final Duration OUTBOX_QUIET_SCAN = Duration.ofSeconds(30);

    private volatile long scanUntil;
    private volatile boolean stopping;
    private volatile long lastScan;

    private static final Logger EVENTS = LoggerFactory.getLogger("dev.portmonitor.events");
    private static final Logger LOG = LoggerFactory.getLogger(MonitorEngine.class);

    private final PortVerifier prober;
    private final MonitorStore store;
    private final MonitorMetrics metrics;
    private final Function<ChannelConfig, Notifier> notifierFactory;
    private final Map<String, MonitorSpec> specs = new ConcurrentHashMap<>();
    private final Map<String, RetryingDelivery> deliveries = new ConcurrentHashMap<>();
    private final Map<String, StormGate> gates = new ConcurrentHashMap<>();
    static final String FLUSH = "port-monitor-storm-flush";
    static final String FLUSH_ALL = "port-monitor-storm-flush-all";
    private final Map<String, ChannelConfig> channels = new ConcurrentHashMap<>();
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();   // checked since the last save
    private final Set<String> changed = ConcurrentHashMap.newKeySet(); // had an event since the last save
    private final Set<String> removed = ConcurrentHashMap.newKeySet(); // removed since the last save
    private final AtomicInteger inFlight = new AtomicInteger();        // probes started, not yet recorded
    private final List<Consumer<MonitorEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Schedule schedule = new Schedule(System.nanoTime(), System.currentTimeMillis());
    private volatile List<String> order = List.of();
    private volatile PortMonitorConfig config = new PortMonitorConfig(List.of(), List.of(), List.of());
    private CamelContext camel;
    private ProducerTemplate results;
    private ClassLoader classLoader;

    /**
     * The class loader Camel uses to find components and classes; inside Jenkins, the plugin's own,
     * since step and periodic threads carry the core's. Call before {@link #start}.
     */
    public void useClassLoader(ClassLoader loader) {
        this.classLoader = loader;
    }

    public MonitorEngine(PortVerifier prober, MonitorStore store, MonitorMetrics metrics,
                         Function<ChannelConfig, Notifier> notifierFactory) {
        this.prober = prober;
        this.store = store;
        this.metrics = metrics;
        this.notifierFactory = notifierFactory;
    }

    /** Called for every event, on the confirmation thread, before delivery. */
    public void addListener(Consumer<MonitorEvent> listener) {
        listeners.add(listener);
    }

    public synchronized void start(PortMonitorConfig config) throws Exception {
        if (camel != null) {
            throw new IllegalStateException("already started");
        }
        camel = new DefaultCamelContext();
        if (classLoader != null) {
            camel.setApplicationContextClassLoader(classLoader);
        }
        camel.getCamelContextExtension().setName("port-monitor");
        camel.getShutdownStrategy().setTimeout(30);
        camel.addRoutes(new MonitorRoutes(this::dueMonitors, this::launchProbe,
                new ConfirmationStrategy(specs::get, (spec, check, subject) -> store.record(spec.id(), check,
                        spec.confirmation(), subject, spec.channels()), this::afterStep),
                this::logEvent, new ChannelRouter(specs::get)));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // Once a second, each channel is asked (on its own thread) to send the groups that are due.
                from("timer:port-monitor-storm?delay=1000&period=1000").routeId("port-monitor-storm")
                        .process(exchange -> gates.forEach((channel, gate) -> {
                            if (gate.wantsFlush()) {
                                results.sendBody(ChannelRouter.endpoint(channel), FLUSH);
                            }
                        }));
                // Events left pending by a member that died (or by this one before a restart) are
                // delivered by the monitor's owner: at least once, each with its dedupe id.
                from("timer:port-monitor-outbox?delay=2000&period=" + OUTBOX_SCAN.toMillis()).routeId("port-monitor-outbox")
                        .process(exchange -> {
                            long now = System.nanoTime();
                            if (now - scanUntil < 0 || now - lastScan >= OUTBOX_QUIET_SCAN.toNanos()) {
                                lastScan = now;
                                deliverPending(Instant.now());
                            }
                        });
            }
        });
        // Events can be left pending only by a member that is gone, or by this one before a restart:
        // the outbox is scanned every 2 s for a minute after a start or a change of members, and
        // every 30 s otherwise, as a safety net (the scan reads every record this member owns).
        scanUntil = System.nanoTime() + OUTBOX_WATCH.toNanos();
        store.onMembershipChange(address -> scanUntil = System.nanoTime() + OUTBOX_WATCH.toNanos());
        camel.start();
        results = camel.createProducerTemplate();
        apply(config);
    }

    /** Adds, removes and changes monitors and channels; untouched ones go on as they were. */
    public synchronized void apply(PortMonitorConfig config) throws Exception {
        Map<String, ChannelConfig> nextChannels = new LinkedHashMap<>();
        config.channels().forEach(c -> nextChannels.put(c.id(), c));
        for (ChannelConfig channel : nextChannels.values()) {
            gates.computeIfAbsent(channel.id(), id -> new StormGate(config.storm())).control(config.storm());
            if (!channel.equals(channels.get(channel.id()))) {
                deliveries.put(channel.id(), new RetryingDelivery(notifierFactory.apply(channel), channel.deliveryDeadline()));
                if (channels.put(channel.id(), channel) == null) {
                    addChannelRoute(channel.id());
                }
            }
        }
        Map<String, MonitorSpec> next = new LinkedHashMap<>();
        config.monitors().forEach(m -> next.put(m.id(), m));
        for (String id : new HashSet<>(specs.keySet())) {
            if (!next.containsKey(id)) {
                schedule.remove(id);
                specs.remove(id);
                store.remove(id);
                metrics.remove(id);
                dirty.remove(id);
                changed.remove(id);
                removed.add(id);
            }
        }
        long now = System.nanoTime();
        Instant wallNow = Instant.now();
        for (MonitorSpec spec : next.values()) {
            removed.remove(spec.id());
            store.ensure(spec.id(), wallNow);
            specs.put(spec.id(), spec);
            schedule.put(spec, now);
        }
        order = List.copyOf(next.keySet());
        this.config = config;
        // Channels go last, once no monitor names them any more.
        for (String id : new HashSet<>(channels.keySet())) {
            if (!nextChannels.containsKey(id)) {
                removeChannel(id);
            }
        }
    }

    private void addChannelRoute(String channelId) throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(ChannelRouter.endpoint(channelId)).routeId("port-monitor-channel-" + channelId)
                        .process(exchange -> deliver(channelId, exchange));
            }
        });
    }

    private void removeChannel(String channelId) throws Exception {
        StormGate gate = gates.get(channelId);
        // (the gate is the channel thread's, which is idle or about to stop: held events are only read here)
        if (gate != null) {
            for (MonitorEvent held : gate.drain()) {
                recordOutcome(channelId, held, new RetryingDelivery.Outcome(false, 0, "not sent: the channel was removed"));
            }
        }
        String routeId = "port-monitor-channel-" + channelId;
        camel.getRouteController().stopRoute(routeId);
        camel.removeRoute(routeId);
        channels.remove(channelId);
        deliveries.remove(channelId);
        gates.remove(channelId);
    }

    private void deliver(String channelId, Exchange exchange) {
        RetryingDelivery delivery = deliveries.get(channelId);
        StormGate gate = gates.get(channelId);
        if (delivery == null || gate == null) {
            return;
        }
        Object body = exchange.getIn().getBody();
        if (FLUSH.equals(body) || FLUSH_ALL.equals(body)) {
            List<MonitorEvent> group = FLUSH.equals(body) ? gate.due(Instant.now()) : gate.drain();
            if (!group.isEmpty()) {
                RetryingDelivery.Outcome outcome = delivery.deliverGroup(group);
                for (MonitorEvent event : group) {
                    recordOutcome(channelId, event, new RetryingDelivery.Outcome(outcome.delivered(), outcome.attempts(),
                            outcome.delivered() ? "sent in a group of " + group.size() : outcome.reason()));
                }
            }
            return;
        }
        MonitorEvent event = exchange.getIn().getBody(MonitorEvent.class);
        if (event == null || !gate.offer(event, Instant.now())) {
            return; // held for a group
        }
        recordOutcome(channelId, event, delivery.deliver(event));
    }

    /** Events this member is delivering, by id, with the channels not done yet and when it began. */
    private final Map<String, Delivering> delivering = new ConcurrentHashMap<>();

    private record Delivering(Set<String> channels, long startedNanos) {
    }

    /**
     * Deliveries settled lately (eventId|channel), so that a scan that read the outbox just before
     * a settlement does not send the event again.
     */
    private final Map<String, Long> settled = new ConcurrentHashMap<>();

    private void delivering(MonitorEvent event, List<String> channelIds) {
        if (!channelIds.isEmpty()) {
            delivering.computeIfAbsent(event.id(), id -> new Delivering(ConcurrentHashMap.newKeySet(), System.nanoTime()))
                    .channels().addAll(channelIds);
        }
    }

    private void delivered(String eventId, String channelId) {
        delivering.computeIfPresent(eventId, (id, left) -> {
            left.channels().remove(channelId);
            return left.channels().isEmpty() ? null : left;
        });
    }

    /**
     * Whether this member is still delivering the event on the channel. A delivery that has outlived
     * its channel's deadline by a minute is taken for lost (a queue that refused it, a channel
     * changed under it), so that the outbox scan sends it again.
     */
    private boolean isDelivering(String eventId, String channelId) {
        Delivering left = delivering.get(eventId);
        if (left == null || !left.channels().contains(channelId)) {
            return false;
        }
        ChannelConfig channel = channels.get(channelId);
        Duration limit = (channel == null ? Duration.ofMinutes(5) : channel.deliveryDeadline()).plusMinutes(1);
        return System.nanoTime() - left.startedNanos() < limit.toNanos();
    }

    /**
     * Sends the pending events of the monitors this member owns that nobody here is delivering: those
     * a member left behind when it died, or whose owner changed mid-delivery. An event younger than
     * {@link #OUTBOX_GRACE} is left to the member that raised it.
     */
    void deliverPending(Instant now) {
        long forget = System.nanoTime() - Duration.ofMinutes(5).toNanos();
        settled.values().removeIf(at -> at - forget < 0);
        Set<String> owned = store.localWithPending();
        if (owned.isEmpty()) {
            return;
        }
        Set<String> live = store.liveMembers();
        String me = store.localUuid();
        store.pending(owned).forEach((monitorId, events) -> {
            MonitorSpec spec = specs.get(monitorId);
            // The event's time is its check's start: leave it to its member for the check's timeout too.
            Duration grace = spec == null ? OUTBOX_GRACE : OUTBOX_GRACE.plus(spec.probe().timeout());
            for (PendingEvent pending : events) {
                MonitorEvent event = pending.event();
                if (event.at().isAfter(now.minus(grace))) {
                    continue;
                }
                String claimant = pending.claimant();
                if (claimant != null && !claimant.equals(me) && live.contains(claimant)) {
                    continue; // its member is alive: it is delivering it, or holding it for a group
                }
                for (String channelId : pending.channels()) {
                    if (isDelivering(event.id(), channelId) || settled.containsKey(event.id() + "|" + channelId)) {
                        continue;
                    }
                    if (!channels.containsKey(channelId)) {
                        // Not configured here (configurations differ, or not applied yet): left for a
                        // member that has the channel, or for this one once it does.
                        LOG.debug("pending {} of {} is for channel {}, not configured on this member", event.id(),
                                monitorId, channelId);
                        continue;
                    }
                    LOG.info("delivering {} {} of {} on channel {}: it was still pending (a member left, or this one restarted)",
                            event.type(), event.id(), monitorId, channelId);
                    delivering(event, List.of(channelId));
                    results.sendBody(ChannelRouter.endpoint(channelId), event);
                }
            }
        });
    }

    private void recordOutcome(String channelId, MonitorEvent event, RetryingDelivery.Outcome outcome) {
        if (stopping && !outcome.delivered()) {
            // Cut short by the stop (an interrupted retry): it stays pending, for the next owner or
            // for this member after a restart, rather than counting as given up.
            LOG.info("{} {} of {} left pending on channel {}: stopping", event.type(), event.id(), event.monitorId(), channelId);
            delivered(event.id(), channelId);
            return;
        }
        metrics.delivery(channelId, outcome.delivered());
        if (!outcome.delivered()) {
            LOG.warn("channel {} could not deliver {} of {} ({}): {}", channelId, event.type(), event.monitorId(), event.id(),
                    outcome.reason());
        }
        try {
            store.recordDelivery(event.monitorId(), new DeliveryRecord(event.id(), event.type().name(), channelId,
                    outcome.delivered(), outcome.attempts(), outcome.reason(), Instant.now()));
        } catch (RuntimeException e) {
            LOG.warn("could not keep the delivery outcome of {}: {}", event.id(), e.toString());
        } finally {
            // Only once the outbox knows, so that the scan never takes it for abandoned in between.
            settled.put(event.id() + "|" + channelId, System.nanoTime());
            delivered(event.id(), channelId);
            changed.add(event.monitorId()); // its saved outbox is out of date
            dirty.add(event.monitorId());
        }
    }

    // --- the route's steps --------------------------------------------------------------------

    /**
     * The monitors due now that this member probes. Every member keeps the whole schedule, with the
     * same phases, and probes the monitors whose keys it owns; when members come or go, ownership
     * moves and the next due check is made by the new owner, at the same phase.
     */
    private void dueMonitors(Exchange exchange) {
        List<Due> due = schedule.due(System.nanoTime());
        List<Due> mine = new ArrayList<>(due.size());
        for (Due d : due) {
            if (store.ownsLocally(d.spec().id())) {
                mine.add(d);
            }
        }
        exchange.getIn().setBody(mine);
    }

    private void launchProbe(Exchange exchange) {
        Due due = exchange.getIn().getBody(Due.class);
        MonitorSpec spec = due.spec();
        metrics.lateness(System.nanoTime() - due.dueNanos());
        inFlight.incrementAndGet();
        prober.probe(spec.target(), spec.kind(), spec.probe(), spec.settings()).whenComplete((result, error) -> {
            try {
                if (result == null) {
                    LOG.warn("probe of {} failed: {}", spec.id(), String.valueOf(error));
                    return;
                }
                CheckResult check = new CheckResult(result.outcome(), result.latencyMicros(), result.addressText(),
                        result.reason(), result.startedAt());
                metrics.check(spec.id(), check);
                results.sendBodyAndHeader(MonitorRoutes.RESULTS, check, MonitorRoutes.MONITOR_ID, spec.id());
            } catch (RuntimeException e) {
                metrics.dropped();
                LOG.warn("result of {} dropped: {}", spec.id(), e.getMessage());
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    private void afterStep(MonitorSpec spec, Step step) {
        dirty.add(spec.id());
        if (step.event() != null) {
            changed.add(spec.id());
            delivering(step.event(), spec.channels());
        } else if (step.previous() == MonitorStatus.UNKNOWN && step.state().status() == MonitorStatus.UP) {
            EVENTS.info("UP {} {}: first check {}", spec.id(), spec.target().hostPort(), describe(step.state().last()));
        }
        metrics.status(spec.id(), step.state().status());
    }

    private static String describe(CheckResult check) {
        return check.describe() + (check.latencyMicros() >= 0 ? " in " + dev.portmonitor.format.Durations.formatLatency(check.latencyMicros()) : "");
    }

    private void logEvent(Exchange exchange) {
        MonitorEvent event = exchange.getIn().getBody(MonitorEvent.class);
        metrics.event(event.type());
        MonitorSpec spec = specs.get(event.monitorId());
        String window = spec == null ? null : config.maintenance(spec, event.at()).map(w -> w.id()).orElse(null);
        if (window != null) {
            exchange.setProperty(ChannelRouter.SUPPRESSED, window);
            EVENTS.info("{} (not sent: maintenance window {})", EventText.line(event), window);
            for (String channel : spec.channels()) {
                store.recordDelivery(event.monitorId(), new DeliveryRecord(event.id(), event.type().name(), channel, false, 0,
                        "not sent: maintenance window " + window, Instant.now()));
                delivered(event.id(), channel);
            }
        } else {
            EVENTS.info(EventText.line(event));
        }
        for (Consumer<MonitorEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("event listener failed: {}", e.toString());
            }
        }
    }

    // --- reading -----------------------------------------------------------------------------

    /** Monitors removed since the last call: their saved files should be retired. */
    public Set<String> drainRemoved() {
        return drain(removed);
    }

    /** Puts a monitor back among those to save (its save failed). */
    public void markDirty(String monitorId) {
        if (specs.containsKey(monitorId)) {
            dirty.add(monitorId);
        }
    }

    /** Monitors checked since the last call: the ones whose record should be saved. */
    public Set<String> drainDirty() {
        changed.clear();
        return drain(dirty);
    }

    /** Monitors that had an event since the last call (or the last {@link #drainDirty()}): saved first. */
    public Set<String> drainChanged() {
        return drain(changed);
    }

    private static Set<String> drain(Set<String> ids) {
        Set<String> drained = new HashSet<>();
        for (String id : ids) {
            if (ids.remove(id)) {
                drained.add(id);
            }
        }
        return drained;
    }

    public List<String> monitorIds() {
        return order;
    }

    public MonitorSpec spec(String id) {
        return specs.get(id);
    }

    /** Every monitor, in configuration order; computed where the records live, without copying histories. */
    public List<MonitorView> status() {
        List<String> ids = order;
        Instant now = Instant.now();
        Map<String, MonitorSummary> summaries = store.summaries(new HashSet<>(ids), now);
        List<MonitorView> views = new ArrayList<>(ids.size());
        for (String id : ids) {
            MonitorSpec spec = specs.get(id);
            if (spec != null) {
                views.add(view(spec, summaries.get(id), now));
            }
        }
        return views;
    }

    static MonitorView view(MonitorSpec spec, MonitorSummary summary, Instant now) {
        if (summary == null) {
            Map<String, Double> none = new LinkedHashMap<>();
            History.AVAILABILITY_WINDOWS.keySet().forEach(window -> none.put(window, null));
            return new MonitorView(spec.id(), spec.label(), spec.target().hostPort(), spec.tier(), spec.enabled(),
                    MonitorStatus.UNKNOWN, null, null, 0, 0, none, List.of(), List.of());
        }
        MonitorState state = summary.state();
        boolean checked = state.checks() > 0;
        return new MonitorView(spec.id(), spec.label(), spec.target().hostPort(), spec.tier(), spec.enabled(),
                state.status(), checked ? state.since() : null, state.last(), state.consecutiveFailures(), state.checks(),
                summary.availability(), summary.incidents(), summary.deliveries());
    }

    /**
     * Stops scheduling, waits for the probes in flight (at most their longest timeout), then stops
     * Camel, which lets queued results and deliveries finish (up to 10 s).
     */
    public synchronized void stop() {
        if (camel == null) {
            return;
        }
        stopping = true;
        try {
            camel.getRouteController().stopRoute("port-monitor-outbox");
            camel.getRouteController().stopRoute("port-monitor-scheduler");
        } catch (Exception e) {
            LOG.warn("stopping the scheduler: {}", e.toString());
        }
        long longest = specs.values().stream().mapToLong(m -> m.probe().timeout().toNanos()).max().orElse(0);
        long until = System.nanoTime() + longest + 1_000_000_000L;
        while (inFlight.get() > 0 && System.nanoTime() < until) {
            LockSupport.parkNanos(10_000_000L);
        }
        // Let the last results reach the confirmation aggregator and their events the channel queues.
        org.apache.camel.component.seda.SedaEndpoint resultsQueue = camel.getEndpoint(MonitorRoutes.RESULTS,
                org.apache.camel.component.seda.SedaEndpoint.class);
        long queueUntil = System.nanoTime() + 5_000_000_000L;
        while (resultsQueue.getCurrentQueueSize() > 0 && System.nanoTime() < queueUntil) {
            LockSupport.parkNanos(10_000_000L);
        }
        try {
            camel.getRouteController().stopRoute("port-monitor-storm");
            // Events held for a group go out now, before the channels' queues are drained and stopped.
            gates.keySet().forEach(channel -> results.sendBody(ChannelRouter.endpoint(channel), FLUSH_ALL));
        } catch (Exception e) {
            LOG.warn("sending held events at stop: {}", e.toString());
        }
        camel.stop();
        camel = null;
    }

    @Override
    public void close() {
        stop();
    }
}

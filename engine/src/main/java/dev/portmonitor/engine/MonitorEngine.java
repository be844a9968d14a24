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
import dev.portmonitor.store.MonitorRecord;
import dev.portmonitor.store.MonitorStore;
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

    private static final Logger EVENTS = LoggerFactory.getLogger("dev.portmonitor.events");
    private static final Logger LOG = LoggerFactory.getLogger(MonitorEngine.class);
    private static final Map<String, Duration> WINDOWS = windows();

    private final PortVerifier prober;
    private final MonitorStore store;
    private final MonitorMetrics metrics;
    private final Function<ChannelConfig, Notifier> notifierFactory;
    private final Map<String, MonitorSpec> specs = new ConcurrentHashMap<>();
    private final Map<String, Notifier> notifiers = new ConcurrentHashMap<>();
    private final Map<String, ChannelConfig> channels = new ConcurrentHashMap<>();
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();   // checked since the last save
    private final Set<String> changed = ConcurrentHashMap.newKeySet(); // had an event since the last save
    private final List<Consumer<MonitorEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Schedule schedule = new Schedule(System.nanoTime(), System.currentTimeMillis());
    private volatile List<String> order = List.of();
    private CamelContext camel;
    private ProducerTemplate results;

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
        camel.getCamelContextExtension().setName("port-monitor");
        camel.getShutdownStrategy().setTimeout(10);
        camel.addRoutes(new MonitorRoutes(this::dueMonitors, this::launchProbe,
                new ConfirmationStrategy(specs::get, (spec, check, subject) -> store.record(spec.id(), check,
                        spec.confirmation(), subject), this::afterStep),
                this::logEvent, new ChannelRouter(specs::get)));
        camel.start();
        results = camel.createProducerTemplate();
        apply(config);
    }

    /** Adds, removes and changes monitors and channels; untouched ones go on as they were. */
    public synchronized void apply(PortMonitorConfig config) throws Exception {
        Map<String, ChannelConfig> nextChannels = new LinkedHashMap<>();
        config.channels().forEach(c -> nextChannels.put(c.id(), c));
        for (String id : new HashSet<>(channels.keySet())) {
            if (!nextChannels.containsKey(id)) {
                removeChannel(id);
            }
        }
        for (ChannelConfig channel : nextChannels.values()) {
            if (!channel.equals(channels.get(channel.id()))) {
                notifiers.put(channel.id(), notifierFactory.apply(channel));
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
            }
        }
        long now = System.nanoTime();
        for (MonitorSpec spec : next.values()) {
            specs.put(spec.id(), spec);
            schedule.put(spec, now);
        }
        order = List.copyOf(next.keySet());
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
        String routeId = "port-monitor-channel-" + channelId;
        camel.getRouteController().stopRoute(routeId);
        camel.removeRoute(routeId);
        channels.remove(channelId);
        notifiers.remove(channelId);
    }

    private void deliver(String channelId, Exchange exchange) {
        MonitorEvent event = exchange.getIn().getBody(MonitorEvent.class);
        Notifier notifier = notifiers.get(channelId);
        if (notifier == null || event == null) {
            return;
        }
        try {
            notifier.deliver(event);
            metrics.delivery(channelId, true);
        } catch (Exception e) {
            metrics.delivery(channelId, false);
            LOG.warn("channel {} could not deliver {} {}: {}", channelId, event.type(), event.monitorId(), e.getMessage());
        }
    }

    // --- the route's steps --------------------------------------------------------------------

    private void dueMonitors(Exchange exchange) {
        exchange.getIn().setBody(schedule.due(System.nanoTime()));
    }

    private void launchProbe(Exchange exchange) {
        Due due = exchange.getIn().getBody(Due.class);
        MonitorSpec spec = due.spec();
        metrics.lateness(System.nanoTime() - due.dueNanos());
        prober.probe(spec.target(), spec.probe()).whenComplete((result, error) -> {
            if (result == null) {
                LOG.warn("probe of {} failed: {}", spec.id(), String.valueOf(error));
                return;
            }
            CheckResult check = CheckResult.of(result);
            metrics.check(spec.id(), check);
            try {
                results.sendBodyAndHeader(MonitorRoutes.RESULTS, check, MonitorRoutes.MONITOR_ID, spec.id());
            } catch (RuntimeException e) {
                metrics.dropped();
                LOG.warn("result of {} dropped: {}", spec.id(), e.getMessage());
            }
        });
    }

    private void afterStep(MonitorSpec spec, Step step) {
        dirty.add(spec.id());
        if (step.event() != null) {
            changed.add(spec.id());
        }
        metrics.status(spec.id(), step.state().status());
    }

    private void logEvent(Exchange exchange) {
        MonitorEvent event = exchange.getIn().getBody(MonitorEvent.class);
        metrics.event(event.type());
        EVENTS.info(EventText.line(event));
        for (Consumer<MonitorEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("event listener failed: {}", e.toString());
            }
        }
    }

    // --- reading -----------------------------------------------------------------------------

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

    /** Every monitor, in configuration order. */
    public List<MonitorView> status() {
        List<String> ids = order;
        Map<String, MonitorRecord> records = store.getAll(new HashSet<>(ids));
        Instant now = Instant.now();
        List<MonitorView> views = new ArrayList<>(ids.size());
        for (String id : ids) {
            MonitorSpec spec = specs.get(id);
            if (spec != null) {
                views.add(view(spec, records.get(id), now));
            }
        }
        return views;
    }

    static MonitorView view(MonitorSpec spec, MonitorRecord record, Instant now) {
        MonitorState state = record == null ? MonitorState.initial(now) : record.state();
        Map<String, Double> availability = new LinkedHashMap<>();
        List<Incident> incidents = List.of();
        if (record != null) {
            History history = record.history();
            WINDOWS.forEach((name, window) -> availability.put(name, history.availability(now, window)));
            List<Incident> all = new ArrayList<>(history.incidents());
            Collections.reverse(all);
            incidents = all.subList(0, Math.min(10, all.size()));
        } else {
            WINDOWS.keySet().forEach(name -> availability.put(name, null));
        }
        return new MonitorView(spec.id(), spec.label(), spec.target().hostPort(), spec.tier(), spec.enabled(),
                record == null ? MonitorStatus.UNKNOWN : state.status(), record == null ? null : state.since(), state.last(),
                state.consecutiveFailures(), state.checks(), availability, incidents);
    }

    private static Map<String, Duration> windows() {
        Map<String, Duration> windows = new LinkedHashMap<>();
        windows.put("1h", Duration.ofHours(1));
        windows.put("24h", Duration.ofHours(24));
        windows.put("7d", Duration.ofDays(7));
        windows.put("30d", Duration.ofDays(30));
        return Collections.unmodifiableMap(windows);
    }

    /** Stops scheduling, lets results and deliveries in flight finish (up to 10 s), stops Camel. */
    public synchronized void stop() {
        if (camel != null) {
            try {
                camel.getRouteController().stopRoute("port-monitor-scheduler");
            } catch (Exception e) {
                LOG.warn("stopping the scheduler: {}", e.toString());
            }
            camel.stop();
            camel = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}

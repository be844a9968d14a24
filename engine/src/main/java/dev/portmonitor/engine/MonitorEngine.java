package dev.portmonitor.engine;

import dev.portmonitor.config.ChannelConfig;
import dev.portmonitor.config.MaintenanceWindow;
import dev.portmonitor.config.MonitorSpec;
import dev.portmonitor.config.PortMonitorConfig;
import dev.portmonitor.monitor.MonitorEvent;
import dev.portmonitor.notify.Notifier;
import dev.portmonitor.status.MonitorView;
import dev.portmonitor.status.StatusReader;
import dev.portmonitor.store.MonitorStore;
import dev.portmonitor.verify.PortVerifier;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.concurrent.locks.LockSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.seda.SedaEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continuous monitoring: one Camel context ({@link MonitorRoutes}) over the parts that do the work
 * (launcher, confirmation, event log, channel deliveries, outbox, save tracker) and a
 * {@link MonitorStore} for state and history. {@link #apply} changes the monitors and channels in
 * place: untouched monitors keep running and keep their state.
 */
public final class MonitorEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorEngine.class);

    private final MonitorStore store;
    private final Map<String, MonitorSpec> specs = new ConcurrentHashMap<>();
    private final SaveTracker saves = new SaveTracker();
    private final ProbeLauncher launcher;
    private final ChannelDeliveries deliveries;
    private final Outbox outbox;
    private final EventLog eventLog;
    private final ConfirmationStrategy confirmation;
    private final StatusReader status;
    private volatile List<String> order = List.of();
    private volatile PortMonitorConfig config = new PortMonitorConfig(List.of(), List.of(), List.of());
    private CamelContext camel;
    private ProducerTemplate producer;
    private Endpoint results;
    private ClassLoader classLoader;

    public MonitorEngine(PortVerifier prober, MonitorStore store, MonitorMetrics metrics,
                         Function<ChannelConfig, Notifier> notifierFactory) {
        this.store = store;
        this.status = new StatusReader(store);
        this.launcher = new ProbeLauncher(prober, store.member()::ownsLocally, metrics);
        this.deliveries = new ChannelDeliveries(notifierFactory, store, metrics, saves);
        this.outbox = new Outbox(store, specs::get, deliveries, this::toChannel);
        deliveries.useOutbox(outbox);
        this.eventLog = new EventLog(metrics, () -> config, store, outbox);
        this.confirmation = new ConfirmationStrategy((checked, subject) -> store.record(checked.spec().id(), checked.check(),
                checked.spec().confirmation(), subject, checked.spec().channels()),
                store::pending, saves, outbox, metrics);
    }

    /**
     * The class loader Camel uses to find components and classes; inside Jenkins, the plugin's own,
     * since step and periodic threads carry the core's. Call before {@link #start}.
     */
    public void useClassLoader(ClassLoader loader) {
        this.classLoader = loader;
    }

    /** Called for every event, on the confirmation thread, before delivery. */
    public void addListener(Consumer<MonitorEvent> listener) {
        eventLog.addListener(listener);
    }

    /**
     * How a monitor's record is written to disk when its outbox changes: after an event is raised and
     * before anyone is told of it (on the confirmation thread), and after a channel settled it (on the
     * channel's thread), so that a crash neither loses the event nor sends it again needlessly.
     */
    public void persistOutboxWith(Consumer<String> save) {
        eventLog.persistWith(save);
        deliveries.persistWith(save);
    }

    /** Which monitors' records are due to be saved. */
    public SaveTracker saves() {
        return saves;
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
        camel.addRoutes(new MonitorRoutes(launcher, confirmation, eventLog, deliveries, outbox, this::toChannel));
        // Events can be left pending only by a member that is gone, or by this one before a restart:
        // the outbox is watched closely for a while after a start or a change of members.
        outbox.watch();
        store.member().onMembershipChange(address -> outbox.watch());
        camel.start();
        producer = camel.createProducerTemplate();
        results = MonitorRoutes.results().resolve(camel);
        launcher.sendResultsTo((monitorId, checked) -> producer.sendBodyAndHeader(results, checked,
                MonitorRoutes.MONITOR_ID, monitorId));
        apply(config);
    }

    private void toChannel(String channelId, Object message) {
        producer.sendBody(MonitorRoutes.channelUri(channelId), message);
    }

    /** Adds, removes and changes monitors and channels; untouched ones go on as they were. */
    public synchronized void apply(PortMonitorConfig config) throws Exception {
        Map<String, ChannelConfig> nextChannels = new LinkedHashMap<>();
        config.channels().forEach(c -> nextChannels.put(c.id(), c));
        for (ChannelConfig channel : nextChannels.values()) {
            if (deliveries.put(channel, config.storm())) {
                camel.addRouteFromTemplate(MonitorRoutes.channelRouteId(channel.id()), MonitorRoutes.CHANNEL_TEMPLATE,
                        Map.of("channel", channel.id()));
            }
        }
        Map<String, MonitorSpec> next = new LinkedHashMap<>();
        config.monitors().forEach(m -> next.put(m.id(), m));
        for (String id : new HashSet<>(specs.keySet())) {
            if (!next.containsKey(id)) {
                launcher.remove(id);
                specs.remove(id);
                store.remove(id);
                saves.removed(id);
                launcher.forgetMeters(id);
            }
        }
        long now = System.nanoTime();
        Instant wallNow = Instant.now();
        for (MonitorSpec spec : next.values()) {
            saves.added(spec.id());
            store.ensure(spec.id(), wallNow);
            specs.put(spec.id(), spec);
            launcher.put(spec, now);
        }
        order = List.copyOf(next.keySet());
        store.keepIncidents(config.history().keepIncidents());
        this.config = config;
        // Channels go last, once no monitor names them any more.
        for (String id : deliveries.ids()) {
            if (!nextChannels.containsKey(id)) {
                String routeId = MonitorRoutes.channelRouteId(id);
                camel.getRouteController().stopRoute(routeId);
                camel.removeRoute(routeId);
                deliveries.remove(id);
            }
        }
    }

    /** The running Camel context, for route-level tests (NotifyBuilder); null when stopped. */
    synchronized CamelContext camel() {
        return camel;
    }

    public List<String> monitorIds() {
        return order;
    }

    /** Every monitor's spec, in configuration order. */
    public List<MonitorSpec> specs() {
        List<MonitorSpec> ordered = new java.util.ArrayList<>(order.size());
        for (String id : order) {
            MonitorSpec spec = specs.get(id);
            if (spec != null) {
                ordered.add(spec);
            }
        }
        return ordered;
    }

    /** Every monitor's view, in configuration order; computed where the records live, without copying histories. */
    public List<MonitorView> status() {
        return status(Instant.now());
    }

    /** The views as of {@code now}: availability windows and patterns are seen from it. */
    public List<MonitorView> status(Instant now) {
        // whether each window is active is asked once, not once a monitor (a recurring one reads its cron)
        List<MaintenanceWindow> active = config.maintenance().stream().filter(w -> w.activeAt(now)).toList();
        return status.views(specs(), now, spec -> active.stream().filter(w -> w.selects(spec)).map(MaintenanceWindow::id)
                .findFirst().orElse(null), config.history().timezone());
    }

    /** The review settings configured now. */
    public dev.portmonitor.config.ReviewSettings review() {
        return config.review();
    }

    /** A channel configured now, or null. */
    public ChannelConfig channel(String id) {
        return config.channel(id).orElse(null);
    }

    /** The history settings configured now. */
    public dev.portmonitor.config.HistorySettings history() {
        return config.history();
    }

    /** The maintenance windows configured now. */
    public List<MaintenanceWindow> maintenanceWindows() {
        return config.maintenance();
    }

    public MonitorSpec spec(String id) {
        return specs.get(id);
    }

    /**
     * Stops scheduling, waits for the probes in flight (at most their longest timeout), then stops
     * Camel, which lets queued results and deliveries finish (up to 10 s).
     */
    public synchronized void stop() {
        if (camel == null) {
            return;
        }
        deliveries.stopping();
        try {
            camel.getRouteController().stopRoute(MonitorRoutes.OUTBOX);
            camel.getRouteController().stopRoute(MonitorRoutes.SCHEDULER);
        } catch (Exception e) {
            LOG.warn("stopping the scheduler: {}", e.toString());
        }
        long longest = specs.values().stream().mapToLong(m -> m.probe().timeout().toNanos()).max().orElse(0);
        launcher.awaitIdle(Duration.ofNanos(longest).plusSeconds(1));
        // Let the last results reach the confirmation aggregator and their events the channel queues.
        SedaEndpoint resultsQueue = (SedaEndpoint) results;
        long queueUntil = System.nanoTime() + 5_000_000_000L;
        while (resultsQueue.getCurrentQueueSize() > 0 && System.nanoTime() < queueUntil) {
            LockSupport.parkNanos(10_000_000L);
        }
        try {
            camel.getRouteController().stopRoute(MonitorRoutes.STORM);
            // Events held for a group go out now, before the channels' queues are drained and stopped.
            deliveries.ids().forEach(channel -> toChannel(channel, Flush.ALL));
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

package dev.portmonitor.engine;

import dev.portmonitor.cluster.ClusterMember;
import dev.portmonitor.cluster.ConfigExchange;
import dev.portmonitor.cluster.MemberSettings;
import dev.portmonitor.config.ChannelConfig;
import dev.portmonitor.config.MonitorSpec;
import dev.portmonitor.config.PortMonitorConfig;
import dev.portmonitor.config.HistorySettings;
import dev.portmonitor.history.Deploy;
import dev.portmonitor.history.DeployCorrelation;
import dev.portmonitor.history.PatternFinder;
import dev.portmonitor.history.TogetherFinder;
import dev.portmonitor.notify.EventText;
import dev.portmonitor.notify.Notifiers;
import dev.portmonitor.notify.RetryingDelivery;
import dev.portmonitor.probe.ProbeResult;
import dev.portmonitor.store.MonitorRecord;
import dev.portmonitor.store.MonitorStore;
import dev.portmonitor.store.PersistenceHealth;
import dev.portmonitor.store.StateDirectoryLock;
import dev.portmonitor.status.ClusterView;
import dev.portmonitor.status.MonitorView;
import dev.portmonitor.status.StatusJson;
import dev.portmonitor.status.StatusReader;
import dev.portmonitor.store.StateFiles;
import dev.portmonitor.verify.PortVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole continuous monitor as one object: store, prober, channels, engine and state files,
 * started in order and stopped in the reverse order. The CLI's {@code run} and the Jenkins plugin
 * both hold one, so the two run the same wiring.
 */
public final class MonitorService implements AutoCloseable {

    /** The longest a test message may take, whatever the channel's own delivery deadline. */
    public static final Duration MAX_TEST_WAIT = Duration.ofSeconds(30);

    /**
     * How a service runs.
     *
     * @param member the Hazelcast member's settings (cluster name, address, class loader)
     * @param stateDir where each monitor's state and history are saved across restarts
     * @param saveEvery how often monitors that changed state are saved
     * @param saveHistoryEvery how often every monitor's history is saved
     * @param logOutput where log channels print
     * @param registry where metrics go
     */
    public record Settings(MemberSettings member, Path stateDir, Duration saveEvery, Duration saveHistoryEvery,
                           PrintStream logOutput, MeterRegistry registry) {
        public Settings {
            Objects.requireNonNull(member, "member");
            Objects.requireNonNull(stateDir, "stateDir");
            Objects.requireNonNull(saveEvery, "saveEvery");
            Objects.requireNonNull(saveHistoryEvery, "saveHistoryEvery");
            Objects.requireNonNull(logOutput, "logOutput");
            Objects.requireNonNull(registry, "registry");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(MonitorService.class);

    private final MonitorStore store;
    private final PortVerifier prober;
    private final Notifiers notifiers;
    private final MonitorEngine engine;
    private final StateSaver saver;
    private final ConfigExchange configs;
    private final StatusReader status;
    /** The cluster's topic of every member's events, as status pages read them. */
    static final String STATUS_EVENTS = "pm-status-events";
    /** This member's hold on the state directory; null when it shares it with a member of its cluster. */
    private final StateDirectoryLock lock;
    private final DeployLog deploys;
    private final PatternAnnouncer announcer;
    /** What was last found across monitors and deploys, and when: found again at most once a minute. */
    private volatile Insights insights;

    /** Findings that take every monitor's incidents: monitors failing together, incidents following deploys. */
    private record Insights(Instant at, int deploys, List<TogetherFinder.Group> together,
                            Map<String, List<PatternFinder.Finding>> afterDeploys) {
    }

    static final Duration INSIGHTS_EVERY = Duration.ofMinutes(1);

    private MonitorService(MonitorStore store, PortVerifier prober, Notifiers notifiers, MonitorEngine engine,
                           StateSaver saver, ConfigExchange configs, StateDirectoryLock lock, DeployLog deploys,
                           PatternAnnouncer announcer) {
        this.lock = lock;
        this.announcer = announcer;
        this.deploys = deploys;
        this.store = store;
        this.prober = prober;
        this.notifiers = notifiers;
        this.engine = engine;
        this.saver = saver;
        this.configs = configs;
        this.status = new StatusReader(store);
        // Events are rare (a DOWN, a RECOVERED): each one to every member, whose pages follow it.
        engine.addListener(event -> store.member().broadcast(STATUS_EVENTS, StatusJson.event(event)));
        reviews.scheduleWithFixedDelay(this::lookForReviews, REVIEW_LOOK_EVERY.toSeconds(), REVIEW_LOOK_EVERY.toSeconds(),
                java.util.concurrent.TimeUnit.SECONDS);
    }

    /**
     * Starts everything with a configuration: restores each monitor's saved state, retires the
     * state files of monitors no longer configured, and starts probing.
     *
     * @param problems told of every state file that could not be read or retired (the service runs on)
     * @throws StateDirectoryLock.InUseException when another monitor, not of this cluster, uses the state directory
     */
    public static MonitorService start(PortMonitorConfig config, Settings settings, Consumer<String> problems)
            throws Exception {
        ClassLoader loader = settings.member().classLoader();
        List<AutoCloseable> started = new ArrayList<>();
        try {
            StateDirectoryLock lock = null;
            try {
                lock = StateDirectoryLock.acquire(settings.stateDir(), settings.member().effectiveClusterName(),
                        settings.member().clustered());
            } catch (StateDirectoryLock.InUseException inUse) {
                throw inUse;
            } catch (IOException e) {
                problems.accept("could not lock the state directory " + settings.stateDir().toAbsolutePath() + " ("
                        + StateFiles.describe(e) + "); a second monitor on it would not be refused");
            }
            if (lock != null) {
                started.add(lock);
            }
            ClusterMember member = ClusterMember.start(settings.member(), MonitorStore::configure);
            started.add(member);
            MonitorStore store = MonitorStore.over(member);
            ConfigExchange configs = new ConfigExchange(member);
            started.add(configs);
            PortVerifier prober = PortVerifier.create();
            started.add(prober);
            StateFiles files = new StateFiles(settings.stateDir());
            List<String> ids = config.monitors().stream().map(MonitorSpec::id).toList();
            try {
                for (String retired : files.retireOthers(ids)) {
                    problems.accept("monitor " + retired + " is no longer configured; its state file was moved to "
                            + files.file(retired).resolveSibling("retired"));
                }
            } catch (IOException e) {
                problems.accept("could not retire the state files of removed monitors in " + settings.stateDir() + ": " + e);
            }
            StateSaver.restore(files, store, ids).forEach(problems);
            DeployLog deploys = new DeployLog(member, settings.stateDir());
            deploys.restore(problems);
            PatternAnnouncer announcer = new PatternAnnouncer(member, settings.stateDir());
            announcer.restore();
            String unwritable = null;
            try {
                files.checkWritable();
            } catch (IOException | RuntimeException e) {
                unwritable = "the state directory " + settings.stateDir().toAbsolutePath() + " is not writable ("
                        + StateFiles.describe(e) + "): state and history will not survive a restart until it is";
                problems.accept(unwritable);
            }
            Notifiers notifiers = new Notifiers(settings.logOutput());
            started.add(notifiers);
            MonitorMetrics metrics = new MonitorMetrics(settings.registry());
            MonitorEngine engine = new MonitorEngine(prober, store, metrics, notifiers::create);
            if (loader != null) {
                notifiers.useClassLoader(loader);
                engine.useClassLoader(loader);
            }
            started.add(engine);
            StateSaver saver = new StateSaver(engine.saves(), store, files, metrics);
            engine.persistOutboxWith(saver::saveNow);
            if (unwritable != null) {
                saver.health().failed(unwritable, Instant.now());
            }
            started.add(saver);
            engine.start(config);
            saver.start(settings.saveEvery(), settings.saveHistoryEvery());
            MonitorService service = new MonitorService(store, prober, notifiers, engine, saver, configs, lock, deploys,
                    announcer);
            configs.publish(config);
            configs.start();
            return service;
        } catch (Exception | Error e) {
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** Applies a new configuration without losing the state of monitors it keeps. */
    public void apply(PortMonitorConfig config) throws Exception {
        engine.apply(config);
        configs.publish(config);
    }

    /**
     * Told of new differences between this member's configuration and another's (on a background
     * thread): inside Jenkins, replicas that share JENKINS_HOME reload the saved configuration.
     */
    public void onConfigDifferences(Consumer<List<String>> listener) {
        configs.onDifferences(listener);
    }

    /** Whether the state directory is taking this member's saves. */
    public PersistenceHealth.Snapshot persistence() {
        return saver.health().snapshot();
    }

    /** The cluster as a status page shows it. */
    public ClusterView cluster() {
        return status.cluster(engine.monitorIds(), configs.differences());
    }

    /**
     * Marks a deploy (a Jenkins build that ran verifyPorts, {@code port-monitor mark-deploy}): incidents
     * that begin within {@code history.deployWindow} after it name it. Shared with the cluster and saved
     * in the state directory before it returns.
     */
    public void markDeploy(Deploy deploy) throws IOException {
        deploys.mark(deploy, engine.history().keepIncidents());
        insights = null;
    }

    /** Every deploy marker kept, oldest first. */
    public List<Deploy> deploys() {
        return deploys.all();
    }

    /**
     * The {@code /status} document (see StatusJson): every monitor with its patterns, the cluster, the
     * state directory's health, the maintenance windows, the monitors that fail together and the deploy
     * markers, in the configured time zone.
     */
    public String statusJson(Instant now) {
        HistorySettings history = engine.history();
        List<Deploy> marked = deploys.all();
        List<MonitorView> views = engine.status(now);
        Insights found = insights(views, marked, history, now);
        return StatusJson.render(withDeployPatterns(views, found), now, new StatusJson.Sections(cluster(),
                persistence(), maintenanceWindows(), found.together(), marked, history.deployWindow(), history.timezone()));
    }

    /** Each view with the deploys its incidents follow among its patterns. */
    private static List<MonitorView> withDeployPatterns(List<MonitorView> views, Insights found) {
        return views.stream().map(view -> view.withPatterns(found.afterDeploys().getOrDefault(view.id(), List.of()))).toList();
    }

    private Insights insights(List<MonitorView> views, List<Deploy> marked,
                              HistorySettings history, Instant now) {
        Insights last = insights;
        if (last != null && last.deploys() == marked.size() && !now.isAfter(last.at().plus(INSIGHTS_EVERY))
                && !now.isBefore(last.at())) {
            return last;
        }
        Instant since = now.minus(DeployCorrelation.PERIOD);
        Map<String, List<Instant>> starts = store.incidentStarts(
                new HashSet<>(views.stream().map(MonitorView::id).toList()), since);
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, List<Instant>> ordered = new LinkedHashMap<>();
        Map<String, List<PatternFinder.Finding>> afterDeploys = new HashMap<>();
        for (MonitorView view : views) {
            String label = view.name() + " (" + view.target() + ")";
            labels.put(view.id(), label);
            List<Instant> own = starts.getOrDefault(view.id(), List.of());
            ordered.put(view.id(), own);
            DeployCorrelation.find(label, view.target(), own, marked, history.deployWindow(),
                    history.timezone(), now).ifPresent(finding -> afterDeploys.put(view.id(), List.of(finding)));
        }
        Insights next = new Insights(now, marked.size(),
                TogetherFinder.find(ordered, labels, history.timezone(), now), afterDeploys);
        insights = next;
        return next;
    }

    /**
     * The monthly review of {@code month} (see MonthlyReview), each monitor's figures computed where its
     * history lives: only the figures travel.
     */
    public dev.portmonitor.review.MonthlyReview review(java.time.YearMonth month, ZoneId zone, Instant now) {
        List<MonitorSpec> specs = engine.specs();
        List<dev.portmonitor.config.MaintenanceWindow> windows = engine.maintenanceWindows();
        HashMap<String, String[]> subjects = new HashMap<>();
        HashMap<String, long[]> maintenance = new HashMap<>();
        for (MonitorSpec spec : specs) {
            subjects.put(spec.id(), new String[] {spec.label(), spec.target().hostPort()});
            long[] hours = Reviews.maintenanceHours(windows, spec, month, zone);
            if (hours.length > 0) {
                maintenance.put(spec.id(), hours);
            }
        }
        Set<String> ids = new HashSet<>(subjects.keySet());
        Map<String, dev.portmonitor.review.MonthFigures> computed = store.computeOnOwners(ids,
                figuresOf(month, zone, subjects, maintenance));
        Map<String, List<Instant>> starts = store.incidentStarts(ids, Reviews.end(month, zone).minus(DeployCorrelation.PERIOD));
        List<dev.portmonitor.review.MonthFigures> figures = new ArrayList<>();
        for (MonitorSpec spec : specs) {
            dev.portmonitor.review.MonthFigures m = computed.get(spec.id());
            if (m != null) {
                figures.add(m);
            }
        }
        return Reviews.assemble(month, zone, now, figures, starts, deploys.all(), engine.history().deployWindow());
    }

    /** The review in the configured review time zone. */
    public dev.portmonitor.review.MonthlyReview review(java.time.YearMonth month, Instant now) {
        return review(month, engine.review().timezone(), now);
    }

    /** The function the owners run: static, so that it carries only what it needs. */
    private static dev.portmonitor.store.ReadHistory.HistoryFunction<dev.portmonitor.review.MonthFigures> figuresOf(
            java.time.YearMonth month, ZoneId zone, HashMap<String, String[]> subjects, HashMap<String, long[]> maintenance) {
        return (id, history) -> {
            String[] subject = subjects.get(id);
            long[] hours = maintenance.getOrDefault(id, new long[0]);
            return dev.portmonitor.review.MonthFigures.of(id, subject[0], subject[1], history, month, zone,
                    at -> java.util.Arrays.binarySearch(hours, at.getEpochSecond() / 3600 * 3600) >= 0);
        };
    }

    /**
     * Sends the review of {@code month} to the configured review channels, once in the cluster (the
     * member that claims the month sends it); returns each channel's outcome, empty when another member
     * has it or no channel is configured.
     */
    public Map<String, RetryingDelivery.Outcome> sendReview(java.time.YearMonth month, Instant now) {
        dev.portmonitor.config.ReviewSettings settings = engine.review();
        Map<String, RetryingDelivery.Outcome> outcomes = new LinkedHashMap<>();
        if (settings.channels().isEmpty()
                || store.member().hazelcast().getMap(REVIEWS).putIfAbsent(month.toString(), store.member().localUuid()) != null) {
            return outcomes;
        }
        dev.portmonitor.review.MonthlyReview review;
        try {
            review = review(month, settings.timezone(), now);
        } catch (RuntimeException e) {
            // not made: the month is free again for the next try (another member, or on demand)
            store.member().hazelcast().getMap(REVIEWS).remove(month.toString());
            throw e;
        }
        dev.portmonitor.notify.Report report = new dev.portmonitor.notify.Report("review-" + month,
                dev.portmonitor.review.ReviewFormat.title(review), dev.portmonitor.review.ReviewFormat.html(review),
                dev.portmonitor.review.ReviewFormat.markdown(review), dev.portmonitor.review.ReviewFormat.json(review));
        for (String channelId : settings.channels()) {
            ChannelConfig channel = engine.channel(channelId);
            if (channel == null) {
                continue;
            }
            RetryingDelivery.Outcome outcome = new RetryingDelivery(notifiers.create(channel), channel.deliveryDeadline())
                    .deliverReport(report);
            outcomes.put(channelId, outcome);
            if (outcome.delivered()) {
                LOG.info("monthly review of {} sent on {} ({} attempts)", month, channelId, outcome.attempts());
            } else {
                LOG.warn("monthly review of {} not sent on {}: {}", month, channelId, outcome.reason());
            }
        }
        return outcomes;
    }

    /**
     * Once a minute: when the review schedule fell due since the last look, the review of the month
     * before is sent (on the member that claims it). A member that is down when it falls due sends
     * nothing for that month; {@code port-monitor report} makes it on demand.
     */
    private void lookForReviews() {
        // Nothing may escape: an exception would end the scheduled task, and no review would follow.
        try {
            Instant now = Instant.now();
            if (engine.history().announcePatterns()) {
                try {
                    announcePatterns(now);
                } catch (RuntimeException e) {
                    LOG.warn("announcing patterns failed: {}", e.toString());
                }
            }
            Instant since = lastReviewLook;
            lastReviewLook = now;
            dev.portmonitor.config.ReviewSettings settings = engine.review();
            if (settings.channels().isEmpty()) {
                return;
            }
            settings.next(since).filter(due -> !due.isAfter(now)).ifPresent(due -> {
                java.time.YearMonth month = java.time.YearMonth.from(due.atZone(settings.timezone())).minusMonths(1);
                try {
                    sendReview(month, now);
                } catch (RuntimeException e) {
                    LOG.warn("monthly review of {} failed: {}", month, e.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("the review schedule: {}", e.toString());
        }
    }

    private final java.util.concurrent.ScheduledExecutorService reviews = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "pm-review");
                thread.setDaemon(true);
                return thread;
            });
    private volatile Instant lastReviewLook = Instant.now();
    static final Duration REVIEW_LOOK_EVERY = Duration.ofMinutes(1);

    /**
     * Sends each recurring pattern found for the first time once on its monitor's channels (see
     * PatternAnnouncer); returns how many were announced. Called every minute when
     * {@code history.announcePatterns} is on.
     */
    int announcePatterns(Instant now) {
        List<MonitorView> views = engine.status(now);
        Insights found = insights(views, deploys.all(), engine.history(), now);
        return announcer.announce(withDeployPatterns(views, found), engine::spec, engine::channel, notifiers, now);
    }

    /** Which member claimed each month's review, so that it is sent once. */
    static final String REVIEWS = "port-monitor-reviews";

    /** Every monitor, in configuration order. */
    public List<MonitorView> status() {
        return engine.status();
    }

    /**
     * Tells {@code listener} of every event the cluster raises (DOWN, RECOVERED, DEGRADED, REMINDER),
     * whichever member owns the monitor, as a status page reads it
     * ({@link dev.portmonitor.status.StatusJson#event}), on a Hazelcast event thread: it must return
     * at once. Delivery is best effort (a member that leaves may take an event with it): a page
     * reads the whole status now and then anyway.
     */
    public void onStatusEvent(java.util.function.Consumer<String> listener) {
        store.member().onBroadcast(STATUS_EVENTS, listener);
    }

    /** The maintenance windows configured now (a status page shows them beside the monitors). */
    public List<dev.portmonitor.config.MaintenanceWindow> maintenanceWindows() {
        return engine.maintenanceWindows();
    }

    /**
     * A monitor's whole record (state, history, outbox) as the store holds it, or null when there is no
     * such monitor: for tests and tools. Pages read {@link #status()} and {@link #chart}, which are
     * computed where the record lives.
     */
    public MonitorRecord record(String monitorId) {
        return engine.spec(monitorId) == null ? null : store.get(monitorId);
    }

    /**
     * A monitor's chart data over the last {@code range} (see HistoryChart), cut where its record
     * lives; null when there is no such monitor.
     */
    public String chart(String monitorId, Instant now, Duration range) {
        return engine.spec(monitorId) == null ? null : status.chart(monitorId, now, range);
    }

    /** Probes a monitor's target once now, with its timeout and slow threshold; nothing is recorded. */
    public ProbeResult checkNow(MonitorSpec monitor) {
        return prober.probe(monitor.target(), monitor.kind(), monitor.probe(), monitor.settings()).join();
    }

    /** The running prober, for one-off verifies that share its event loops. */
    public PortVerifier prober() {
        return prober;
    }

    /** Sends a test message through a channel, with its retries, within {@link #MAX_TEST_WAIT}. */
    public RetryingDelivery.Outcome testChannel(ChannelConfig channel) {
        return sendTest(notifiers, channel, Instant.now());
    }

    /** Sends a test message through a channel of these notifiers, with its retries, within {@link #MAX_TEST_WAIT}. */
    public static RetryingDelivery.Outcome sendTest(Notifiers notifiers, ChannelConfig channel, Instant now) {
        Duration deadline = channel.deliveryDeadline().compareTo(MAX_TEST_WAIT) < 0 ? channel.deliveryDeadline() : MAX_TEST_WAIT;
        return new RetryingDelivery(notifiers.create(channel), deadline).deliver(EventText.test(channel.id(), now));
    }

    /**
     * Stops probing, saves every monitor, then closes the channels, the store and the prober. Each
     * part is stopped even when an earlier one fails; the failures are reported to {@code problems}.
     *
     * @return true when everything stopped and every monitor's state was saved
     */
    public boolean stop(Consumer<String> problems) {
        reviews.shutdownNow();
        configs.close();
        boolean clean = step("stopping the engine", engine::stop, problems);
        clean &= step("saving state", saver::close, problems);
        clean &= step("closing the channels", notifiers::close, problems);
        clean &= step("stopping the cluster member", store.member()::close, problems);
        clean &= step("closing the prober", prober::close, problems);
        if (lock != null) {
            lock.close();
        }
        return clean;
    }

    @Override
    public void close() {
        stop(LOG::warn);
    }

    private static boolean step(String what, Runnable step, Consumer<String> problems) {
        try {
            step.run();
            return true;
        } catch (RuntimeException e) {
            problems.accept(what + " failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return false;
        }
    }
}

package dev.portmonitor.jenkins;

import dev.portmonitor.config.ChannelConfig;
import dev.portmonitor.config.InvalidConfigException;
import dev.portmonitor.config.MonitorSpec;
import dev.portmonitor.config.PortMonitorConfig;
import dev.portmonitor.engine.MonitorService;
import dev.portmonitor.status.MonitorView;
import dev.portmonitor.status.StatusJson;
import dev.portmonitor.notify.RetryingDelivery;
import dev.portmonitor.probe.ProbeResult;
import dev.portmonitor.status.ClusterView;
import dev.portmonitor.cluster.MemberSettings;
import dev.portmonitor.verify.PortVerifier;
import hudson.Extension;
import hudson.XmlFile;
import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.init.Terminator;
import hudson.model.Saveable;
import hudson.model.listeners.SaveableListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;

/**
 * The continuous monitor inside Jenkins: one {@link MonitorService} per controller, started once
 * Jenkins has loaded its configuration (configuration as code included), given every saved change
 * without a restart, and stopped, with its state saved under {@code $JENKINS_HOME/port-monitor},
 * when Jenkins stops. Nothing here can stop Jenkins from starting: a configuration with problems or
 * an engine that fails to start is logged and shown on the status page, and Jenkins goes on.
 */
public final class PortMonitorRuntime {

    private static final Logger LOGGER = Logger.getLogger(PortMonitorRuntime.class.getName());
    /** Configuration as code saves once per setter: wait for the last one before applying. */
    static final Duration APPLY_DELAY = Duration.ofSeconds(1);

    private static final PortMonitorRuntime INSTANCE = new PortMonitorRuntime();

    private final ScheduledExecutorService applier = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "pm-jenkins-apply");
        thread.setDaemon(true);
        return thread;
    });
    private MonitorService service;
    private MemberSettings running;
    private PortVerifier ownVerifier;
    private ScheduledFuture<?> pendingApply;
    private volatile List<String> problems = List.of();
    /** False until Jenkins has loaded its configuration, and again once it stops. */
    private volatile boolean active;

    private PortMonitorRuntime() {
    }

    public static PortMonitorRuntime get() {
        return INSTANCE;
    }

    /** Starts in the background: a slow start (a Hazelcast join, say) never holds up Jenkins. */
    @Initializer(after = InitMilestone.JOB_CONFIG_ADAPTED)
    public static void startWithJenkins() {
        synchronized (INSTANCE) {
            INSTANCE.active = true;
            INSTANCE.problems = List.of();
            INSTANCE.applier.execute(INSTANCE::applyNow);
        }
    }

    @Terminator
    public static void stopWithJenkins() {
        INSTANCE.shutdown();
    }

    /** Applies the saved configuration soon (saves come in bursts). */
    synchronized void applySoon() {
        if (!active) {
            return;
        }
        if (pendingApply != null) {
            pendingApply.cancel(false);
        }
        pendingApply = applier.schedule(this::applyNow, APPLY_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts the engine with the saved configuration, or gives it the configuration if it runs. A
     * change of cluster settings restarts the engine (the Hazelcast member is rebuilt); monitor
     * state survives through the state files.
     */
    synchronized void applyNow() {
        if (!active) {
            return;
        }
        PortMonitorConfiguration configuration = PortMonitorConfiguration.get();
        PortMonitorConfig config;
        try {
            config = PluginLoader.call(configuration::toEngineConfig);
        } catch (InvalidConfigException e) {
            problems = e.problems().stream().map(Object::toString).toList();
            LOGGER.warning(() -> "Port Monitor: the configuration has problems; the monitors keep their last good "
                    + "configuration:\n" + e.getMessage());
            return;
        } catch (Exception e) {
            problems = List.of("the configuration could not be read: " + e);
            LOGGER.log(Level.WARNING, "Port Monitor: the configuration could not be read", e);
            return;
        }
        MemberSettings wanted;
        try {
            wanted = configuration.getCluster().toMemberSettings(PluginLoader.LOADER);
        } catch (IllegalArgumentException e) {
            problems = List.of(e.getMessage());
            LOGGER.warning(() -> "Port Monitor: " + e.getMessage() + "; the monitors keep their last good configuration");
            return;
        }
        try {
            if (service != null && !sameCluster(wanted, running)) {
                LOGGER.info("Port Monitor: cluster settings changed; restarting the engine");
                stopService();
            }
            if (service == null) {
                List<String> startProblems = new ArrayList<>();
                MonitorService.Settings settings = new MonitorService.Settings(wanted, stateDir().toPath(),
                        Duration.ofSeconds(2), Duration.ofMinutes(5), EventLogStream.create(), new SimpleMeterRegistry());
                service = PluginLoader.call(() -> MonitorService.start(config, settings, startProblems::add));
                running = wanted;
                startProblems.forEach(p -> LOGGER.warning("Port Monitor: " + p));
                // Replicas share JENKINS_HOME but do not reload each other's saves: when another member
                // publishes a different configuration, read the saved one again and apply it.
                service.onConfigDifferences(differences -> reloadSaved());
                LOGGER.info(() -> "Port Monitor: watching " + config.monitors().size() + " monitors");
            } else {
                MonitorService current = service;
                PluginLoader.call(() -> {
                    current.apply(config);
                    return null;
                });
                LOGGER.info(() -> "Port Monitor: applied the saved configuration (" + config.monitors().size() + " monitors)");
            }
            problems = List.of();
        } catch (Exception | LinkageError e) {
            problems = List.of("the engine could not start: " + e);
            LOGGER.log(Level.SEVERE, "Port Monitor: the engine could not start; Jenkins goes on without monitoring", e);
        }
    }

    /** Reads the configuration saved in JENKINS_HOME (perhaps by another replica) and applies it. */
    private void reloadSaved() {
        if (!active) {
            return;
        }
        LOGGER.info("Port Monitor: another replica has another configuration; reading the saved one again");
        PortMonitorConfiguration.get().load();
        applySoon();
    }

    private static boolean sameCluster(MemberSettings a, MemberSettings b) {
        return b != null && a.clusterName().equals(b.clusterName()) && a.bindAddress().equals(b.bindAddress())
                && a.port() == b.port() && a.members().equals(b.members())
                && java.util.Objects.equals(a.joinSecret(), b.joinSecret());
    }

    synchronized void shutdown() {
        active = false;
        if (pendingApply != null) {
            pendingApply.cancel(false);
        }
        stopService();
        if (ownVerifier != null) {
            ownVerifier.close();
            ownVerifier = null;
        }
    }

    private void stopService() {
        if (service != null) {
            MonitorService stopping = service;
            service = null;
            running = null;
            boolean clean = false;
            try {
                clean = PluginLoader.call(() -> stopping.stop(p -> LOGGER.warning("Port Monitor: " + p)));
            } catch (Exception e) {
                LOGGER.log(Level.WARNING, "Port Monitor: stopping failed", e);
            }
            if (clean) {
                LOGGER.info("Port Monitor: stopped; state saved in " + stateDir());
            } else {
                LOGGER.warning("Port Monitor: stopped with the problems above; state may not be saved in " + stateDir());
            }
        }
    }

    /** Problems of the saved configuration or of the engine's start; empty when all is well. */
    public List<String> problems() {
        return problems;
    }

    public synchronized boolean isRunning() {
        return service != null;
    }

    public synchronized List<MonitorView> status() {
        return service == null ? List.of() : service.status();
    }

    /**
     * The {@code /status} document the page draws (as {@code port-monitor run} serves it): every
     * monitor, the cluster, the state directory's health, the maintenance windows; without monitors
     * while the engine is not running.
     */
    public synchronized String statusJson(Instant now) {
        if (service == null) {
            return StatusJson.render(List.of(), now);
        }
        return service.statusJson(now);
    }

    /**
     * Marks a deploy, so that an incident that begins soon after names it; nothing while the engine is
     * not running. A failure to save it is logged, never a build's failure.
     */
    public synchronized void markDeploy(dev.portmonitor.history.Deploy deploy) {
        if (service == null) {
            return;
        }
        try {
            service.markDeploy(deploy);
        } catch (java.io.IOException | RuntimeException e) {
            LOGGER.warning("Port Monitor: could not keep the deploy marker " + deploy.label() + ": " + e);
        }
    }

    /** The monthly review of {@code month}, or null while the engine is not running. */
    public synchronized dev.portmonitor.review.MonthlyReview review(java.time.YearMonth month, Instant now) {
        return service == null ? null : service.review(month, now);
    }

    /** Every deploy marker kept, oldest first; none while the engine is not running. */
    public synchronized List<dev.portmonitor.history.Deploy> deployMarkers() {
        return service == null ? List.of() : service.deploys();
    }

    /** Whether a job has been marked as deploying before (it ran verifyPorts): its builds are deploys. */
    public synchronized boolean deploys(String jobName) {
        return service != null && service.deploys().stream().anyMatch(d -> d.name().equals(jobName));
    }

    /** The cluster as the status page shows it, or null when the engine is not running. */
    public synchronized ClusterView cluster() {
        return service == null ? null : service.cluster();
    }

    /** A monitor's chart data (see HistoryChart), cut where its record lives; null without such a monitor. */
    public synchronized String chart(String monitorId, Instant now, Duration range) {
        return service == null ? null : service.chart(monitorId, now, range);
    }

    /** The prober verifyPorts uses on the controller: the engine's when it runs, else one of its own. */
    synchronized PortVerifier verifier() {
        if (service != null) {
            return service.prober();
        }
        if (ownVerifier == null) {
            ownVerifier = PluginLoader.unchecked(PortVerifier::create);
        }
        return ownVerifier;
    }

    ProbeResult checkNow(MonitorSpec monitor) {
        PortVerifier verifier = verifier();
        return verifier.probe(monitor.target(), monitor.kind(), monitor.probe(), monitor.settings()).join();
    }

    RetryingDelivery.Outcome testChannel(ChannelConfig channel) {
        MonitorService current;
        synchronized (this) {
            current = service;
        }
        if (current != null) {
            return PluginLoader.unchecked(() -> current.testChannel(channel));
        }
        return PluginLoader.unchecked(() -> {
            try (dev.portmonitor.notify.Notifiers notifiers = new dev.portmonitor.notify.Notifiers(EventLogStream.create())) {
                notifiers.useClassLoader(PluginLoader.LOADER);
                return MonitorService.sendTest(notifiers, channel, java.time.Instant.now());
            }
        });
    }

    static File stateDir() {
        return new File(Jenkins.get().getRootDir(), "port-monitor");
    }

    /** Every save of the Port Monitor configuration (form, configuration as code, script) reaches the engine. */
    @Extension
    public static final class ConfigurationSaved extends SaveableListener {
        @Override
        public void onChange(Saveable o, XmlFile file) {
            if (o instanceof PortMonitorConfiguration) {
                INSTANCE.applySoon();
            }
        }
    }
}

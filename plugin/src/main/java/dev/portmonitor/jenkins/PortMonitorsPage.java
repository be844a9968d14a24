package dev.portmonitor.jenkins;

import dev.portmonitor.status.ClusterView;
import dev.portmonitor.status.MonitorView;
import dev.portmonitor.format.Durations;
import dev.portmonitor.history.Incident;
import dev.portmonitor.monitor.CheckResult;
import hudson.Extension;
import hudson.model.RootAction;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerProxy;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * The status page, {@code /port-monitors}: every monitor's state, since when, last latency,
 * availability over 24 hours and 7 days, recent incidents and a history chart. Administrators
 * always; users with Overall/Read only when the configuration allows it. Manage Jenkins links here
 * through {@link PortMonitorsLink}.
 */
@Extension
public final class PortMonitorsPage implements RootAction, StaplerProxy {

    static final String URL = "port-monitors";
    static final String ICON = "symbol-pulse-outline plugin-ionicons-api";

    static boolean visible() {
        Jenkins jenkins = Jenkins.get();
        return jenkins.hasPermission(Jenkins.ADMINISTER)
                || PortMonitorConfiguration.get().isStatusVisibleToReaders() && jenkins.hasPermission(Jenkins.READ);
    }

    @Override
    public String getIconFileName() {
        return visible() ? ICON : null;
    }

    @Override
    public String getDisplayName() {
        return "Port Monitors";
    }

    @Override
    public String getUrlName() {
        return URL;
    }

    /** Every view and endpoint of the page goes through here. */
    @Override
    public Object getTarget() {
        if (!visible()) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        }
        return this;
    }

    public boolean isRunning() {
        return PortMonitorRuntime.get().isRunning();
    }

    public List<String> getProblems() {
        return PortMonitorRuntime.get().problems();
    }

    public List<Row> getMonitors() {
        Instant now = Instant.now();
        ClusterView cluster = PortMonitorRuntime.get().cluster();
        return PortMonitorRuntime.get().status().stream()
                .map(view -> new Row(view, now, cluster == null ? null : cluster.probers().get(view.id()))).toList();
    }

    /** The cluster's members and configuration differences, or null when the engine is not running. */
    public ClusterView getCluster() {
        return PortMonitorRuntime.get().cluster();
    }

    /** {@code history?id=orders-db&range=24h}: the chart's data as JSON (see HistoryChart). */
    public void doHistory(StaplerResponse2 rsp, @QueryParameter String id, @QueryParameter String range) throws IOException {
        Duration window = "7d".equals(range) ? Duration.ofDays(7) : Duration.ofHours(24);
        String chart = id == null ? null : PortMonitorRuntime.get().chart(id, Instant.now(), window);
        if (chart == null) {
            rsp.sendError(404, "no monitor \"" + id + "\"");
            return;
        }
        rsp.setContentType("application/json;charset=UTF-8");
        rsp.getWriter().write(chart);
    }

    /** One monitor as the page shows it. */
    public static final class Row {

        private final MonitorView view;
        private final Instant now;
        private final String prober;

        Row(MonitorView view, Instant now, String prober) {
            this.view = view;
            this.now = now;
            this.prober = prober;
        }

        /** The member (controller replica) that probes this monitor. */
        public String getProber() {
            return prober == null ? "" : prober;
        }

        public String getId() {
            return view.id();
        }

        public String getName() {
            return view.name();
        }

        public String getTarget() {
            return view.target();
        }

        public String getTier() {
            return view.tier() == null ? "" : view.tier();
        }

        public String getStatus() {
            return view.enabled() ? view.status().name() : "DISABLED";
        }

        /** A CSS modifier for the status badge. */
        public String getStatusClass() {
            return "pm-status--" + getStatus().toLowerCase(Locale.ROOT);
        }

        public String getSince() {
            return view.since() == null ? "" : view.since().toString();
        }

        public String getSinceAgo() {
            return view.since() == null ? "" : Durations.formatRounded(Duration.between(view.since(), now)) + " ago";
        }

        public String getLastCheck() {
            CheckResult last = view.last();
            if (last == null) {
                return "not checked yet";
            }
            return last.latencyMicros() >= 0 ? Durations.formatLatency(last.latencyMicros())
                    : last.outcome().word() + (last.reason() == null ? "" : ": " + last.reason());
        }

        public String getAvailability24h() {
            return percent(view.availability().get("24h"));
        }

        public String getAvailability7d() {
            return percent(view.availability().get("7d"));
        }

        public List<String> getIncidents() {
            return view.incidents().stream().limit(5).map(this::describe).toList();
        }

        private String describe(Incident incident) {
            String cause = incident.cause() == null ? "" : " (" + incident.cause() + ")";
            return incident.open()
                    ? "down since " + incident.start() + ", " + Durations.formatRounded(incident.duration(now)) + cause
                    : incident.start() + ": down " + Durations.formatRounded(incident.duration(now)) + cause;
        }

        private static String percent(Double share) {
            return share == null ? "no checks" : String.format(Locale.ROOT, "%.3f%%", share * 100);
        }
    }
}

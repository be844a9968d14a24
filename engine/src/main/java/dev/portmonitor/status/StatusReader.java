package dev.portmonitor.status;

import dev.portmonitor.cluster.ClusterMember;
import dev.portmonitor.config.MonitorSpec;
import dev.portmonitor.history.BucketSeries;
import dev.portmonitor.history.History;
import dev.portmonitor.monitor.MonitorState;
import dev.portmonitor.monitor.MonitorStatus;
import dev.portmonitor.store.MonitorStore;
import dev.portmonitor.store.MonitorSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What status pages read, the CLI's {@code /status} and the Jenkins page alike: each monitor's view,
 * its chart, the cluster. Everything is computed on the member that owns each record; no whole
 * history is copied.
 */
public final class StatusReader {

    private final MonitorStore store;

    public StatusReader(MonitorStore store) {
        this.store = store;
    }

    /**
     * The views of these monitors, in this order.
     *
     * @param maintenance the id of the maintenance window a monitor is in now, or null
     */
    public List<MonitorView> views(List<MonitorSpec> specs, Instant now, Function<MonitorSpec, String> maintenance) {
        return views(specs, now, maintenance, java.time.ZoneId.systemDefault());
    }

    /** The same, with recurring patterns found in this time zone. */
    public List<MonitorView> views(List<MonitorSpec> specs, Instant now, Function<MonitorSpec, String> maintenance,
                                   java.time.ZoneId zone) {
        List<String> ids = specs.stream().map(MonitorSpec::id).toList();
        Map<String, MonitorSummary> summaries = store.summaries(new HashSet<>(ids), now, zone);
        List<MonitorView> views = new ArrayList<>(specs.size());
        for (MonitorSpec spec : specs) {
            views.add(view(spec, summaries.get(spec.id()), maintenance.apply(spec)));
        }
        return views;
    }

    static MonitorView view(MonitorSpec spec, MonitorSummary summary, String maintenance) {
        if (summary == null) {
            Map<String, Double> none = new LinkedHashMap<>();
            History.AVAILABILITY_WINDOWS.keySet().forEach(window -> none.put(window, null));
            return new MonitorView(spec.id(), spec.label(), spec.target().hostPort(), spec.tier(), spec.enabled(),
                    MonitorStatus.UNKNOWN, null, null, 0, 0, none, List.of(), List.of(), spec.kind().name(), spec.tags(),
                    maintenance, null, List.of());
        }
        MonitorState state = summary.state();
        boolean checked = state.checks() > 0;
        return new MonitorView(spec.id(), spec.label(), spec.target().hostPort(), spec.tier(), spec.enabled(),
                state.status(), checked ? state.since() : null, state.last(), state.consecutiveFailures(), state.checks(),
                summary.availability(), summary.incidents(), summary.deliveries(), spec.kind().name(), spec.tags(),
                maintenance, summary.sparkline(),
                summary.patterns().stream().map(finding -> finding.naming(spec.label() + " (" + spec.target().hostPort() + ")"))
                        .toList());
    }

    /**
     * A monitor's chart data over the last {@code range} (see {@link HistoryChart}); without a record
     * yet (a monitor not checked so far), a chart without points.
     */
    public String chart(String monitorId, Instant now, Duration range) {
        BucketSeries.Slice slice = store.series(monitorId, now, range);
        return HistoryChart.render(slice != null ? slice
                : new BucketSeries.Slice(range.compareTo(Duration.ofHours(48)) <= 0 ? 60 : 3600, List.of()), range);
    }

    /** The cluster: members, the prober of each of these monitors, configuration differences. */
    public ClusterView cluster(List<String> monitorIds, List<String> configDifferences) {
        ClusterMember member = store.member();
        Map<String, String> probers = new LinkedHashMap<>();
        for (String id : monitorIds) {
            probers.put(id, member.ownerOf(id));
        }
        return new ClusterView(member.clusterName(), member.localAddress(), member.members(), probers, configDifferences);
    }
}

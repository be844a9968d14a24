package dev.portmonitor.engine;

import dev.portmonitor.config.MaintenanceWindow;
import dev.portmonitor.config.MonitorSpec;
import dev.portmonitor.config.PortMonitorConfig;
import dev.portmonitor.history.Deploy;
import dev.portmonitor.history.DeployCorrelation;
import dev.portmonitor.history.History;
import dev.portmonitor.history.PatternFinder;
import dev.portmonitor.history.TogetherFinder;
import dev.portmonitor.review.MonthFigures;
import dev.portmonitor.review.MonthlyReview;
import dev.portmonitor.store.MonitorRecord;
import dev.portmonitor.store.StateFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Monthly reviews made from a state directory ({@code port-monitor report}), changing nothing in it. */
public final class Reviews {

    private Reviews() {
    }

    /**
     * The review of {@code month} over the monitors saved in {@code stateDir}: those of {@code config}
     * in its order (named, with its maintenance windows and deploy window), or every file when
     * {@code config} is null (then by id, without maintenance hours).
     *
     * @param problems told of each file that could not be read (that monitor is left out)
     */
    public static MonthlyReview fromStateDirectory(Path stateDir, PortMonitorConfig config, YearMonth month, ZoneId zone,
                                                   Instant now, Consumer<String> problems) throws IOException {
        StateFiles files = new StateFiles(stateDir);
        List<String> ids = config == null ? files.ids() : config.monitors().stream().map(MonitorSpec::id).toList();
        StateFiles.Loaded loaded = files.read(ids);
        loaded.problems().forEach(problems);
        List<Deploy> deploys = DeployLog.read(stateDir, problems);
        Duration deployWindow = config == null ? dev.portmonitor.config.HistorySettings.DEPLOY_WINDOW
                : config.history().deployWindow();
        Instant end = end(month, zone);
        List<MonthFigures> figures = new ArrayList<>();
        Map<String, List<Instant>> starts = new LinkedHashMap<>();
        for (String id : ids) {
            MonitorRecord record = loaded.records().get(id);
            if (record == null) {
                continue;
            }
            MonitorSpec spec = config == null ? null : config.monitor(id).orElse(null);
            String name = spec == null ? id : spec.label();
            String target = spec == null ? target(record.history()) : spec.target().hostPort();
            Predicate<Instant> maintenance = spec == null ? at -> false : at -> covered(config.maintenance(), spec, at);
            figures.add(MonthFigures.of(id, name, target, record.history(), month, zone, maintenance));
            starts.put(id, record.history().incidentStartsSince(end.minus(DeployCorrelation.PERIOD)));
        }
        return assemble(month, zone, now, figures, starts, deploys, deployWindow);
    }

    /** The last second of the month. */
    static Instant end(YearMonth month, ZoneId zone) {
        return month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant().minusSeconds(1);
    }

    /**
     * The review from each monitor's figures and incident starts: the deploys its incidents follow
     * are added to its patterns, and the monitors that failed together are found across them.
     */
    static MonthlyReview assemble(YearMonth month, ZoneId zone, Instant now, List<MonthFigures> figures,
                                  Map<String, List<Instant>> starts, List<Deploy> deploys, Duration deployWindow) {
        Instant end = end(month, zone);
        List<MonthFigures> withDeploys = new ArrayList<>(figures.size());
        Map<String, String> labels = new LinkedHashMap<>();
        for (MonthFigures m : figures) {
            String label = m.name() + " (" + m.target() + ")";
            labels.put(m.id(), label);
            List<PatternFinder.Finding> afterDeploys = DeployCorrelation.find(label, m.target(),
                    starts.getOrDefault(m.id(), List.of()), deploys, deployWindow, zone, end).map(List::of).orElse(List.of());
            withDeploys.add(afterDeploys.isEmpty() ? m : m.withMore(afterDeploys));
        }
        return new MonthlyReview(month, zone, now, withDeploys, TogetherFinder.find(starts, labels, zone, end));
    }

    /** The starts of the hours of the month whose middle a maintenance window of this monitor covers. */
    static long[] maintenanceHours(List<MaintenanceWindow> windows, MonitorSpec spec, YearMonth month, ZoneId zone) {
        if (windows.stream().noneMatch(w -> w.selects(spec))) {
            return new long[0];
        }
        List<Long> hours = new ArrayList<>();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        // the hour buckets' own starts (whole UTC hours), also in zones half an hour off UTC
        long first = Math.floorDiv(month.atDay(1).atStartOfDay(zone).toEpochSecond(), 3600) * 3600;
        for (Instant hour = Instant.ofEpochSecond(first); hour.isBefore(to); hour = hour.plusSeconds(3600)) {
            if (covered(windows, spec, hour.plusSeconds(1800))) {
                hours.add(hour.getEpochSecond());
            }
        }
        return hours.stream().mapToLong(Long::longValue).toArray();
    }

    private static boolean covered(List<MaintenanceWindow> windows, MonitorSpec spec, Instant at) {
        for (MaintenanceWindow window : windows) {
            if (window.covers(spec, at)) {
                return true;
            }
        }
        return false;
    }

    /** Without a configuration, the address the last check reached stands for the target. */
    private static String target(History history) {
        var recent = history.recent();
        String address = recent.isEmpty() ? null : recent.get(recent.size() - 1).address();
        return address == null ? "?" : address;
    }
}

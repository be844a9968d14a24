package dev.portmonitor.jenkins;

import dev.portmonitor.status.Dashboard;
import dev.portmonitor.status.HistoryChart;
import dev.portmonitor.review.MonthlyReview;
import dev.portmonitor.review.ReviewFormat;
import hudson.Extension;
import hudson.model.RootAction;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerProxy;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.verb.GET;

/**
 * The status page, {@code /port-monitors}: the same page {@code port-monitor run} serves (the
 * engine's {@link Dashboard} files, drawn from the same {@code /status} document), inside Jenkins's
 * layout; it polls the status every 5 s. Administrators always; users with Overall/Read only when the
 * configuration allows it. Manage Jenkins links here through {@link PortMonitorsLink}.
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

    /** {@code status}: the {@code /status} document of {@code port-monitor run}, which the page draws. */
    @GET
    public void doStatus(StaplerResponse2 rsp) throws IOException {
        rsp.setContentType("application/json;charset=UTF-8");
        rsp.setHeader("Cache-Control", "no-store");
        rsp.getWriter().write(PortMonitorRuntime.get().statusJson(Instant.now()));
    }

    /** {@code dashboardScript}: the page's script, the same file {@code port-monitor run} serves. */
    @GET
    public void doDashboardScript(StaplerResponse2 rsp) throws IOException {
        asset(rsp, "dashboard.js", "text/javascript;charset=UTF-8");
    }

    /** {@code dashboardStyle}: the page's style sheet, the same file {@code port-monitor run} serves. */
    @GET
    public void doDashboardStyle(StaplerResponse2 rsp) throws IOException {
        asset(rsp, "dashboard.css", "text/css;charset=UTF-8");
    }

    private static void asset(StaplerResponse2 rsp, String name, String type) throws IOException {
        byte[] bytes = Dashboard.asset(name);
        rsp.setContentType(type);
        rsp.setHeader("Cache-Control", "no-cache");
        rsp.setContentLength(bytes.length);
        rsp.getOutputStream().write(bytes);
    }

    /**
     * {@code review?month=2026-11&format=html}: the monthly review (the month before this one unless
     * told), as self-contained HTML (no script), Markdown ({@code md}) or JSON, what the review
     * channels get.
     */
    @GET
    public void doReview(StaplerResponse2 rsp, @QueryParameter String month, @QueryParameter String format) throws IOException {
        java.time.YearMonth which;
        try {
            which = month == null || month.isBlank() ? java.time.YearMonth.now().minusMonths(1) : java.time.YearMonth.parse(month);
        } catch (java.time.format.DateTimeParseException e) {
            rsp.sendError(400, "month: \"" + month + "\" is not a month like 2026-11");
            return;
        }
        String kind = format == null || format.isBlank() ? "html" : format;
        if (!ReviewFormat.FORMATS.contains(kind)) {
            rsp.sendError(400, "format: \"" + kind + "\" is not one of " + ReviewFormat.FORMATS);
            return;
        }
        MonthlyReview review = PortMonitorRuntime.get().review(which, Instant.now());
        if (review == null) {
            rsp.sendError(503, "the monitor is not running");
            return;
        }
        rsp.setContentType(switch (kind) {
            case "html" -> "text/html;charset=UTF-8";
            case "json" -> "application/json;charset=UTF-8";
            default -> "text/plain;charset=UTF-8";
        });
        rsp.setHeader("Cache-Control", "no-store");
        rsp.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
        rsp.getWriter().write(ReviewFormat.render(review, kind));
    }

    /** The months a review link is offered for: the last three. */
    public List<String> getReviewMonths() {
        java.time.YearMonth now = java.time.YearMonth.now();
        return List.of(now.minusMonths(1).toString(), now.minusMonths(2).toString(), now.minusMonths(3).toString());
    }

    /** {@code history?id=orders-db&range=24h}: the chart's data as JSON (see HistoryChart); 24h, 30d... up to 90d. */
    @GET
    public void doHistory(StaplerResponse2 rsp, @QueryParameter String id, @QueryParameter String range) throws IOException {
        Duration window;
        try {
            window = range == null || range.isBlank() ? Duration.ofHours(24) : HistoryChart.range(range);
        } catch (IllegalArgumentException e) {
            rsp.sendError(400, e.getMessage());
            return;
        }
        String chart = id == null ? null : PortMonitorRuntime.get().chart(id, Instant.now(), window);
        if (chart == null) {
            rsp.sendError(404, "no monitor \"" + id + "\"");
            return;
        }
        rsp.setContentType("application/json;charset=UTF-8");
        rsp.getWriter().write(chart);
    }
}

package dev.portmonitor.jenkins;

import hudson.model.Run;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.RunAction2;

/**
 * One {@code verifyPorts} call's results on the build page (its {@code summary.jelly}). Kept with the
 * build: plain strings, numbers and booleans only.
 */
public final class VerifyPortsAction implements RunAction2 {

    private final List<Map<String, Object>> results;
    private final String from;
    private final long at;
    private transient Run<?, ?> run;

    VerifyPortsAction(List<Map<String, Object>> results, String from, Instant at) {
        this.results = new ArrayList<>();
        results.forEach(r -> this.results.add(new LinkedHashMap<>(r)));
        this.from = from;
        this.at = at.toEpochMilli();
    }

    public List<Map<String, Object>> getResults() {
        return results;
    }

    /** "the controller" or "the agent". */
    public String getFrom() {
        return from;
    }

    public String getAt() {
        return Instant.ofEpochMilli(at).toString();
    }

    public long getOpen() {
        return results.stream().filter(r -> "OPEN".equals(r.get("outcome"))).count();
    }

    public boolean isAllOpen() {
        return getOpen() == results.size();
    }

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    // No page of its own: the summary on the build page is the whole view.
    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return "Port checks";
    }

    @Override
    public String getUrlName() {
        return null;
    }
}

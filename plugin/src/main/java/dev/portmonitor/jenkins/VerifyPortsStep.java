package dev.portmonitor.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code verifyPorts}: checks host:port targets in parallel after a deploy, prints a table, fails the
 * build when a critical port is not open, marks it unstable when only optional ones are, and returns
 * one map per target. The work is {@link dev.portmonitor.step.PortCheck}'s; this class binds the
 * Pipeline arguments.
 *
 * <pre>
 * def ports = verifyPorts targets: ['db.internal:5432', [host: 'cache.internal', port: 6379, critical: false]],
 *                         timeout: '3s'
 * verifyPorts tags: ['after-reboot']
 * node('deploy') { verifyPorts targets: ['db.internal:5432'], onAgent: true }
 * </pre>
 */
public final class VerifyPortsStep extends Step {

    static final String DEFAULT_TIMEOUT = "3s";

    private List<String> targets = new ArrayList<>();
    private List<PortTarget> endpoints = new ArrayList<>();
    private List<String> monitors = new ArrayList<>();
    private List<String> tags = new ArrayList<>();
    private String timeout = DEFAULT_TIMEOUT;
    private String slowThreshold;
    private boolean failOnError = true;
    private boolean onAgent;
    /** {@code targets} as written when it mixes strings and maps (see DescriptorImpl#newInstance). */
    private List<Object> entries;

    @DataBoundConstructor
    public VerifyPortsStep() {
    }

    public List<String> getTargets() {
        return targets;
    }

    /** {@code host:port} strings; every one is critical. Maps in this list become {@link #getEndpoints()}. */
    @DataBoundSetter
    public void setTargets(List<String> targets) {
        this.targets = targets == null ? new ArrayList<>() : new ArrayList<>(targets);
    }

    public List<PortTarget> getEndpoints() {
        return endpoints;
    }

    /** Targets with a name and a critical flag: {@code [host: 'db', port: 5432, name: 'orders-db', critical: true]}. */
    @DataBoundSetter
    public void setEndpoints(List<PortTarget> endpoints) {
        this.endpoints = endpoints == null ? new ArrayList<>() : new ArrayList<>(endpoints);
    }

    public List<String> getMonitors() {
        return monitors;
    }

    /** Ids of monitors configured in Manage Jenkins, checked now. */
    @DataBoundSetter
    public void setMonitors(List<String> monitors) {
        this.monitors = monitors == null ? new ArrayList<>() : new ArrayList<>(monitors);
    }

    public List<String> getTags() {
        return tags;
    }

    /** Tags of monitors configured in Manage Jenkins; every monitor with one of them is checked now. */
    @DataBoundSetter
    public void setTags(List<String> tags) {
        this.tags = tags == null ? new ArrayList<>() : new ArrayList<>(tags);
    }

    public String getTimeout() {
        return timeout;
    }

    /** The connect timeout of each probe, like {@code 3s} or {@code 500ms}. */
    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = timeout == null || timeout.isBlank() ? DEFAULT_TIMEOUT : timeout.strip();
    }

    public String getSlowThreshold() {
        return slowThreshold;
    }

    /** An open port slower than this to accept counts as SLOW (a failure for a critical target). */
    @DataBoundSetter
    public void setSlowThreshold(String slowThreshold) {
        this.slowThreshold = slowThreshold == null || slowThreshold.isBlank() ? null : slowThreshold.strip();
    }

    public boolean isFailOnError() {
        return failOnError;
    }

    /** With {@code false} the step neither fails nor marks the build; the script reads the results. */
    @DataBoundSetter
    public void setFailOnError(boolean failOnError) {
        this.failOnError = failOnError;
    }

    public boolean isOnAgent() {
        return onAgent;
    }

    /** Probe from the agent of the enclosing {@code node} block rather than from the controller. */
    @DataBoundSetter
    public void setOnAgent(boolean onAgent) {
        this.onAgent = onAgent;
    }

    /**
     * Every target in the order written: the {@code targets} list (strings, and maps when mixed in),
     * then {@code endpoints}, as maps.
     */
    List<Object> entries() {
        List<Object> all = new ArrayList<>(entries != null ? entries : targets);
        endpoints.forEach(endpoint -> all.add(endpoint.toMap()));
        return all;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new VerifyPortsExecution(this, context);
    }

    @Extension
    @Symbol("verifyPorts")
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public String getFunctionName() {
            return "verifyPorts";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Verify that ports are open and their services answer";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        /**
         * Lets one {@code targets:} list mix strings and maps, as people write it:
         * {@code targets: ['db:5432', [host: 'cache', port: 6379, critical: false]]}. Such a list is
         * kept as written and checked by the engine, so that every bad entry is reported at once
         * with its index; everything else binds as usual. (StepDescriptor#newInstance is deprecated in
         * favour of structs' CustomDescribableModel, which can only rewrite the arguments before they
         * bind; workflow-cps still calls an override of newInstance, and nothing else keeps the list
         * as written without exposing a second parameter.)
         */
        @Override
        public Step newInstance(Map<String, Object> arguments) throws Exception {
            Object given = arguments.get("targets");
            if (given instanceof List<?> list && list.stream().anyMatch(item -> !(item instanceof String))) {
                Map<String, Object> rest = new LinkedHashMap<>(arguments);
                rest.remove("targets");
                VerifyPortsStep step = (VerifyPortsStep) super.newInstance(rest);
                step.entries = new ArrayList<>(list);
                return step;
            }
            return super.newInstance(arguments);
        }

        // Syntax checks only: nothing is resolved or connected, so there is nothing to guard beyond POST.
        @POST
        public FormValidation doCheckTimeout(@QueryParameter String value) {
            return Forms.duration(value, "timeout", false);
        }

        @POST
        public FormValidation doCheckSlowThreshold(@QueryParameter String value) {
            return Forms.duration(value, "slowThreshold", true);
        }
    }
}

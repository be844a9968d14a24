package dev.portmonitor.jenkins;

import dev.portmonitor.step.PortCheck;
import dev.portmonitor.target.InvalidTargetException;
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
import org.jenkinsci.plugins.structs.describable.CustomDescribableModel;
import org.jenkinsci.plugins.structs.describable.UninstantiatedDescribable;
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

    @DataBoundConstructor
    public VerifyPortsStep() {
    }

    public List<String> getTargets() {
        return targets;
    }

    /**
     * {@code host:port} strings; every one is critical. A script may mix maps into this list; they
     * bind as {@link #getEndpoints()} in the order written (see {@link DescriptorImpl#customInstantiate}).
     */
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

    /** Every target in the order written: the {@code targets} strings, then {@code endpoints}, as maps. */
    List<Object> entries() {
        List<Object> all = new ArrayList<>(targets);
        endpoints.forEach(endpoint -> all.add(endpoint.toMap()));
        return all;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new VerifyPortsExecution(this, context);
    }

    @Extension
    @Symbol("verifyPorts")
    public static final class DescriptorImpl extends StepDescriptor implements CustomDescribableModel {

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
         * {@code targets: ['db:5432', [host: 'cache', port: 6379, critical: false]]}. The engine checks
         * the whole list first, so that every bad entry is refused at once with its index (structs
         * would only warn about a map's unknown key and drop it); then the strings before the first map
         * stay {@code targets} and the rest binds as {@code endpoints}, which the step checks after
         * them: the order written is the order checked and returned. Scripted and Declarative Pipelines
         * (workflow-cps's DSL) and the Snippet Generator's parse all instantiate through here.
         */
        @NonNull
        @Override
        public Map<String, Object> customInstantiate(@NonNull Map<String, Object> arguments) {
            if (!(arguments.get("targets") instanceof List<?> written)
                    || written.stream().allMatch(item -> item instanceof CharSequence)
                    || arguments.containsKey("endpoints") && !(arguments.get("endpoints") instanceof List)) {
                return arguments; // nothing to do, or an endpoints: that is not a list, which structs refuses by name
            }
            PortCheck.Written split;
            try {
                split = PortCheck.split(written.stream().map(DescriptorImpl::plain).toList());
            } catch (InvalidTargetException e) {
                throw new IllegalArgumentException("verifyPorts: " + e.getMessage(), e);
            }
            Map<String, Object> bound = new LinkedHashMap<>(arguments);
            bound.put("targets", split.strings());
            List<Object> endpoints = new ArrayList<>(split.maps());
            if (arguments.get("endpoints") instanceof List<?> given) {
                endpoints.addAll(given);
            }
            bound.put("endpoints", endpoints);
            return bound;
        }

        /**
         * Writes the step back as people write it (the Snippet Generator's output): one
         * {@code targets:} list, the strings then each endpoint as a map, which
         * {@link #customInstantiate} binds to the same step.
         */
        @NonNull
        @Override
        public UninstantiatedDescribable customUninstantiate(@NonNull UninstantiatedDescribable step) {
            if (!(step.getArguments().get("endpoints") instanceof List<?> endpoints) || endpoints.isEmpty()) {
                return step;
            }
            List<Object> written = new ArrayList<>();
            if (step.getArguments().get("targets") instanceof List<?> strings) {
                written.addAll(strings);
            }
            endpoints.forEach(endpoint -> written.add(asWritten(endpoint)));
            Map<String, Object> arguments = new LinkedHashMap<>();
            arguments.put("targets", written);
            step.getArguments().forEach((key, value) -> {
                if (!key.equals("targets") && !key.equals("endpoints")) {
                    arguments.put(key, value);
                }
            });
            return step.withArguments(arguments);
        }

        private static final List<String> LEADING = List.of("host", "port", "name", "check");

        /** An endpoint as a script writes it: host, port (left out when it is the kind's default), name, check, the options, critical. */
        private static Map<Object, Object> asWritten(Object endpoint) {
            Object given = plain(endpoint);
            Map<?, ?> fields = given instanceof Map<?, ?> map ? map : Map.of();
            Map<Object, Object> written = new LinkedHashMap<>();
            LEADING.forEach(key -> {
                Object value = fields.get(key);
                if (value != null && !(key.equals("port") && value instanceof Number port && port.intValue() == 0)) {
                    written.put(key, value);
                }
            });
            fields.forEach((key, value) -> {
                if (!LEADING.contains(key)) {
                    written.put(key, value); // the options, then critical (false: true is the default and left out)
                }
            });
            Object critical = written.remove("critical");
            if (critical != null) {
                written.put("critical", critical);
            }
            return written;
        }

        /** A nested describable as the map it was written as; anything else as it is. */
        private static Object plain(Object entry) {
            return entry instanceof UninstantiatedDescribable ud ? ud.getArguments() : entry;
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

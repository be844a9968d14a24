package dev.portmonitor.jenkins;

import dev.portmonitor.config.InvalidConfigException;
import dev.portmonitor.config.PortMonitorConfig;
import dev.portmonitor.format.Durations;
import dev.portmonitor.probe.ConnectPolicy;
import dev.portmonitor.step.PortCheck;
import dev.portmonitor.target.InvalidTargetException;
import dev.portmonitor.verify.Check;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.AbortException;
import hudson.Launcher;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/** Runs {@code verifyPorts} off the CPS thread: probes on the controller, or on the agent of the enclosing node. */
final class VerifyPortsExecution extends SynchronousNonBlockingStepExecution<List<Map<String, Object>>> {

    private static final long serialVersionUID = 1L;

    @SuppressFBWarnings(value = "SE_TRANSIENT_FIELD_NOT_RESTORED",
            justification = "the step is needed only while it runs; after a controller restart the execution fails, "
                    + "as every SynchronousNonBlockingStepExecution does")
    private final transient VerifyPortsStep step;

    VerifyPortsExecution(VerifyPortsStep step, StepContext context) {
        super(context);
        this.step = step;
    }

    @Override
    protected List<Map<String, Object>> run() throws Exception {
        TaskListener listener = getContext().get(TaskListener.class);
        Run<?, ?> run = getContext().get(Run.class);
        PrintStream log = listener.getLogger();
        PortMonitorConfiguration global = PortMonitorConfiguration.get();

        Duration timeout = duration(step.getTimeout(), "timeout");
        Duration slow = step.getSlowThreshold() == null ? null : duration(step.getSlowThreshold(), "slowThreshold");
        ConnectPolicy policy;
        try {
            policy = global.getRestrictions().policy();
        } catch (IllegalArgumentException e) {
            throw new AbortException("verifyPorts: the administrator's connection restrictions are not valid ("
                    + e.getMessage() + "); fix them in Manage Jenkins > System > Port Monitor");
        }

        List<Check> targets;
        try {
            targets = PortCheck.checks(new PortCheck.Request(step.entries(), step.getMonitors(), step.getTags()),
                    configuredMonitors(global));
        } catch (InvalidTargetException e) {
            throw new AbortException("verifyPorts: " + e.getMessage());
        }

        ProbeRequest request = new ProbeRequest(targets, timeout, slow, global.getRestrictions());
        PortCheck.Result result;
        String where;
        if (step.isOnAgent()) {
            Launcher launcher = getContext().get(Launcher.class);
            VirtualChannel channel = launcher == null ? null : launcher.getChannel();
            if (channel == null) {
                throw new AbortException("verifyPorts: onAgent: true probes from the agent of an enclosing node block,"
                        + " and there is none here (or the agent is offline)");
            }
            where = "the agent";
            log.println("verifyPorts: checking " + targets.size() + plural(targets.size(), " target") + " from " + where
                    + " (timeout " + Durations.format(timeout) + ")");
            result = AgentCheck.read(channel.call(new AgentCheck(request)));
        } else {
            where = "the controller";
            log.println("verifyPorts: checking " + targets.size() + plural(targets.size(), " target") + " from " + where
                    + " (timeout " + Durations.format(timeout) + ")");
            result = PortCheck.run(PortMonitorRuntime.get().verifier(), targets, request.options(policy));
        }
        log.println(result.table());
        run.addAction(new VerifyPortsAction(result.results(), where, Instant.now()));
        // A deploy marker (the same build once, however often it calls the step): incidents that begin
        // soon after name this build.
        PortMonitorRuntime.get().markDeploy(DeployMarkers.of(run, targets.stream().map(c -> c.target().hostPort()).toList()));

        if (result.failure() != null) {
            if (step.isFailOnError()) {
                throw new AbortException("verifyPorts: " + result.failure());
            }
            log.println("verifyPorts: " + result.failure() + " (failOnError is false: the build goes on)");
        } else if (result.unstable()) {
            if (step.isFailOnError()) {
                log.println("WARNING: verifyPorts: " + result.warning());
                FlowNode node = getContext().get(FlowNode.class);
                if (node != null) {
                    node.addOrReplaceAction(new WarningAction(Result.UNSTABLE).withMessage(result.warning()));
                }
                run.setResult(Result.UNSTABLE);
            } else {
                log.println("verifyPorts: " + result.warning() + " (failOnError is false: the build result is unchanged)");
            }
        }
        return result.results();
    }

    /** The configured monitors, read only when the step names some by id or tag. */
    private PortMonitorConfig configuredMonitors(PortMonitorConfiguration global) throws AbortException {
        if (step.getMonitors().isEmpty() && step.getTags().isEmpty()) {
            return null;
        }
        try {
            return global.toEngineConfig();
        } catch (InvalidConfigException e) {
            throw new AbortException("verifyPorts: monitors and tags come from the Port Monitor configuration, which has "
                    + "problems; fix them in Manage Jenkins > System > Port Monitor:\n" + e.getMessage());
        }
    }

    private static Duration duration(String text, String field) throws AbortException {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new AbortException("verifyPorts: " + field + ": " + e.getMessage());
        }
    }

    private static String plural(int count, String word) {
        return count == 1 ? word : word + "s";
    }
}

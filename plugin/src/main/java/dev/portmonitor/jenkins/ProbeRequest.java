package dev.portmonitor.jenkins;

import dev.portmonitor.probe.ConnectPolicy;
import dev.portmonitor.probe.ProbeOptions;
import dev.portmonitor.step.PortCheck;
import dev.portmonitor.verify.Check;
import dev.portmonitor.verify.VerifyOptions;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code verifyPorts} probes, in a form that travels to an agent: targets as plain maps, times
 * in milliseconds, and the administrator's restrictions as text (the agent applies them to the
 * addresses it resolves).
 */
final class ProbeRequest implements Serializable {

    private static final long serialVersionUID = 1L;

    private final ArrayList<Map<String, Object>> targets = new ArrayList<>();
    private final long timeoutMillis;
    private final Long slowMillis;
    private final String allowedHosts;
    private final String allowedNetworks;
    private final String allowedPorts;

    ProbeRequest(List<Check> checks, Duration timeout, Duration slowThreshold, StepRestrictions restrictions) {
        for (Check check : checks) {
            this.targets.add(new LinkedHashMap<>(PortCheck.asMap(check)));
        }
        this.timeoutMillis = timeout.toMillis();
        this.slowMillis = slowThreshold == null ? null : slowThreshold.toMillis();
        this.allowedHosts = restrictions.getAllowedHosts();
        this.allowedNetworks = restrictions.getAllowedNetworks();
        this.allowedPorts = restrictions.getAllowedPorts();
    }

    List<Map<String, Object>> targets() {
        return targets;
    }

    ConnectPolicy policy() {
        return StepRestrictions.policy(allowedHosts, allowedNetworks, allowedPorts);
    }

    /** Options for the verify; the overall deadline leaves every probe its whole timeout. */
    VerifyOptions options(ConnectPolicy policy) {
        Duration timeout = Duration.ofMillis(timeoutMillis);
        ProbeOptions probe = ProbeOptions.defaults().withTimeout(timeout).withPolicy(policy);
        if (slowMillis != null) {
            probe = probe.withSlowThreshold(Duration.ofMillis(slowMillis));
        }
        Duration deadline = timeout.plusSeconds(10).compareTo(VerifyOptions.DEFAULT_DEADLINE) > 0
                ? timeout.plusSeconds(10) : VerifyOptions.DEFAULT_DEADLINE;
        return VerifyOptions.defaults().withProbe(probe).withDeadline(deadline);
    }
}

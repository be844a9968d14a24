package dev.portmonitor.jenkins;

import dev.portmonitor.step.PortCheck;
import dev.portmonitor.target.Target;
import dev.portmonitor.verify.PortVerifier;
import java.io.IOException;
import java.util.List;
import jenkins.security.MasterToSlaveCallable;

/**
 * The probes of {@code verifyPorts onAgent: true}, run on the agent. The engine's classes reach the
 * agent through remoting's class loading; there Netty's native transport is usually not loadable,
 * and the probe falls back to its NIO transport.
 */
final class AgentCheck extends MasterToSlaveCallable<PortCheck.Result, IOException> {

    private static final long serialVersionUID = 1L;

    private final ProbeRequest request;

    AgentCheck(ProbeRequest request) {
        this.request = request;
    }

    @Override
    public PortCheck.Result call() throws IOException {
        List<Target> targets = PortCheck.targets(new PortCheck.Request(new java.util.ArrayList<>(request.targets()), null, null), null);
        try (PortVerifier verifier = PortVerifier.create()) {
            return PortCheck.run(verifier, targets, request.options(request.policy()));
        }
    }
}

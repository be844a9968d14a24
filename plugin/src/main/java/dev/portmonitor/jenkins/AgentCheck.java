package dev.portmonitor.jenkins;

import dev.portmonitor.step.PortCheck;
import dev.portmonitor.verify.Check;
import dev.portmonitor.verify.PortVerifier;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.security.MasterToSlaveCallable;

/**
 * The probes of {@code verifyPorts onAgent: true}, run on the agent. The engine's classes reach the
 * agent through remoting's class loading; there Netty's native transport is usually not loadable,
 * and the probe falls back to its NIO transport.
 */
final class AgentCheck extends MasterToSlaveCallable<HashMap<String, Object>, IOException> {

    private static final long serialVersionUID = 1L;

    private final ProbeRequest request;

    AgentCheck(ProbeRequest request) {
        this.request = request;
    }

    /**
     * The result travels back as JDK types only: the controller's class filter accepts classes of
     * plugins and the JDK, and the engine's jar is neither.
     */
    @Override
    public HashMap<String, Object> call() throws IOException {
        List<Check> targets = PortCheck.checks(new PortCheck.Request(new ArrayList<>(request.targets()), null, null), null);
        PortCheck.Result result;
        try (PortVerifier verifier = PortVerifier.create()) {
            result = PortCheck.run(verifier, targets, request.options(request.policy()));
        }
        HashMap<String, Object> reply = new HashMap<>();
        reply.put("table", result.table());
        reply.put("failure", result.failure());
        reply.put("warning", result.warning());
        reply.put("unstable", result.unstable());
        ArrayList<Map<String, Object>> results = new ArrayList<>();
        result.results().forEach(r -> results.add(new LinkedHashMap<>(r)));
        reply.put("results", results);
        return reply;
    }

    /** The agent's reply as the engine's result, on the controller. */
    @SuppressWarnings("unchecked")
    static PortCheck.Result read(Map<String, Object> reply) {
        return new PortCheck.Result((String) reply.get("table"), (String) reply.get("failure"), (String) reply.get("warning"),
                Boolean.TRUE.equals(reply.get("unstable")), (List<Map<String, Object>>) reply.get("results"));
    }
}

package dev.portmonitor.history;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * A deploy marker: a Jenkins build that ran {@code verifyPorts}, or {@code port-monitor mark-deploy}.
 *
 * @param name what was deployed, as people call it: a job's full name ({@code deploy-orders})
 * @param build the build's number or id ({@code 412}), or null
 * @param at when it happened
 * @param targets the {@code host:port} targets it concerns; empty for every monitor
 * @param url a link to the build, or null
 */
public record Deploy(String name, String build, Instant at, List<String> targets, String url) implements Serializable {

    public Deploy {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a deploy needs a name");
        }
        if (at == null) {
            throw new IllegalArgumentException("deploy " + name + " has no time");
        }
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    /** {@code deploy-orders #412}, or the name alone. */
    public String label() {
        return build == null || build.isBlank() ? name : name + " #" + build;
    }

    /** Whether it concerns a monitor of this {@code host:port}. */
    public boolean concerns(String target) {
        return targets.isEmpty() || targets.contains(target);
    }
}

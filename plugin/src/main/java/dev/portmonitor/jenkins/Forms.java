package dev.portmonitor.jenkins;

import dev.portmonitor.config.ConfigBinder;
import dev.portmonitor.config.ConfigNode;
import dev.portmonitor.config.ConfigProblem;
import dev.portmonitor.config.InvalidConfigException;
import dev.portmonitor.format.Durations;
import dev.portmonitor.probe.ConnectPolicy;
import dev.portmonitor.target.InvalidTargetException;
import dev.portmonitor.target.TargetParser;
import hudson.util.FormValidation;
import java.util.List;
import java.util.Map;

/**
 * Form validation shared by the step and the configuration pages. Syntax only, with the engine's
 * own messages: nothing here resolves a name or opens a connection, so a form field cannot be used
 * to probe the network (the "Check now" button, which does connect, is ADMINISTER-only).
 */
final class Forms {

    private Forms() {
    }

    static FormValidation host(String value) {
        if (value == null || value.isBlank()) {
            return FormValidation.error("Give a host name or an IP address.");
        }
        try {
            TargetParser.structured(value, TargetParser.MIN_PORT, null, true);
            return FormValidation.ok();
        } catch (InvalidTargetException e) {
            // The engine quotes the whole target ("db host:1": ...); a host field needs only the reason.
            String message = e.getMessage();
            int reason = message.startsWith("\"") ? message.indexOf("\": ") : -1;
            return FormValidation.error(reason > 0 ? message.substring(reason + 3) : message);
        }
    }

    /** A port, or empty (or 0) for a kind of check that has a default port. */
    static FormValidation portOrDefault(String value, String check) {
        if (value == null || value.isBlank() || value.strip().equals("0")) {
            dev.portmonitor.probe.ProbeKind kind = kind(check).orElse(null);
            if (kind == null) {
                return FormValidation.ok(); // the check field says what is wrong with the kind
            }
            return kind.defaultPort() > 0 ? FormValidation.ok("Empty: the " + kind.name() + " default, " + kind.defaultPort() + ".")
                    : FormValidation.error("Give a port from 1 to 65535; a " + kind.name() + " check has no default port.");
        }
        return port(value);
    }

    /** The kind a form's check field names: tcp when empty, nothing when it names no kind. */
    static java.util.Optional<dev.portmonitor.probe.ProbeKind> kind(String check) {
        return dev.portmonitor.probe.ProbeKinds.named(check == null || check.isBlank() ? dev.portmonitor.target.Target.TCP
                : check.strip().toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * A piece of configuration (a maintenance window, the storm block) bound alone by the engine, in a
     * throw-away tree: the engine's problems, in its own words and without the tree's paths.
     */
    static FormValidation bound(Map<String, Object> tree) {
        try {
            ConfigBinder.bind(ConfigNode.of(tree), "form", name -> null);
            return FormValidation.ok();
        } catch (InvalidConfigException e) {
            return FormValidation.error(String.join("\n", e.problems().stream().map(ConfigProblem::message).toList()));
        }
    }

    static FormValidation port(String value) {
        try {
            int port = Integer.parseInt(value == null ? "" : value.strip());
            if (port >= TargetParser.MIN_PORT && port <= TargetParser.MAX_PORT) {
                return FormValidation.ok();
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        return FormValidation.error("\"" + value + "\" is not a port; give a number from 1 to 65535.");
    }

    static FormValidation duration(String value, String field, boolean optional) {
        if (value == null || value.isBlank()) {
            return optional ? FormValidation.ok() : FormValidation.error(field + ": give a duration like 3s, 500ms or 2m.");
        }
        try {
            Durations.parse(value);
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(field + ": " + e.getMessage());
        }
    }

    static FormValidation count(String value, String field, int min, int max) {
        if (value == null || value.isBlank()) {
            return FormValidation.ok();
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return FormValidation.ok();
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        return FormValidation.error(field + ": \"" + value + "\" is not a whole number from " + min + " to " + max + ".");
    }

    /** Allowed hosts, networks and ports for verifyPorts, each list as the engine's ConnectPolicy reads it. */
    static FormValidation policy(String hosts, String networks, String ports) {
        try {
            ConnectPolicy.of(Lists.split(hosts), Lists.split(networks), Lists.split(ports));
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    static FormValidation ids(String value, String field) {
        List<String> ids = Lists.split(value);
        for (String id : ids) {
            if (!ConfigBinder.isId(id)) {
                return FormValidation.error(field + ": \"" + id + "\" is not an id; use letters, digits, '.', '_' and '-' (up to 64).");
            }
        }
        return FormValidation.ok();
    }
}

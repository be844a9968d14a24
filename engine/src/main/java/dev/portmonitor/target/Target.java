package dev.portmonitor.target;

import java.util.Objects;

/**
 * One TCP door to check: a host (a name or an IP literal, normalised), a port, an optional display
 * name, and whether a failure of this target fails the run.
 *
 * <p>Instances come from {@link TargetParser}, which validates them; the canonical constructor only
 * guards against programming errors.
 */
public record Target(String host, int port, String name, boolean required) {

    public Target {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < TargetParser.MIN_PORT || port > TargetParser.MAX_PORT) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** A required target with no display name. */
    public static Target of(String host, int port) {
        return TargetParser.structured(host, port, null, true);
    }

    /** {@code host:port}, with brackets around an IPv6 literal: the form a user would type. */
    public String hostPort() {
        return isIpv6Literal() ? "[" + host + "]:" + port : host + ":" + port;
    }

    /** The display name if one was given, otherwise {@link #hostPort()}. */
    public String label() {
        return name != null ? name : hostPort();
    }

    public boolean isIpv6Literal() {
        return host.indexOf(':') >= 0;
    }

    public Target asOptional() {
        return new Target(host, port, name, false);
    }

    public Target withName(String newName) {
        return new Target(host, port, newName, required);
    }

    @Override
    public String toString() {
        return name != null ? name + "=" + hostPort() : hostPort();
    }
}

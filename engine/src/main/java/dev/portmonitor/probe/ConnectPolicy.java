package dev.portmonitor.probe;

import dev.portmonitor.target.InvalidTargetException;
import dev.portmonitor.target.Target;
import dev.portmonitor.target.TargetParser;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where probes may connect: the limits an administrator sets so that a pipeline cannot scan the
 * network from the controller. A target is allowed when its host matches an allowed host pattern
 * or the address it resolves to is in an allowed network (when any host or network rule is
 * given), and its port is among the allowed ports (when any port rule is given). No rules: anything.
 */
public final class ConnectPolicy {

    public static final ConnectPolicy ANY = new ConnectPolicy(List.of(), List.of(), List.of());

    private final List<String> hosts;
    private final List<Network> networks;
    private final List<int[]> ports;

    private ConnectPolicy(List<String> hosts, List<Network> networks, List<int[]> ports) {
        this.hosts = List.copyOf(hosts);
        this.networks = List.copyOf(networks);
        this.ports = List.copyOf(ports);
    }

    /**
     * @param hosts names (db.internal), wildcards for every name under a domain (*.internal) or IP literals
     * @param networks CIDR blocks: 10.1.0.0/16, fd00::/8
     * @param ports ports and ranges: 5432, 8000-8999
     * @throws IllegalArgumentException naming the rule that is not understood and what is allowed
     */
    public static ConnectPolicy of(List<String> hosts, List<String> networks, List<String> ports) {
        List<String> hostRules = new ArrayList<>();
        for (String host : hosts) {
            hostRules.add(hostRule(host.strip()));
        }
        List<Network> networkRules = new ArrayList<>();
        for (String network : networks) {
            networkRules.add(Network.parse(network.strip()));
        }
        List<int[]> portRules = new ArrayList<>();
        for (String port : ports) {
            portRules.add(portRule(port.strip()));
        }
        return new ConnectPolicy(hostRules, networkRules, portRules);
    }

    @Override
    public String toString() {
        return allowsEverything() ? "ConnectPolicy[any]" : "ConnectPolicy[hosts=" + hosts + ", networks=" + networks
                + ", ports=" + portsText() + "]";
    }

    public boolean allowsEverything() {
        return hosts.isEmpty() && networks.isEmpty() && ports.isEmpty();
    }

    /** Why this target may not be probed at all (its port), or null. */
    public String refusePort(Target target) {
        if (ports.isEmpty() || ports.stream().anyMatch(r -> target.port() >= r[0] && target.port() <= r[1])) {
            return null;
        }
        return "not allowed: port " + target.port() + " is not among the allowed ports (" + portsText() + ")";
    }

    /** Why this address of the target may not be connected to, or null. */
    public String refuse(Target target, InetAddress address) {
        if (hosts.isEmpty() && networks.isEmpty()) {
            return null;
        }
        String host = target.host();
        for (String rule : hosts) {
            if (rule.startsWith("*.") ? host.endsWith(rule.substring(1)) : host.equals(rule)) {
                return null;
            }
        }
        for (Network network : networks) {
            if (network.contains(address)) {
                return null;
            }
        }
        String resolved = NetUtil.toAddressString(address);
        return "not allowed: " + target.hostPort() + (resolved.equals(host) ? "" : " (" + resolved + ")")
                + " matches no allowed host" + (hosts.isEmpty() ? "" : " (" + String.join(", ", hosts) + ")")
                + " or network" + (networks.isEmpty() ? "" : " (" + networks.stream().map(Network::toString)
                .collect(Collectors.joining(", ")) + ")");
    }

    private String portsText() {
        return ports.stream().map(r -> r[0] == r[1] ? String.valueOf(r[0]) : r[0] + "-" + r[1]).collect(Collectors.joining(", "));
    }

    private static String hostRule(String rule) {
        String lower = rule.toLowerCase(Locale.ROOT);
        String name = lower.startsWith("*.") ? lower.substring(2) : lower;
        try {
            Target parsed = TargetParser.structured(name, 1, null, true);
            return lower.startsWith("*.") ? "*." + parsed.host() : parsed.host();
        } catch (InvalidTargetException e) {
            throw new IllegalArgumentException("allowed host \"" + rule + "\" is not a host name, *.domain or IP address");
        }
    }

    private static int[] portRule(String rule) {
        String[] parts = rule.split("-", -1);
        try {
            int from = Integer.parseInt(parts[0].strip());
            int to = parts.length == 2 ? Integer.parseInt(parts[1].strip()) : from;
            if (parts.length > 2 || from < 1 || to > 65535 || from > to) {
                throw new NumberFormatException();
            }
            return new int[] {from, to};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("allowed port \"" + rule + "\" is not a port or a range like 8000-8999 (1-65535)");
        }
    }

    /** A CIDR block. */
    private record Network(byte[] base, int prefix, String text) {

        static Network parse(String text) {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
            int max = bytes == null ? 0 : bytes.length * 8;
            int prefix;
            try {
                prefix = slash < 0 ? max : Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (bytes == null || prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("allowed network \"" + text + "\" is not a CIDR block like 10.1.0.0/16 or fd00::/8");
            }
            return new Network(bytes, prefix, text);
        }

        boolean contains(InetAddress address) {
            byte[] other = address.getAddress();
            if (other.length != base.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (other[i] != base[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (other[full] & mask) == (base[full] & mask);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}

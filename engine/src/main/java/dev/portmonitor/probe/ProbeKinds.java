package dev.portmonitor.probe;

import java.util.List;
import java.util.Optional;

/**
 * Every probe kind, the only place that names them: adding a kind is one class with its
 * {@link ProbeKind} constant and one line here (docs/probe-kinds.md). An architecture test keeps the
 * kinds' classes from being used anywhere else.
 */
public final class ProbeKinds {

    /** The default kind: a TCP connect, closed at once. */
    public static final ProbeKind TCP = ConnectProbe.KIND;

    private static final List<ProbeKind> ALL = List.of(
            ConnectProbe.KIND);

    private ProbeKinds() {
    }

    /** Every kind, in the order the documentation lists them. */
    public static List<ProbeKind> all() {
        return ALL;
    }

    public static Optional<ProbeKind> named(String name) {
        return ALL.stream().filter(kind -> kind.name().equals(name)).findFirst();
    }

    /** The kinds' names, for messages: "tcp, redis, ...". */
    public static String names() {
        return String.join(", ", ALL.stream().map(ProbeKind::name).toList());
    }
}

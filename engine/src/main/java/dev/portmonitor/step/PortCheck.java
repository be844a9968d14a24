package dev.portmonitor.step;

import dev.portmonitor.config.MonitorSpec;
import dev.portmonitor.config.PortMonitorConfig;
import dev.portmonitor.probe.ProbeResult;
import dev.portmonitor.report.ResultTable;
import dev.portmonitor.target.InvalidTargetException;
import dev.portmonitor.target.Target;
import dev.portmonitor.target.TargetParser;
import dev.portmonitor.verify.Check;
import dev.portmonitor.verify.PortVerifier;
import dev.portmonitor.probe.ProbeKind;
import dev.portmonitor.probe.ProbeKinds;
import dev.portmonitor.verify.VerifyOptions;
import dev.portmonitor.verify.VerifyReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code verifyPorts} step's logic without Jenkins: which targets a request names (strings,
 * maps, configured monitors by id or tag), the verify, the table for the build log, the message
 * that fails the build, and the results as plain maps a Pipeline script can read.
 */
public final class PortCheck {

    private static final Set<String> MAP_KEYS = Set.of("host", "port", "name", "critical", "check");

    private PortCheck() {
    }

    /**
     * What a step asked for.
     *
     * @param entries the targets in the order written: {@code host:port} strings (critical) and
     *     maps like {@code [host: 'db', port: 5432, name: 'orders-db', critical: true]}
     * @param monitors ids of configured monitors to check now
     * @param tags tags of configured monitors to check now
     */
    public record Request(List<Object> entries, List<String> monitors, List<String> tags) {
        public Request {
            entries = entries == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(entries));
            monitors = monitors == null ? List.of() : List.copyOf(monitors);
            tags = tags == null ? List.of() : List.copyOf(tags);
        }

        /** Strings first, then maps. */
        public Request(List<String> targets, List<Map<String, Object>> targetMaps, List<String> monitors, List<String> tags) {
            this(concat(targets, targetMaps), monitors, tags);
        }

        private static List<Object> concat(List<String> targets, List<Map<String, Object>> targetMaps) {
            List<Object> all = new ArrayList<>();
            if (targets != null) {
                all.addAll(targets);
            }
            if (targetMaps != null) {
                all.addAll(targetMaps);
            }
            return all;
        }
    }

    /**
     * What the step reports.
     *
     * @param failure the message that fails the build (every critical target not open), or null
     * @param warning the message that marks the build unstable (every non-critical target not open),
     *     or null
     * @param unstable true when only non-critical targets are not open
     * @param results one map per target, in order: name, host, port, critical, outcome, latencyMs,
     *     address, message; plain {@code ArrayList} and {@code LinkedHashMap} of strings, numbers and
     *     booleans, so that a Pipeline script can read them and an agent can send them back
     */
    public record Result(String table, String failure, String warning, boolean unstable,
                         List<Map<String, Object>> results) implements java.io.Serializable {
    }

    /**
     * The targets of a request; every problem at once.
     *
     * @throws InvalidTargetException listing every bad entry, one a line
     */
    public static List<Target> targets(Request request, PortMonitorConfig config) {
        return checks(request, config).stream().map(Check::target).toList();
    }

    /**
     * The checks of a request: each target with its kind ({@code postgres://db}, or {@code check:} in
     * the map form, with the kind's options as further keys) or a configured monitor's kind and settings.
     *
     * @throws InvalidTargetException listing every bad entry, one a line
     */
    public static List<Check> checks(Request request, PortMonitorConfig config) {
        List<Check> targets = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < request.entries().size(); i++) {
            Object entry = request.entries().get(i);
            try {
                if (entry instanceof String text) {
                    targets.add(Check.parse(text, true));
                } else if (entry instanceof Map<?, ?> map) {
                    targets.add(fromMap(map));
                } else {
                    throw new InvalidTargetException("expected \"host:port\" or a map like [host: 'db', port: 5432], not "
                            + (entry == null ? "null" : entry.getClass().getSimpleName() + " " + entry));
                }
            } catch (InvalidTargetException e) {
                problems.add("targets[" + i + "]: " + e.getMessage());
            }
        }
        List<MonitorSpec> configured = config == null ? List.of() : config.monitors();
        for (String id : request.monitors()) {
            configured.stream().filter(m -> m.id().equals(id)).findFirst().ifPresentOrElse(
                    m -> targets.add(new Check(m.target().withName(m.id()), m.kind(), m.settings())),
                    () -> problems.add("monitors: no configured monitor \"" + id + "\"; configured: "
                            + configured.stream().map(MonitorSpec::id).collect(Collectors.joining(", "))));
        }
        for (String tag : request.tags()) {
            List<MonitorSpec> tagged = configured.stream().filter(m -> m.tags().contains(tag)).toList();
            if (tagged.isEmpty()) {
                problems.add("tags: no configured monitor has the tag \"" + tag + "\"");
            }
            tagged.forEach(m -> targets.add(new Check(m.target().withName(m.id()), m.kind(), m.settings())));
        }
        if (problems.isEmpty() && targets.isEmpty()) {
            problems.add("no targets: give targets, monitors or tags");
        }
        if (!problems.isEmpty()) {
            throw new InvalidTargetException(String.join("\n", problems));
        }
        return targets;
    }

    private static Check fromMap(Map<?, ?> map) {
        String kindName = map.get("check") == null ? Target.TCP : String.valueOf(map.get("check")).strip().toLowerCase(Locale.ROOT);
        ProbeKind kind = ProbeKinds.named(kindName).orElseThrow(() -> new InvalidTargetException("check \"" + kindName
                + "\" is not a kind; the kinds are " + ProbeKinds.kindNames()));
        Map<String, String> options = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (kind.settingKeys().contains(key)) {
                options.put(key, String.valueOf(entry.getValue()));
            } else if (!MAP_KEYS.contains(key)) {
                throw new InvalidTargetException("unknown key \"" + key + "\"; allowed: host, port, name, critical, check"
                        + (kind.settingKeys().isEmpty() ? "" : ", and for a " + kind.name() + " check "
                        + String.join(", ", kind.settingKeys())));
            }
        }
        Object host = map.get("host");
        Object port = map.get("port") == null && kind.defaultPort() > 0 ? kind.defaultPort() : map.get("port");
        if (host == null || port == null) {
            throw new InvalidTargetException("a target map needs host and port, like [host: 'db', port: 5432]");
        }
        int number;
        try {
            number = port instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(port).strip());
        } catch (NumberFormatException e) {
            throw new InvalidTargetException("port \"" + port + "\" is not a number; expected 1 to 65535");
        }
        Object critical = map.containsKey("critical") ? map.get("critical") : Boolean.TRUE;
        Object name = map.get("name");
        Target target = TargetParser.structured(String.valueOf(host), number, name == null ? null : String.valueOf(name),
                !Boolean.FALSE.equals(critical) && !"false".equals(String.valueOf(critical))).withKind(kind.name());
        return Check.of(target, options);
    }

    /**
     * A {@code targets:} list as a Pipeline script writes it, strings and maps mixed, bound to the
     * step's two typed lists without losing its order: the strings before the first map stay strings,
     * and everything from the first map on becomes a map, a string after a map in the same form as the
     * maps ({@code host}, {@code port}, {@code name}, {@code check}, the kind's options, {@code critical}),
     * and a kind's option is a string in every map, as the typed target's fields are.
     * Written back as {@code strings} followed by {@code maps}, the list checks the same targets in the
     * same order.
     *
     * @param strings the leading {@code host:port} strings, as written
     * @param maps the rest, each a map a target map accepts, values as strings, numbers and booleans
     */
    public record Written(List<String> strings, List<Map<String, Object>> maps) {
        public Written {
            strings = List.copyOf(strings);
            maps = maps.stream().map(java.util.Collections::unmodifiableMap).toList();
        }
    }

    /**
     * Splits a written {@code targets:} list (see {@link Written}) after checking every entry as
     * {@link #checks} would, so that a bad entry is refused now, with its index, rather than bound
     * into a form that hides it. Character sequences (a Groovy {@code GString}) count as strings.
     *
     * @throws InvalidTargetException listing every bad entry, one a line
     */
    public static Written split(List<?> written) {
        List<Object> entries = new ArrayList<>(written.size());
        for (Object entry : written) {
            entries.add(entry instanceof CharSequence text ? text.toString() : entry instanceof Map<?, ?> map ? plain(map) : entry);
        }
        List<Check> checks = checks(new Request(entries, List.of(), List.of()), null);
        List<String> strings = new ArrayList<>();
        List<Map<String, Object>> maps = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Object entry = entries.get(i);
            if (maps.isEmpty() && entry instanceof String text) {
                strings.add(text);
            } else if (entry instanceof Map<?, ?> map) {
                Map<String, Object> given = new LinkedHashMap<>();
                map.forEach((key, value) -> given.put((String) key, MAP_KEYS.contains(key) ? value : String.valueOf(value)));
                // as the engine read them (" 5432", critical: 'no'), so that the typed target means the same
                Target target = checks.get(i).target();
                given.computeIfPresent("port", (key, value) -> target.port());
                given.computeIfPresent("critical", (key, value) -> target.required());
                maps.add(given);
            } else {
                maps.add(asMap(checks.get(i)));
            }
        }
        return new Written(strings, maps);
    }

    /** A written map with string keys and every character sequence as a String, in the order written. */
    private static Map<String, Object> plain(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), value instanceof CharSequence text ? text.toString() : value));
        return copy;
    }

    /**
     * A check as the map form writes it: host, port, name, check (left out for TCP), the options,
     * critical; {@link #checks} reads it back to the same check.
     */
    public static Map<String, Object> asMap(Check check) {
        Target target = check.target();
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("host", target.host());
        map.put("port", target.port());
        if (target.name() != null) {
            map.put("name", target.name());
        }
        if (!Target.TCP.equals(check.kind().name())) {
            map.put("check", check.kind().name());
        }
        map.putAll(check.options());
        map.put("critical", target.required());
        return map;
    }

    /** Runs the verify and shapes its report for a build. */
    public static Result run(PortVerifier verifier, List<Check> checks, VerifyOptions options) {
        return describe(verifier.verifyChecks(checks, options).join());
    }

    static Result describe(VerifyReport report) {
        List<Map<String, Object>> results = new ArrayList<>();
        for (ProbeResult r : report.results()) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("name", r.target().label());
            map.put("host", r.target().host());
            map.put("port", r.target().port());
            map.put("critical", r.target().required());
            map.put("check", r.kind());
            map.put("outcome", r.outcome().name());
            map.put("latencyMs", r.connected() ? r.checkMicros() / 1000.0 : null);
            map.put("connectMs", r.connected() ? r.latencyMillis() : null);
            Map<String, Object> details = new LinkedHashMap<>();
            r.detailsMap().forEach((key, value) -> details.put(key, value instanceof Number || value instanceof Boolean ? value
                    : String.valueOf(value)));
            map.put("details", details);
            map.put("address", r.addressText());
            map.put("message", r.reason());
            results.add(map);
        }
        List<ProbeResult> failed = report.failedRequired();
        List<ProbeResult> optional = report.failedOptional();
        return new Result(ResultTable.render(report), notOpen(failed, "critical"), notOpen(optional, "optional"),
                failed.isEmpty() && !optional.isEmpty(), results);
    }

    private static String notOpen(List<ProbeResult> failed, String kind) {
        return failed.isEmpty() ? null : failed.size() + " " + kind + (failed.size() == 1 ? " port is" : " ports are")
                + " not open: " + failed.stream().map(r -> r.target().label() + (r.target().name() == null ? "" : " ("
                + r.target().hostPort() + ")") + " " + r.outcome().word() + (r.reason() == null ? "" : ": " + r.reason()))
                .collect(Collectors.joining("; "));
    }
}

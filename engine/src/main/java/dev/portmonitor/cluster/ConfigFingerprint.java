package dev.portmonitor.cluster;

import dev.portmonitor.config.ChannelConfig;
import dev.portmonitor.config.MonitorSpec;
import dev.portmonitor.config.PortMonitorConfig;
import dev.portmonitor.probe.ProbeKinds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a member's configuration is, compactly: a digest of each monitor and each channel as the
 * engine resolved it (secrets print as {@code ****}, so they are not compared and never shared).
 * Members publish theirs; each compares with the others and names what differs.
 */
public final class ConfigFingerprint {

    private ConfigFingerprint() {
    }

    /** {@code monitor:<id>} and {@code channel:<id>} to a digest of its settings. */
    public static Map<String, String> of(PortMonitorConfig config) {
        Map<String, String> digests = new LinkedHashMap<>();
        for (MonitorSpec monitor : config.monitors()) {
            digests.put("monitor:" + monitor.id(), digest(canonical(monitor)));
        }
        for (ChannelConfig channel : config.channels()) {
            digests.put("channel:" + channel.id(), digest(channel.fingerprint(ConfigFingerprint::digest)));
        }
        for (dev.portmonitor.config.MaintenanceWindow window : config.maintenance()) {
            digests.put("maintenance:" + window.id(), digest(String.join("|", window.id(), window.cronText() == null ? "" : window.cronText(),
                    String.valueOf(window.duration()), String.valueOf(window.zone()), String.valueOf(window.start()),
                    String.valueOf(window.end()), String.valueOf(window.monitors()), String.valueOf(window.tags()))));
        }
        digests.put("storm:settings", digest(String.valueOf(config.storm())));
        return digests;
    }

    /**
     * Every setting, written out field by field: nothing whose text depends on the JVM (identity hash
     * codes, the iteration order of an immutable map), so two members with the same file agree.
     */
    static String canonical(MonitorSpec m) {
        return String.join("|", m.id(), String.valueOf(m.name()), m.target().host(), String.valueOf(m.target().port()),
                String.valueOf(m.tier()), String.valueOf(m.interval()), String.valueOf(m.probe().timeout()),
                String.valueOf(m.probe().slowThreshold()), String.valueOf(m.probe().closeMode()),
                String.valueOf(m.probe().policy()), String.valueOf(m.confirmation()), String.valueOf(m.channels()),
                String.valueOf(m.tags()), String.valueOf(m.enabled()))
                // A tcp monitor's text is what it was before kinds existed, so that members of both
                // versions agree during a rolling upgrade.
                + (m.kind() == ProbeKinds.TCP ? "" : "|" + m.kind().name() + "|" + m.settings().fingerprint());
    }

    /** The differences between this member's configuration and another's, in words; empty when none. */
    public static List<String> differences(Map<String, String> mine, Map<String, String> theirs) {
        List<String> onlyHere = new ArrayList<>();
        List<String> onlyThere = new ArrayList<>();
        List<String> different = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(mine.keySet());
        keys.addAll(theirs.keySet());
        for (String key : keys) {
            String a = mine.get(key);
            String b = theirs.get(key);
            String name = key.replaceFirst(":", " ");
            if (b == null) {
                onlyHere.add(name);
            } else if (a == null) {
                onlyThere.add(name);
            } else if (!a.equals(b)) {
                different.add(name);
            }
        }
        List<String> words = new ArrayList<>();
        if (!onlyHere.isEmpty()) {
            words.add("only here: " + String.join(", ", onlyHere));
        }
        if (!onlyThere.isEmpty()) {
            words.add("only there: " + String.join(", ", onlyThere));
        }
        if (!different.isEmpty()) {
            words.add("set differently: " + String.join(", ", different));
        }
        return words;
    }

    static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}

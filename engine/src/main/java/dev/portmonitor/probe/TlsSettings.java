package dev.portmonitor.probe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How a check verifies TLS: the name the certificate must be for (the target's host unless
 * {@code serverName} is given; also sent as SNI), whom to trust (the JDK's trust store unless a
 * {@code caFile} of PEM certificates is given), and how many days before expiry the check warns
 * ({@code warnDays}, DEGRADED) and fails ({@code critDays}, TLS_ERROR).
 */
public record TlsSettings(String serverName, Path caFile, int warnDays, int critDays)
        implements ProbeSettings, DialogueProbe.TlsAware {

    public static final int DEFAULT_WARN_DAYS = 21;
    public static final int DEFAULT_CRIT_DAYS = 7;
    public static final TlsSettings DEFAULTS = new TlsSettings(null, null, DEFAULT_WARN_DAYS, DEFAULT_CRIT_DAYS);

    /** The keys every kind with TLS adds to its own. */
    public static final List<String> KEYS = List.of("serverName", "caFile", "warnDays", "critDays");

    /** A kind's own keys followed by the TLS keys. */
    public static List<String> keysWith(List<String> own) {
        return java.util.stream.Stream.concat(own.stream(), KEYS.stream()).toList();
    }

    /** The settings of a kind whose only settings are TLS's ({@code tls}, {@code imaps}...). */
    @Override
    public TlsSettings tlsSettings() {
        return this;
    }

    /** Reads the TLS keys; problems are reported through the reader. */
    public static TlsSettings read(SettingsReader reader) {
        String serverName = reader.text("serverName");
        if (serverName != null && !serverName.matches("[A-Za-z0-9._-]{1,253}")) {
            reader.problem("serverName", "\"" + serverName + "\" is not a host name; give the name the certificate is for, "
                    + "like mail.example.com");
            serverName = null;
        }
        String ca = reader.text("caFile");
        Path caFile = null;
        if (ca != null) {
            caFile = Path.of(ca);
            if (!Files.isRegularFile(caFile) || !Files.isReadable(caFile)) {
                reader.problem("caFile", "\"" + ca + "\" is not a readable file; give a PEM file of the CA certificates to trust");
                caFile = null;
            }
        }
        Integer warn = reader.integer("warnDays", 0, 3650);
        Integer crit = reader.integer("critDays", 0, 3650);
        int warnDays = warn == null ? DEFAULT_WARN_DAYS : warn;
        int critDays = crit == null ? DEFAULT_CRIT_DAYS : crit;
        if (critDays > warnDays) {
            reader.problem("critDays", "critDays (" + critDays + ") is more than warnDays (" + warnDays
                    + "); a check fails at critDays and warns earlier, at warnDays");
        }
        return new TlsSettings(serverName, caFile, warnDays, critDays);
    }

    @Override
    public String fingerprint() {
        return "serverName=" + serverName + ",caFile=" + caFile + ",warnDays=" + warnDays + ",critDays=" + critDays;
    }
}

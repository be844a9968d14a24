package dev.portmonitor.probe;

/**
 * A probe kind's own settings (a database name to ask for, a banner to expect...), bound by its
 * {@link ProbeKind}. Immutable; the settings every kind shares are in {@link ProbeOptions}.
 */
public interface ProbeSettings {

    /** For a kind without settings of its own. */
    ProbeSettings NONE = new ProbeSettings() {
        @Override
        public String fingerprint() {
            return "";
        }

        @Override
        public String toString() {
            return "none";
        }
    };

    /**
     * Every setting written out in a stable order, for comparing configurations across cluster
     * members: no identity hash codes, no secrets.
     */
    String fingerprint();
}

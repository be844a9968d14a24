package dev.portmonitor.probe;

import dev.portmonitor.target.Target;
import java.util.concurrent.CompletableFuture;

/**
 * One kind of check of a target: connect (through the shared {@link Connector}), speak the kind's
 * protocol if it has one, say its goodbye, close. Each kind is one implementation, registered once
 * in {@link ProbeKinds}.
 */
public interface Probe {

    /**
     * Checks one target. The future always completes normally, whatever happens on the network: every
     * failure is a {@link ProbeResult} with its outcome and reason.
     *
     * @param options the settings every kind has (timeout, slow threshold, close mode, policy)
     * @param settings the kind's own settings, as its {@link ProbeKind} bound them
     */
    CompletableFuture<ProbeResult> probe(Target target, ProbeOptions options, ProbeSettings settings);
}

package dev.portmonitor.probe;

import dev.portmonitor.target.Target;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code tcp} kind: connects and closes at once; nothing is sent or read. Open when the
 * connection is established, slow when that took longer than the slow threshold.
 */
public final class ConnectProbe implements Probe {

    static final ProbeKind KIND = new ProbeKind("tcp", 0, List.of(), reader -> ProbeSettings.NONE, ConnectProbe::new);

    private final Connector connector;

    public ConnectProbe(Connector connector) {
        this.connector = connector;
    }

    /** Probes one target; the future always completes normally, with the outcome in the result. */
    public CompletableFuture<ProbeResult> probe(Target target, ProbeOptions options) {
        return probe(target, options, ProbeSettings.NONE);
    }

    @Override
    public CompletableFuture<ProbeResult> probe(Target target, ProbeOptions options, ProbeSettings settings) {
        return connector.connect(target, options).thenCompose(connection -> {
            ProbeResult result = connection.connectResult(options);
            if (!connection.isOpen()) {
                return CompletableFuture.completedFuture(result);
            }
            // Completed once closed, so that a caller counting open sockets sees this one gone.
            CompletableFuture<ProbeResult> closed = new CompletableFuture<>();
            connection.channel().close().addListener(done -> closed.complete(result));
            return closed;
        });
    }
}

package dev.portmonitor.verify;

import dev.portmonitor.probe.JdkHostResolver;
import dev.portmonitor.probe.ProbeOptions;
import dev.portmonitor.probe.ProbeResult;
import dev.portmonitor.probe.ProbeTransport;
import dev.portmonitor.probe.TcpProbe;
import dev.portmonitor.target.Target;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The probe engine ready to use: one event loop group, one resolver pool, a probe and a verifier
 * over them. Create one, share it, close it when done.
 */
public final class PortVerifier implements AutoCloseable {

    private final ProbeTransport transport;
    private final JdkHostResolver resolver;
    private final TcpProbe probe;
    private final Verifier verifier;

    private PortVerifier(ProbeTransport transport, JdkHostResolver resolver) {
        this.transport = transport;
        this.resolver = resolver;
        this.probe = new TcpProbe(transport, resolver);
        this.verifier = new Verifier(probe);
    }

    /** Native epoll where available, the default thread counts, warmed up. */
    public static PortVerifier create() {
        PortVerifier verifier = create(ProbeTransport.create());
        verifier.probe.warmUp();
        return verifier;
    }

    public static PortVerifier create(ProbeTransport transport) {
        return new PortVerifier(transport, new JdkHostResolver());
    }

    public CompletableFuture<ProbeResult> probe(Target target, ProbeOptions options) {
        return probe.probe(target, options);
    }

    public CompletableFuture<VerifyReport> verify(List<Target> targets, VerifyOptions options) {
        return verifier.verify(targets, options);
    }

    /** {@code epoll} or {@code nio}. */
    public String transportKind() {
        return transport.kind();
    }

    @Override
    public void close() {
        try {
            transport.close();
        } finally {
            resolver.close();
        }
    }
}

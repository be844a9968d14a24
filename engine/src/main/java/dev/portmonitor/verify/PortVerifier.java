package dev.portmonitor.verify;

import dev.portmonitor.probe.Connector;
import dev.portmonitor.probe.JdkHostResolver;
import dev.portmonitor.probe.Probe;
import dev.portmonitor.probe.ProbeKind;
import dev.portmonitor.probe.ProbeKinds;
import dev.portmonitor.probe.ProbeOptions;
import dev.portmonitor.probe.ProbeResult;
import dev.portmonitor.probe.ProbeSettings;
import dev.portmonitor.probe.ProbeTransport;
import dev.portmonitor.target.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The probe engine ready to use: one event loop group, one resolver pool, one connector, a probe of
 * every kind over it and a verifier. Create one, share it, close it when done.
 */
public final class PortVerifier implements AutoCloseable {

    private final ProbeTransport transport;
    private final JdkHostResolver resolver;
    private final Connector connector;
    private final Map<ProbeKind, Probe> probes = new LinkedHashMap<>();
    private final Verifier verifier;

    private PortVerifier(ProbeTransport transport, JdkHostResolver resolver) {
        this.transport = transport;
        this.resolver = resolver;
        this.connector = new Connector(transport, resolver);
        ProbeKinds.all().forEach(kind -> probes.put(kind, kind.factory().apply(connector)));
        this.verifier = new Verifier(probes::get);
    }

    /** Native epoll where available, the default thread counts, warmed up. */
    public static PortVerifier create() {
        PortVerifier verifier = create(ProbeTransport.create());
        verifier.connector.warmUp();
        return verifier;
    }

    public static PortVerifier create(ProbeTransport transport) {
        return new PortVerifier(transport, new JdkHostResolver());
    }

    /** A TCP connect probe of one target. */
    public CompletableFuture<ProbeResult> probe(Target target, ProbeOptions options) {
        return probe(target, ProbeKinds.TCP, options, ProbeSettings.NONE);
    }

    /** A probe of the given kind, with that kind's settings. */
    public CompletableFuture<ProbeResult> probe(Target target, ProbeKind kind, ProbeOptions options, ProbeSettings settings) {
        Probe probe = probes.get(kind);
        if (probe == null) {
            throw new IllegalArgumentException("unknown probe kind " + kind + "; known: " + ProbeKinds.kindNames());
        }
        return probe.probe(target, options, settings);
    }

    /** Checks each target with its own kind's default settings. */
    public CompletableFuture<VerifyReport> verify(List<Target> targets, VerifyOptions options) {
        return verifier.verify(targets.stream().map(Check::of).toList(), options);
    }

    /** Runs these checks. */
    public CompletableFuture<VerifyReport> verifyChecks(List<Check> checks, VerifyOptions options) {
        return verifier.verify(checks, options);
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

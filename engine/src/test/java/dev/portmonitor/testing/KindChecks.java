package dev.portmonitor.testing;

import dev.portmonitor.probe.ProbeOptions;
import dev.portmonitor.probe.ProbeResult;
import dev.portmonitor.probe.ProbeTransport;
import dev.portmonitor.verify.Check;
import dev.portmonitor.verify.PortVerifier;
import java.time.Duration;

/**
 * Runs checks written as targets ({@code redis://127.0.0.1:6379}) through the real probe engine. A
 * test class registers one with {@code @RegisterExtension static final KindChecks checks = new
 * KindChecks();}, and it closes itself after the class.
 */
public final class KindChecks implements AutoCloseable, org.junit.jupiter.api.extension.AfterAllCallback {

    private final PortVerifier verifier = PortVerifier.create(ProbeTransport.create(1, true));
    private ProbeOptions options = ProbeOptions.defaults().withTimeout(Duration.ofSeconds(3));

    public KindChecks withOptions(ProbeOptions newOptions) {
        this.options = newOptions;
        return this;
    }

    public ProbeResult check(String target) {
        Check check = Check.parse(target, true);
        return verifier.probe(check.target(), check.kind(), options, check.settings()).join();
    }

    @Override
    public void afterAll(org.junit.jupiter.api.extension.ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        verifier.close();
    }
}

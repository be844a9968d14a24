package dev.portmonitor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portmonitor.testing.FakeServer;
import dev.portmonitor.testing.KindChecks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@code nats} kind against the NATS server on 4222 (real), and fakes for authorization and other errors (faked). */
class NatsProbeTest {

    private static final byte[] INFO = ("INFO {\"server_id\":\"NABC\",\"server_name\":\"fake\",\"version\":\"2.9.99\","
            + "\"proto\":1,\"max_payload\":1048576,\"auth_required\":true}\r\n").getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    static final KindChecks checks = new KindChecks();

    @Test
    void shouldFindTheRealNatsHealthyWithItsVersion() {
        ProbeResult result = checks.check("nats://127.0.0.1");

        assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
        assertThat(result.target().port()).isEqualTo(4222);
        assertThat(result.kind()).isEqualTo("nats");
        assertThat(String.valueOf(result.detailsMap().get("serverVersion"))).matches("^\\d+\\.\\d+.*");
    }

    @Test
    void shouldCallAServerThatWantsCredentialsAlive() throws IOException {
        try (FakeServer fake = FakeServer.start(INFO, chunk -> new String(chunk, StandardCharsets.US_ASCII).startsWith("CONNECT")
                ? "-ERR 'Authorization Violation'\r\n".getBytes(StandardCharsets.US_ASCII) : null)) {
            ProbeResult result = checks.check("nats://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.OPEN);
            assertThat(result.detailsMap()).containsEntry("serverVersion", "2.9.99")
                    .containsEntry("note", "alive; needs credentials ('Authorization Violation')");
            await().atMost(Duration.ofSeconds(5)).until(() -> fake.received().get(0).equals(
                    "CONNECT {\"verbose\":false,\"pedantic\":false,\"name\":\"port-monitor\"}\r\nPING\r\n"));
        }
    }

    @Test
    void shouldSayAnotherError() throws IOException {
        try (FakeServer fake = FakeServer.start(INFO, chunk -> "+OK\r\n-ERR 'Maximum Connections Exceeded'\r\n"
                .getBytes(StandardCharsets.US_ASCII))) {
            ProbeResult result = checks.check("nats://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.UNHEALTHY);
            assertThat(result.reason()).isEqualTo("NATS 'Maximum Connections Exceeded'");
        }
    }

    @Test
    void shouldReadPongAfterOk() throws IOException {
        try (FakeServer fake = FakeServer.start(INFO, chunk -> "+OK\r\nPONG\r\n".getBytes(StandardCharsets.US_ASCII))) {
            ProbeResult result = checks.check("nats://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.OPEN);
            assertThat(result.detailsMap()).containsEntry("serverVersion", "2.9.99").containsEntry("serverName", "fake");
        }
    }

    @Test
    void shouldTellAnotherServiceOnThePort() throws IOException {
        try (FakeServer fake = FakeServer.start("SSH-2.0-OpenSSH_9.2p1\r\n".getBytes(StandardCharsets.US_ASCII), chunk -> null)) {
            ProbeResult result = checks.check("nats://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
            assertThat(result.reason()).startsWith("not a NATS INFO: SSH-2.0-OpenSSH");
        }
    }
}

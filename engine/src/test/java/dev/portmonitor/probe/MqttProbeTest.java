package dev.portmonitor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portmonitor.testing.FakeServer;
import dev.portmonitor.testing.KindChecks;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code mqtt} kind against the Mosquitto on 1883 (real), and fakes answering CONNACK return codes 1 to 5 (faked). */
class MqttProbeTest {

    @RegisterExtension
    static final KindChecks checks = new KindChecks();

    @Test
    void shouldFindTheRealMosquittoHealthy() {
        ProbeResult result = checks.check("mqtt://127.0.0.1");

        assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
        assertThat(result.target().port()).isEqualTo(1883);
        assertThat(result.kind()).isEqualTo("mqtt");
        assertThat(result.detailsMap()).containsEntry("returnCode", 0);
    }

    @Test
    void shouldSendAConnectWithItsOwnClientIdAndDisconnectAfterAnAcceptedConnack() throws IOException {
        try (FakeServer fake = FakeServer.start(null, chunk -> chunk[0] == 0x10 ? new byte[] {0x20, 0x02, 0x00, 0x00} : null)) {
            ProbeResult result = checks.check("mqtt://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.OPEN);
            await().atMost(Duration.ofSeconds(5)).until(() -> fake.received().get(0).endsWith("\u00e0\u0000"));
            String sent = fake.received().get(0);
            assertThat(sent).startsWith("\u0010").contains("\u0000\u0004MQTT\u0004\u0002\u0000\n").contains("port-monitor-");
            assertThat((int) sent.charAt(1)).isEqualTo(sent.length() - 2 - 2); // remaining length, DISCONNECT excluded
        }
    }

    @ParameterizedTest(name = "[{index}] CONNACK {0}")
    @CsvSource(delimiter = '|', value = {
        "1 | UNHEALTHY | MQTT CONNACK 1: the broker refuses protocol level 4 (MQTT 3.1.1)",
        "2 | UNHEALTHY | MQTT CONNACK 2: the broker rejected the client identifier",
        "3 | UNHEALTHY | MQTT CONNACK 3: server unavailable (the broker is up but the MQTT service is not)",
        "4 | OPEN | alive; needs credentials (CONNACK 4: bad user name or password)",
        "5 | OPEN | alive; needs credentials (CONNACK 5: not authorized)",
        "9 | BAD_RESPONSE | an MQTT CONNACK with return code 9, which MQTT 3.1.1 does not define",
    })
    void shouldReadTheConnackReturnCode(int code, Outcome outcome, String says) throws IOException {
        try (FakeServer fake = FakeServer.replyAndClose(new byte[] {0x20, 0x02, 0x00, (byte) code})) {
            ProbeResult result = checks.check("mqtt://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(outcome);
            if (outcome == Outcome.OPEN) {
                assertThat(result.detailsMap()).containsEntry("note", says);
            } else {
                assertThat(result.reason()).isEqualTo(says);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> !fake.received().isEmpty());
            assertThat(fake.received().get(0)).doesNotEndWith("\u00e0\u0000"); // no DISCONNECT after a refused CONNECT
        }
    }

    @Test
    void shouldTellAnotherServiceOnThePort() throws IOException {
        try (FakeServer fake = FakeServer.replyAndClose("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes())) {
            ProbeResult result = checks.check("mqtt://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
            assertThat(result.reason()).startsWith("not an MQTT CONNACK: HTTP/1.1 400");
        }
    }
}

package dev.portmonitor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.portmonitor.testing.FakeServer;
import dev.portmonitor.testing.KindChecks;
import dev.portmonitor.testing.LoopbackServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@code amqp} kind against the RabbitMQ on 5672 (real), and a fake answering another AMQP version's header (faked). */
class AmqpProbeTest {

    @RegisterExtension
    static final KindChecks checks = new KindChecks();

    @Test
    void shouldFindTheRealRabbitMqHealthyWithProductAndVersion() {
        ProbeResult result = checks.check("amqp://127.0.0.1");

        assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
        assertThat(result.target().port()).isEqualTo(5672);
        assertThat(result.kind()).isEqualTo("amqp");
        assertThat(result.detailsMap()).containsEntry("product", "RabbitMQ").containsEntry("protocol", "0-9");
        assertThat(String.valueOf(result.detailsMap().get("serverVersion"))).matches("^\\d+\\.\\d+.*");
    }

    /** A good guest: what RabbitMQ logs for one check (read when its log is readable), for docs/checks.md. */
    @Test
    void shouldLeaveOneWarningInRabbitMqsLog() throws IOException {
        Path log = Path.of("/var/log/rabbitmq/rabbit@localhost.log");
        assumeTrue(Files.isReadable(log), "RabbitMQ's log is not readable here");
        long before = Files.size(log);

        assertThat(checks.check("amqp://127.0.0.1").outcome()).isEqualTo(Outcome.OPEN);

        await().atMost(Duration.ofSeconds(10)).until(() -> tail(log, before).contains("client unexpectedly closed TCP connection"));
        System.out.println("RabbitMQ log for one check:\n" + tail(log, before));
        assertThat(tail(log, before)).contains("accepting AMQP connection").contains("closing AMQP connection");
    }

    private static String tail(Path log, long from) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from), StandardCharsets.UTF_8);
    }

    @Test
    void shouldTellAServerOfAnotherAmqpVersion() throws IOException {
        try (FakeServer fake = FakeServer.replyAndClose(new byte[] {'A', 'M', 'Q', 'P', 0, 1, 0, 0})) {
            ProbeResult result = checks.check("amqp://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
            assertThat(result.reason()).isEqualTo("the server speaks AMQP 1.0.0, not 0-9-1");
            assertThat(fake.received().get(0)).isEqualTo("AMQP\u0000\u0000\u0009\u0001");
        }
    }

    @Test
    void shouldTellAnotherServiceOnThePort() throws IOException {
        try (FakeServer fake = FakeServer.replyAndClose("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes())) {
            ProbeResult result = checks.check("amqp://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
            assertThat(result.reason()).startsWith("not an AMQP answer: HTTP/1.1 400");
        }
    }

    @Test
    void shouldTellALoadBalancerThatAcceptsAndCloses() throws IOException {
        try (LoopbackServers servers = new LoopbackServers()) {
            ProbeResult result = checks.check("amqp://127.0.0.1:" + servers.acceptThenClose());

            assertThat(result.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
            assertThat(result.reason()).contains("closed it without a word");
        }
    }
}

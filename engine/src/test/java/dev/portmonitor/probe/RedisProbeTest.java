package dev.portmonitor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portmonitor.testing.FakeServer;
import dev.portmonitor.testing.KindChecks;
import dev.portmonitor.testing.LoopbackServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code redis} kind against the Redis on 6379 (real), and fakes for LOADING and the like (faked). */
class RedisProbeTest {

    @RegisterExtension
    static final KindChecks checks = new KindChecks();

    @Test
    void shouldFindTheRealRedisHealthyOnItsDefaultPort() {
        ProbeResult result = checks.check("redis://127.0.0.1");

        assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
        assertThat(result.target().port()).isEqualTo(6379);
        assertThat(result.kind()).isEqualTo("redis");
        assertThat(result.detailsMap()).containsEntry("reply", "PONG");
        assertThat(result.responseMicros()).isGreaterThanOrEqualTo(result.latencyMicros());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "-LOADING Redis is loading the dataset in memory | UNHEALTHY | Redis LOADING Redis is loading the dataset in memory",
        "-MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'. | UNHEALTHY | Redis MASTERDOWN Link with MASTER is down",
        "-BUSY Redis is busy running a script. | UNHEALTHY | Redis BUSY Redis is busy running a script.",
        "HTTP/1.1 400 Bad Request | BAD_RESPONSE | not a Redis reply to PING: HTTP/1.1 400 Bad Request",
    })
    void shouldReadWhatTheServerSays(String line, Outcome outcome, String reason) throws IOException {
        try (FakeServer fake = FakeServer.start(null, chunk -> (line + "\r\n").getBytes(StandardCharsets.US_ASCII))) {
            ProbeResult result = checks.check("redis://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(outcome);
            assertThat(result.reason()).startsWith(reason);
            assertThat(fake.received().get(0)).startsWith("PING\r\n");
        }
    }

    @Test
    void shouldCallAServerThatWantsAPasswordAliveAndSaySo() throws IOException {
        try (FakeServer fake = FakeServer.start(null, chunk -> new String(chunk, StandardCharsets.US_ASCII).startsWith("PING")
                ? "-NOAUTH Authentication required.\r\n".getBytes(StandardCharsets.US_ASCII) : null)) {
            ProbeResult result = checks.check("redis://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.OPEN);
            assertThat(result.detailsMap()).containsEntry("note", "alive; needs credentials to serve (NOAUTH)");
            await().atMost(Duration.ofSeconds(5)).until(() -> fake.received().get(0).equals("PING\r\nQUIT\r\n"));
        }
    }

    @Test
    void shouldTellALoadBalancerThatAcceptsAndClosesFromRedis() throws IOException {
        try (LoopbackServers servers = new LoopbackServers()) {
            ProbeResult result = checks.check("redis://127.0.0.1:" + servers.acceptThenClose());

            assertThat(result.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
            assertThat(result.reason()).contains("closed it without a word");
        }
    }

    @Test
    void shouldTellAnotherServiceOnThePort() {
        // PostgreSQL on 5432 answers a Redis PING with nothing it understands: a wrong service.
        ProbeResult result = checks.check("redis://127.0.0.1:5432");

        assertThat(result.outcome()).isIn(Outcome.BAD_RESPONSE, Outcome.TIMEOUT);
        assertThat(result.outcome().isReachable()).isFalse();
    }

    @Test
    void shouldTimeOutOnAServerThatNeverAnswers() throws IOException {
        try (FakeServer fake = FakeServer.start(null, chunk -> null)) {
            ProbeResult result = checks.withOptions(ProbeOptions.defaults().withTimeout(Duration.ofMillis(300)))
                    .check("redis://127.0.0.1:" + fake.port());
            checks.withOptions(ProbeOptions.defaults().withTimeout(Duration.ofSeconds(3)));

            assertThat(result.outcome()).isEqualTo(Outcome.TIMEOUT);
            assertThat(result.reason()).contains("but no complete Redis answer within the 300ms timeout (nothing received)");
        }
    }
}

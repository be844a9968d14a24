package dev.portmonitor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portmonitor.testing.FakeServer;
import dev.portmonitor.testing.KindChecks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code postgres} kind against the PostgreSQL on 5432 (real, trust authentication), and fakes
 * that speak the v3 wire format for what only a broken server shows: 57P03, 53300 (faked), and a
 * server that asks for a password (faked: the local server trusts).
 */
class PostgresProbeTest {

    @RegisterExtension
    static final KindChecks checks = new KindChecks();

    @Test
    void shouldFindTheRealServerReadyAndReportItsVersion() {
        ProbeResult result = checks.check("postgres://127.0.0.1");

        assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
        assertThat(result.target().port()).isEqualTo(5432);
        assertThat(String.valueOf(result.detailsMap().get("serverVersion"))).matches("\\d+(\\.\\d+)?.*");
    }

    @Test
    void shouldCallAMissingRoleAServerThatAcceptsConnectionsAsPgIsreadyDoes() {
        ProbeResult result = checks.check("postgres://127.0.0.1?user=no_such_role_pm");

        assertThat(result.outcome()).isEqualTo(Outcome.OPEN);
        assertThat(String.valueOf(result.detailsMap().get("note"))).contains("28000").contains("no_such_role_pm");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "57P03 | the database system is starting up | PostgreSQL 57P03: the database system is starting up",
        "53300 | sorry, too many clients already | PostgreSQL 53300: sorry, too many clients already",
    })
    void shouldCallAServerThatCannotTakeConnectionsNowUnhealthy(String code, String message, String reason) throws IOException {
        try (FakeServer fake = FakeServer.start(null, chunk -> error(code, message))) {
            ProbeResult result = checks.check("postgres://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.UNHEALTHY);
            assertThat(result.reason()).isEqualTo(reason);
            assertThat(fake.received().get(0)).contains("user\0postgres\0database\0postgres\0application_name\0port-monitor\0");
        }
    }

    @Test
    void shouldCallAServerAskingForAPasswordAliveAndCloseWithoutAnswering() throws IOException {
        byte[] scram = message('R', ByteBuffer.allocate(4 + 14).putInt(10).put("SCRAM-SHA-256\0".getBytes(StandardCharsets.US_ASCII))
                .array());
        try (FakeServer fake = FakeServer.start(null, chunk -> scram)) {
            ProbeResult result = checks.check("postgres://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.OPEN);
            assertThat(result.detailsMap()).containsEntry("note", "alive; needs credentials (SASL (SCRAM))");
            // Nothing after the startup message: no password, no Terminate in the middle of authentication.
            await().atMost(Duration.ofSeconds(5)).until(() -> fake.received().size() == 1);
            assertThat(fake.received().get(0)).doesNotContain("X\0\0\0\4");
        }
    }

    @Test
    void shouldSayWhenTheServerRefusesSslThatTheCheckRequires() {
        // The local server runs without SSL: it answers the SSLRequest with N.
        ProbeResult result = checks.check("postgres://127.0.0.1?tls=true");

        assertThat(result.outcome()).isIn(Outcome.TLS_ERROR, Outcome.OPEN);
        if (result.outcome() == Outcome.TLS_ERROR) {
            assertThat(result.reason()).contains("SSL");
        }
    }

    @Test
    void shouldTellAnHttpServerFromPostgres() throws IOException {
        try (FakeServer fake = FakeServer.start(null, chunk -> "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII))) {
            ProbeResult result = checks.check("postgres://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
            assertThat(result.reason()).isEqualTo("not a PostgreSQL answer: HTTP/1.1 400 Bad Request\\r\\n\\r\\n");
        }
    }

    @Test
    void shouldRefuseAnUnknownOptionNamingTheKindsOptions() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> checks.check("postgres://db.test?usr=x"))
                .hasMessage("\"postgres://db.test:5432\": unknown option \"usr\" for a postgres check; its options are user,"
                        + " database, tls, serverName, caFile, warnDays, critDays");
    }

    private static byte[] error(String code, String text) {
        ByteArrayOutputStream fields = new ByteArrayOutputStream();
        for (String field : new String[] {"SFATAL", "VFATAL", "C" + code, "M" + text}) {
            fields.writeBytes(field.getBytes(StandardCharsets.UTF_8));
            fields.write(0);
        }
        fields.write(0);
        return message('E', fields.toByteArray());
    }

    private static byte[] message(char type, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) type).putInt(4 + body.length).put(body).array();
    }
}

package dev.portmonitor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.portmonitor.testing.FakeServer;
import dev.portmonitor.testing.KindChecks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code mysql} kind against the MariaDB on 3306 (real: the greeting and the Aborted_connects
 * counter), and fakes speaking MariaDB's error packets for 1040 and 1129 (faked: a real server would
 * have to be driven out of connections or into blocking the host).
 */
class MysqlProbeTest {

    @RegisterExtension
    static final KindChecks checks = new KindChecks();

    @Test
    void shouldFindTheRealMariaDbHealthyWithItsVersion() {
        ProbeResult result = checks.check("mysql://127.0.0.1");

        assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
        assertThat(result.target().port()).isEqualTo(3306);
        assertThat(result.kind()).isEqualTo("mysql");
        assertThat(result.detailsMap()).containsEntry("product", "MariaDB");
        assertThat(String.valueOf(result.detailsMap().get("serverVersion"))).contains("MariaDB").matches("^\\d+\\.\\d+.*");
    }

    @Test
    void shouldSayTooManyConnectionsFromTheErrorPacket() throws IOException {
        try (FakeServer fake = FakeServer.start(errorPacket(1040, "Too many connections"), chunk -> null)) {
            ProbeResult result = checks.check("mysql://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.UNHEALTHY);
            assertThat(result.reason()).isEqualTo("MySQL 1040: Too many connections");
            assertThat(fake.received()).allMatch(String::isEmpty); // no credentials, nothing sent
        }
    }

    @Test
    void shouldSayHowToUnblockABlockedHost() throws IOException {
        String message = "Host '127.0.0.1' is blocked because of many connection errors; unblock with 'mariadb-admin flush-hosts'";
        try (FakeServer fake = FakeServer.start(errorPacket(1129, message), chunk -> null)) {
            ProbeResult result = checks.check("mysql://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.UNHEALTHY);
            assertThat(result.reason()).isEqualTo("MySQL 1129: " + message + "; FLUSH HOSTS or mariadb-admin flush-hosts unblocks it");
        }
    }

    @Test
    void shouldReadAnErrorWithItsSqlState() throws IOException {
        try (FakeServer fake = FakeServer.start(errorPacket(1045, "#28000Access denied"), chunk -> null)) {
            ProbeResult result = checks.check("mysql://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.UNHEALTHY);
            assertThat(result.reason()).isEqualTo("MySQL 1045: Access denied");
            assertThat(result.detailsMap()).containsEntry("sqlstate", "28000");
        }
    }

    @Test
    void shouldTellAnotherServiceOnThePort() throws IOException {
        try (FakeServer fake = FakeServer.start("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n".getBytes(StandardCharsets.US_ASCII),
                chunk -> null)) {
            ProbeResult result = checks.check("mysql://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
            assertThat(result.reason()).startsWith("not a MySQL handshake packet: SSH-2.0-OpenSSH");
        }
    }

    /**
     * A good guest: what 20 {@code mysql} checks and 20 {@code tcp} checks leave in MariaDB's
     * Aborted_connects, measured with the client (skipped without it). Loopback is exempt from the
     * host cache, so the host is never blocked here; the figures go in docs/checks.md.
     */
    @Test
    void shouldLeaveTheHostAbleToConnectAfterManyChecks() throws Exception {
        assumeTrue(client() != null, "no mariadb or mysql client installed");
        long before = abortedConnects();
        for (int i = 0; i < 20; i++) {
            assertThat(checks.check("mysql://127.0.0.1").outcome()).isEqualTo(Outcome.OPEN);
        }
        long afterMysql = abortedConnects();
        for (int i = 0; i < 20; i++) {
            assertThat(checks.check("tcp://127.0.0.1:3306").outcome()).isEqualTo(Outcome.OPEN);
        }
        long afterTcp = abortedConnects();
        System.out.printf("Aborted_connects: %d before, +%d after 20 mysql checks, +%d after 20 tcp checks%n",
                before, afterMysql - before, afterTcp - afterMysql);

        // Each check, like any client that closes during the handshake, counts once at most; other
        // clients of the shared server may add a few.
        assertThat(afterMysql - before).isBetween(0L, 25L);
        assertThat(afterTcp - afterMysql).isBetween(0L, 25L);
        ProbeResult last = checks.check("mysql://127.0.0.1");
        assertThat(last.outcome()).as(String.valueOf(last.reason())).isEqualTo(Outcome.OPEN);
    }

    private static long abortedConnects() throws Exception {
        Process process = new ProcessBuilder(client(), "-uroot", "-h127.0.0.1", "-N", "-B", "-e",
                "SHOW GLOBAL STATUS LIKE 'Aborted_connects'").redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return Long.parseLong(out.split("\\s+")[1]);
    }

    private static String client() {
        for (String path : new String[] {"/usr/bin/mariadb", "/usr/bin/mysql"}) {
            if (Files.isExecutable(Path.of(path))) {
                return path;
            }
        }
        return null;
    }

    /** An error packet as MariaDB sends it before the handshake: 0xff, the code, the message. */
    static byte[] errorPacket(int code, String message) {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        int length = 3 + text.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(length & 0xff);
        out.write((length >> 8) & 0xff);
        out.write((length >> 16) & 0xff);
        out.write(0);
        out.write(0xff);
        out.write(code & 0xff);
        out.write((code >> 8) & 0xff);
        out.writeBytes(text);
        return out.toByteArray();
    }
}

package dev.portmonitor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.portmonitor.testing.FakeServer;
import dev.portmonitor.testing.KindChecks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code mysql} kind against the MariaDB on 3306 (real: the greeting, the refused login and the
 * Aborted_connects counter), and fakes speaking the wire format for the rest (faked: error packets
 * 1040, 1129 and 1130, a passwordless login's OK, an auth switch request). Host blocking from a
 * non-loopback address is real, in {@code MysqlHostBlockingIT}.
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
        // the real server refused the password-less login of a user that does not exist
        assertThat(result.detailsMap()).containsEntry("errorCode", 1045)
                .containsEntry("note", "alive; needs credentials (the check sends none)");
    }

    @Test
    void shouldLogInWithoutAPasswordAndSayGoodbyeWhenTheServerLetsIt() throws IOException {
        try (FakeServer fake = FakeServer.start(greeting("mysql_native_password"), chunk -> okPacket())) {
            ProbeResult result = checks.check("mysql://127.0.0.1:" + fake.port() + "?user=monitor");

            assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
            assertThat(result.detailsMap()).containsEntry("login", "logged in as monitor (a user with no password)")
                    .containsEntry("serverVersion", "8.0.36");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                byte[] sent = fake.received().get(0).getBytes(StandardCharsets.ISO_8859_1);
                int login = 4 + (sent[0] & 0xff);
                assertThat(sent[3]).isEqualTo((byte) 1); // the login is packet 1
                String text = new String(sent, 0, login, StandardCharsets.ISO_8859_1);
                assertThat(text).contains("monitor\0\0mysql_native_password\0"); // the user, no auth response
                assertThat(java.util.Arrays.copyOfRange(sent, login, sent.length)).containsExactly(1, 0, 0, 0, 1); // COM_QUIT
            });
        }
    }

    @Test
    void shouldAnswerAnAuthSwitchWithAnEmptyResponse() throws IOException {
        java.util.concurrent.atomic.AtomicInteger packets = new java.util.concurrent.atomic.AtomicInteger();
        byte[] authSwitch = packet(2, concat(new byte[] {(byte) 0xfe}, "caching_sha2_password\0salt-of-20-bytes-xx\0"
                .getBytes(StandardCharsets.US_ASCII)));
        try (FakeServer fake = FakeServer.start(greeting("caching_sha2_password"),
                chunk -> packets.incrementAndGet() == 1 ? authSwitch : packet(4, errorPayload(1045, "#28000Access denied")))) {
            ProbeResult result = checks.check("mysql://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
            assertThat(result.detailsMap()).containsEntry("note", "alive; needs credentials (the check sends none)");
            byte[] sent = fake.received().get(0).getBytes(StandardCharsets.ISO_8859_1);
            int login = 4 + (sent[0] & 0xff);
            assertThat(java.util.Arrays.copyOfRange(sent, login, sent.length)).containsExactly(0, 0, 0, 3); // empty, packet 3
        }
    }

    @Test
    void shouldFindTooManyConnectionsAfterTheLoginUnhealthy() throws IOException {
        try (FakeServer fake = FakeServer.start(greeting("mysql_native_password"),
                chunk -> packet(2, errorPayload(1040, "Too many connections")))) {
            ProbeResult result = checks.check("mysql://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.UNHEALTHY);
            assertThat(result.reason()).isEqualTo("MySQL 1040: Too many connections");
        }
    }

    @Test
    void shouldFindAServerThatRefusesThisHostAlive() throws IOException {
        String message = "Host '192.0.2.2' is not allowed to connect to this MariaDB server";
        try (FakeServer fake = FakeServer.start(errorPacket(1130, message), chunk -> null)) {
            ProbeResult result = checks.check("mysql://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.OPEN);
            assertThat(result.detailsMap()).containsEntry("note", "alive; refuses connections from this host: " + message);
        }
    }

    @Test
    void shouldRejectAUserNameItCannotSend() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.portmonitor.verify.Check.parse("mysql://127.0.0.1?user=bad'user", true))
                .hasMessageEndingWith("option \"user\": \"bad'user\" is not a MySQL user name the check can send; give letters,"
                        + " digits and . _ - (at most 80), like port-monitor");
    }

    @Test
    void shouldSayTooManyConnectionsFromTheErrorPacket() throws IOException {
        try (FakeServer fake = FakeServer.start(errorPacket(1040, "Too many connections"), chunk -> null)) {
            ProbeResult result = checks.check("mysql://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.UNHEALTHY);
            assertThat(result.reason()).isEqualTo("MySQL 1040: Too many connections");
            assertThat(fake.received()).allMatch(String::isEmpty); // refused at the greeting: nothing sent
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
        return packet(0, errorPayload(code, message));
    }

    private static byte[] errorPayload(int code, String message) {
        return concat(new byte[] {(byte) 0xff, (byte) code, (byte) (code >> 8)}, message.getBytes(StandardCharsets.UTF_8));
    }

    /** A protocol-10 greeting as MySQL 8 sends it, with the given auth plugin. */
    private static byte[] greeting(String plugin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x0a);
        out.writeBytes("8.0.36\0".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {7, 0, 0, 0}); // connection id
        out.writeBytes("abcdefgh".getBytes(StandardCharsets.US_ASCII)); // auth data part 1
        out.write(0);
        int capabilities = 0x1 | 0x200 | 0x8000 | 0x80000;
        out.writeBytes(new byte[] {(byte) capabilities, (byte) (capabilities >> 8)});
        out.write(45); // character set
        out.writeBytes(new byte[] {2, 0}); // status
        out.writeBytes(new byte[] {(byte) (capabilities >> 16), (byte) (capabilities >> 24)});
        out.write(21);
        out.writeBytes(new byte[10]);
        out.writeBytes("ijklmnopqrst\0".getBytes(StandardCharsets.US_ASCII)); // auth data part 2
        out.writeBytes((plugin + "\0").getBytes(StandardCharsets.US_ASCII));
        return packet(0, out.toByteArray());
    }

    private static byte[] okPacket() {
        return packet(2, new byte[] {0, 0, 0, 2, 0, 0, 0});
    }

    private static byte[] packet(int number, byte[] payload) {
        return concat(new byte[] {(byte) payload.length, (byte) (payload.length >> 8), (byte) (payload.length >> 16), (byte) number},
                payload);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}

package dev.portmonitor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portmonitor.testing.KindChecks;
import dev.portmonitor.testing.PrivateMariaDb;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MariaDB blocks a host after {@code max_connect_errors} interrupted handshakes in a row (error
 * 1129), and only hosts other than loopback. Real: a private MariaDB 10.11 with
 * {@code max_connect_errors=5}, checked from this machine's own non-loopback address, so it counts
 * as another host. What each kind leaves in the server's counters and error log is printed for
 * docs/checks.md.
 */
class MysqlHostBlockingIT {

    private static final int LIMIT = 5;
    private static final int CHECKS = 3 * LIMIT;

    @RegisterExtension
    static final KindChecks checks = new KindChecks();

    private static PrivateMariaDb db;
    private static String target;

    @BeforeAll
    static void start() throws Exception {
        db = PrivateMariaDb.start("--max-connect-errors=" + LIMIT);
        // a user that may connect from anywhere, so that another host is greeted rather than refused (1130)
        db.sql("CREATE USER 'app'@'%' IDENTIFIED BY 'not-used-by-the-test'");
        InetAddress address = PrivateMariaDb.nonLoopbackAddress();
        target = address.getHostAddress() + ":" + db.port();
    }

    @AfterAll
    static void stop() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void unblock() throws Exception {
        db.sql("FLUSH HOSTS");
    }

    @Test
    void shouldNeverBlockTheHostWithMysqlChecks() throws Exception {
        long aborted = db.status("Aborted_connects");
        long denied = db.status("Access_denied_errors");
        int logLines = db.errorLog().split("\n").length;

        for (int i = 0; i < CHECKS; i++) {
            ProbeResult result = checks.check("mysql://" + target);
            assertThat(result.outcome()).as("check %d: %s", i + 1, result.reason()).isEqualTo(Outcome.OPEN);
            assertThat(result.detailsMap()).containsEntry("errorCode", 1045);
        }

        ProbeResult after = checks.check("mysql://" + target);
        assertThat(after.outcome()).as(String.valueOf(after.reason())).isEqualTo(Outcome.OPEN);
        assertThat(after.detailsMap()).doesNotContainEntry("errorCode", 1129);
        long deniedNow = db.status("Access_denied_errors") - denied;
        System.out.printf("%d mysql checks (max_connect_errors=%d): Aborted_connects +%d, Access_denied_errors +%d,"
                        + " error log +%d lines; host not blocked%n",
                CHECKS + 1, LIMIT, db.status("Aborted_connects") - aborted, deniedNow,
                db.errorLog().split("\n").length - logLines);
        assertThat(deniedNow).isEqualTo(CHECKS + 1);
    }

    @Test
    void shouldShowThatPlainConnectsBlockTheHost() throws Exception {
        for (int i = 0; i < CHECKS; i++) {
            assertThat(checks.check("tcp://" + target).outcome()).isEqualTo(Outcome.OPEN);
        }

        // MariaDB counts an aborted connect when its thread sees the client gone, which under load can
        // come just after the next connect: that one may be closed while the host is being blocked
        // (seen once in about ten runs on a loaded machine). The block itself is what is asserted.
        ProbeResult[] after = new ProbeResult[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            after[0] = checks.check("mysql://" + target);
            return after[0].outcome() == Outcome.UNHEALTHY;
        });
        assertThat(after[0].reason()).startsWith("MySQL 1129: Host '").contains("is blocked because of many connection errors")
                .endsWith("; FLUSH HOSTS or mariadb-admin flush-hosts unblocks it");
        System.out.printf("%d tcp checks (max_connect_errors=%d): the host is blocked (1129)%n", CHECKS, LIMIT);
    }

    @Test
    void shouldLeaveNothingWhenAMonitoringUserWithoutPasswordExists() throws Exception {
        db.sql("CREATE USER IF NOT EXISTS 'port-monitor'@'%'");
        try {
            // the first connection after FLUSH HOSTS has the server resolve the address (and log it when it cannot)
            assertThat(checks.check("mysql://" + target).outcome()).isEqualTo(Outcome.OPEN);
            long aborted = db.status("Aborted_connects");
            String log = db.errorLog();

            for (int i = 0; i < CHECKS; i++) {
                ProbeResult result = checks.check("mysql://" + target);
                assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
                assertThat(result.detailsMap()).containsEntry("login", "logged in as port-monitor (a user with no password)");
            }

            // the server handles the last COM_QUIT after the check has its verdict: wait until only the
            // statement client below is connected
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> db.status("Threads_connected") == 1);
            System.out.printf("%d mysql checks with a password-less monitoring user: Aborted_connects +%d, error log +%d bytes%n",
                    CHECKS, db.status("Aborted_connects") - aborted, db.errorLog().length() - log.length());
            assertThat(db.status("Aborted_connects")).isEqualTo(aborted);
            assertThat(db.errorLog()).isEqualTo(log);
        } finally {
            db.sql("DROP USER 'port-monitor'@'%'");
        }
    }
}

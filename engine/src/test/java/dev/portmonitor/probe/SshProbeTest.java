package dev.portmonitor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.portmonitor.testing.FakeServer;
import dev.portmonitor.testing.KindChecks;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code ssh} kind against a private OpenSSH sshd started here on a free loopback port with a
 * host key made here (real; skipped when sshd is absent), and fakes for a banner before the line,
 * SSH 1 and another service (faked).
 */
class SshProbeTest {

    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static KindChecks checks;
    private static Process sshd;
    private static int port;
    private static Path log;

    @BeforeAll
    static void start() throws Exception {
        checks = new KindChecks();
        if (!Files.isExecutable(SSHD) || !Files.isExecutable(Path.of("/usr/bin/ssh-keygen"))) {
            return;
        }
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "sshd-");
        Path key = dir.resolve("host_ed25519");
        Process keygen = new ProcessBuilder("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
                .redirectErrorStream(true).start();
        assertThat(keygen.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(keygen.exitValue()).isZero();
        Files.createDirectories(Path.of("/run/sshd"));
        port = MemcachedProbeTest.freePort();
        log = dir.resolve("sshd.log");
        sshd = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-p", String.valueOf(port), "-o", "ListenAddress=127.0.0.1",
                "-h", key.toString(), "-o", "PidFile=none", "-o", "LogLevel=VERBOSE", "-E", log.toString(), "-f", "/dev/null")
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.out").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return true;
            }
        });
    }

    @AfterAll
    static void stop() throws InterruptedException {
        checks.close();
        if (sshd != null) {
            sshd.destroy();
            sshd.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldFindTheRealSshdHealthyWithItsIdentification() throws IOException {
        assumeTrue(sshd != null, "openssh-server is not installed (apt-get install -y openssh-server)");

        ProbeResult result = checks.check("ssh://127.0.0.1:" + port);

        assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
        assertThat(result.kind()).isEqualTo("ssh");
        assertThat(String.valueOf(result.detailsMap().get("identification"))).startsWith("SSH-2.0-OpenSSH_");
        // What sshd logs for one check, for docs/checks.md.
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log).contains("127.0.0.1 port"));
        System.out.println("sshd log for one check:\n" + Files.readString(log));
    }

    @Test
    void shouldAcceptABannerBeforeTheIdentificationLine() throws IOException {
        try (FakeServer fake = FakeServer.start(ascii("Welcome to the bastion\r\nAuthorized use only\r\nSSH-1.99-Cisco-1.25\r\n"),
                chunk -> null)) {
            ProbeResult result = checks.check("ssh://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.OPEN);
            assertThat(result.detailsMap()).containsEntry("identification", "SSH-1.99-Cisco-1.25");
            assertThat(fake.received()).allMatch(String::isEmpty);
        }
    }

    @Test
    void shouldRefuseAnSsh1OnlyServer() throws IOException {
        try (FakeServer fake = FakeServer.start(ascii("SSH-1.5-OpenSSH_3.4\r\n"), chunk -> null)) {
            ProbeResult result = checks.check("ssh://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
            assertThat(result.reason()).isEqualTo("the server speaks SSH protocol 1.5, not 2.0 (SSH-1.5-OpenSSH_3.4)");
        }
    }

    @Test
    void shouldTellAServerThatNeverSendsTheLine() throws IOException {
        StringBuilder banner = new StringBuilder();
        for (int i = 0; i < SshProbe.MAX_LINES + 5; i++) {
            banner.append("line ").append(i).append("\r\n");
        }
        try (FakeServer fake = FakeServer.start(ascii(banner.toString()), chunk -> null)) {
            ProbeResult result = checks.check("ssh://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
            assertThat(result.reason()).isEqualTo("no SSH identification line in the first 20 lines (the first: \"line 19\"...)");
        }
    }

    @Test
    void shouldTellAnotherServiceOnThePort() throws IOException {
        try (FakeServer fake = FakeServer.start(MysqlProbeTest.errorPacket(1040, "Too many connections"), chunk -> null)) {
            ProbeResult result = checks.check("ssh://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
            assertThat(result.reason()).startsWith("not an SSH identification line: \\x17\\x00\\x00\\x00\\xff\\x10\\x04Too many");
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}

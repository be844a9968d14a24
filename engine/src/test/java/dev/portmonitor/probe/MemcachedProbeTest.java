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
 * The {@code memcached} kind against a private memcached started here on a free loopback port (real;
 * skipped when the binary is absent), and a fake for SERVER_ERROR (faked).
 */
class MemcachedProbeTest {

    private static final Path BINARY = Path.of("/usr/bin/memcached");
    private static KindChecks checks;
    private static Process memcached;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        checks = new KindChecks();
        if (Files.isExecutable(BINARY)) {
            port = freePort();
            memcached = new ProcessBuilder(BINARY.toString(), "-l", "127.0.0.1", "-p", String.valueOf(port), "-U", "0",
                    "-u", "root", "-vv").redirectErrorStream(true)
                    .redirectOutput(Path.of("target", "memcached-" + port + ".log").toFile()).start();
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    return true;
                }
            });
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        checks.close();
        if (memcached != null) {
            memcached.destroy();
            memcached.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldFindTheRealMemcachedHealthyWithItsVersionAndSayQuit() throws IOException {
        assumeTrue(memcached != null, "memcached is not installed (apt-get install -y memcached)");

        ProbeResult result = checks.check("memcached://127.0.0.1:" + port);

        assertThat(result.outcome()).as(String.valueOf(result.reason())).isEqualTo(Outcome.OPEN);
        assertThat(result.kind()).isEqualTo("memcached");
        assertThat(String.valueOf(result.detailsMap().get("serverVersion"))).matches("^\\d+\\.\\d+.*");
        // memcached -vv logs each command: the check's quit reached it, and the connection closed.
        Path log = Path.of("target", "memcached-" + port + ".log");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(log).contains("quit"));
        System.out.println("memcached -vv log for one check:\n" + Files.readString(log));
    }

    @Test
    void shouldUseTheDefaultPort() {
        assertThat(ProbeKinds.named("memcached").orElseThrow().defaultPort()).isEqualTo(11211);
    }

    @Test
    void shouldSayAServerError() throws IOException {
        try (FakeServer fake = FakeServer.start(null, chunk -> new String(chunk, StandardCharsets.US_ASCII).startsWith("version")
                ? "SERVER_ERROR out of memory\r\n".getBytes(StandardCharsets.US_ASCII) : null)) {
            ProbeResult result = checks.check("memcached://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.UNHEALTHY);
            assertThat(result.reason()).isEqualTo("memcached SERVER_ERROR out of memory");
            await().atMost(Duration.ofSeconds(5)).until(() -> fake.received().get(0).equals("version\r\nquit\r\n"));
        }
    }

    @Test
    void shouldTellAnotherServiceOnThePort() throws IOException {
        try (FakeServer fake = FakeServer.replyAndClose("-ERR unknown command 'version'\r\n".getBytes(StandardCharsets.US_ASCII))) {
            ProbeResult result = checks.check("memcached://127.0.0.1:" + fake.port());

            assertThat(result.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
            assertThat(result.reason()).startsWith("not a memcached reply to version: -ERR unknown command");
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

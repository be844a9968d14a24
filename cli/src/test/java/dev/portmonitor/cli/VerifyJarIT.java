package dev.portmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runnable jar as a user runs it: a separate process, its exit code, its standard output. */
class VerifyJarIT {

    private static final Path JAR = Path.of(System.getProperty("portmonitor.jar", "target/port-monitor.jar"));

    @TempDir
    Path dir;

    private record Process(int exitCode, String out, String err) {
    }

    private Process run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djdk.net.hosts.file=" + System.getProperty("test.hosts.file"),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        File out = dir.resolve("out.txt").toFile();
        File err = dir.resolve("err.txt").toFile();
        java.lang.Process process = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the jar finished").isTrue();
        return new Process(process.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }

    @Test
    void shouldRunFromTheJarWithTheNativeTransport() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Process process = run("verify", "--json", "db.test:" + server.getLocalPort());

            assertThat(process.exitCode()).as(process.err()).isZero();
            assertThat(process.err()).isEmpty();
            JsonNode json = new ObjectMapper().readTree(process.out());
            assertThat(json.get("passed").asBoolean()).isTrue();
            assertThat(json.get("results").get(0).get("outcome").asText()).isEqualTo("OPEN");
            if (System.getProperty("os.name").startsWith("Linux") && "amd64".equals(System.getProperty("os.arch"))) {
                assertThat(json.get("transport").asText()).as("the epoll library is inside the jar").isEqualTo("epoll");
            }
        }
    }

    @Test
    void shouldExitOneWhenARequiredPortIsClosed() throws Exception {
        int refused;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refused = closed.getLocalPort();
        }

        Process process = run("verify", "127.0.0.1:" + refused);

        assertThat(process.exitCode()).isEqualTo(1);
        assertThat(process.out()).contains("REFUSED").contains("FAILED: 1 required target is not open");
    }

    @Test
    void shouldExitTwoOnABadTarget() throws Exception {
        Process process = run("verify", "db:70000");

        assertThat(process.exitCode()).isEqualTo(2);
        assertThat(process.out()).isEmpty();
        assertThat(process.err()).startsWith("port-monitor verify: \"db:70000\": port must be between 1 and 65535");
    }

    @Test
    void shouldPrintItsVersion() throws Exception {
        Process process = run("--version");

        assertThat(process.exitCode()).isZero();
        assertThat(process.out()).matches("port-monitor \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
    }
}

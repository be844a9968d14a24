package dev.portmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portmonitor.testing.LoopbackServers;
import dev.portmonitor.testing.LoopbackServers.EchoEnd;
import dev.portmonitor.testing.TcpStates;
import java.io.IOException;
import java.time.Duration;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VerifyCommandTest {

    private final List<ServerSocket> listeners = new ArrayList<>();
    private int open;
    private int refused;

    @BeforeEach
    void listen() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        listeners.add(server);
        open = server.getLocalPort();
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refused = closed.getLocalPort();
        }
    }

    @AfterEach
    void close() throws IOException {
        for (ServerSocket listener : listeners) {
            listener.close();
        }
    }

    @Test
    void shouldExitZeroAndPrintATableWhenEveryTargetIsOpen() {
        CliRun run = CliRun.of("verify", "orders-db=db.test:" + open, "127.0.0.1:" + open);

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).matches("OUTCOME +TARGET +ADDRESS +LATENCY +REASON");
        assertThat(lines.get(1)).matches("OPEN +orders-db \\(db\\.test:" + open + "\\) +127\\.0\\.0\\.1:" + open + " +\\d+\\.\\d+ ms");
        assertThat(lines.get(2)).matches("OPEN +127\\.0\\.0\\.1:" + open + " +127\\.0\\.0\\.1:" + open + " +\\d+\\.\\d+ ms");
        assertThat(lines.get(3)).matches("2 targets in [\\d.]+ ms: 2 open");
        assertThat(run.out()).doesNotContain("FAILED");
    }

    /** Issue 11: a target given twice was probed and listed twice, without a word. */
    @Test
    void shouldCheckATargetGivenMoreThanOnceOnceAndSaySo() {
        CliRun run = CliRun.of("verify", "127.0.0.1:" + open, "127.0.0.1:" + open, "--optional", "127.0.0.1:" + open);

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEqualTo("port-monitor verify: 127.0.0.1:" + open + " is given 3 times; it is checked once"
                + System.lineSeparator());
        assertThat(run.out().lines().filter(line -> line.startsWith("OPEN"))).hasSize(1);
        assertThat(run.out()).containsPattern("1 targets? in [\\d.]+ ms: 1 open");
    }

    @Test
    void shouldExitOneAndNameTheClosedTarget() {
        CliRun run = CliRun.of("verify", "127.0.0.1:" + open, "cache.test:" + refused);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).containsPattern("REFUSED +cache\\.test:" + refused + " +127\\.0\\.0\\.1:" + refused
                + " +- +connection refused")
                .contains("FAILED: 1 required target is not open: cache.test:" + refused + " (refused)");
    }

    @Test
    void shouldExitZeroWhenOnlyAnOptionalTargetIsClosed() {
        CliRun run = CliRun.of("verify", "127.0.0.1:" + open, "--optional", "127.0.0.1:" + refused);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("127.0.0.1:" + refused + " [optional]")
                .contains("Not open but optional: 127.0.0.1:" + refused + " (refused)");
    }

    @Test
    void shouldFailASlowPortWhenAThresholdIsSet() {
        // A threshold far below any real connect time: the open port is SLOW, and fails the run.
        CliRun run = CliRun.of("verify", "127.0.0.1:" + open, "--slow", "1us");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).containsPattern("SLOW +127\\.0\\.0\\.1:" + open)
                .contains("over the 1us slow threshold");
    }

    @Test
    void shouldWriteJsonThatParsesBack() throws IOException {
        CliRun run = CliRun.of("verify", "--json", "orders-db=db.test:" + open, "127.0.0.1:" + refused,
                "--optional", "nowhere.test:80", "--reset");

        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("passed").asBoolean()).isFalse();
        assertThat(json.get("transport").asText()).isIn("epoll", "nio");
        assertThat(json.get("elapsedMs").isNumber()).isTrue();
        JsonNode summary = json.get("summary");
        assertThat(summary.get("total").asInt()).isEqualTo(3);
        assertThat(summary.get("counts").get("OPEN").asInt()).isEqualTo(1);
        assertThat(summary.get("counts").get("REFUSED").asInt()).isEqualTo(1);
        assertThat(summary.get("counts").get("UNRESOLVED").asInt()).isEqualTo(1);
        assertThat(summary.get("failedRequired").asInt()).isEqualTo(1);
        assertThat(summary.get("failedOptional").asInt()).isEqualTo(1);
        assertThat(summary.get("slowest").get("target").asText()).isEqualTo("orders-db");

        JsonNode results = json.get("results");
        assertThat(results).hasSize(3);
        JsonNode first = results.get(0);
        assertThat(first.get("target").asText()).isEqualTo("db.test:" + open);
        assertThat(first.get("name").asText()).isEqualTo("orders-db");
        assertThat(first.get("host").asText()).isEqualTo("db.test");
        assertThat(first.get("port").asInt()).isEqualTo(open);
        assertThat(first.get("required").asBoolean()).isTrue();
        assertThat(first.get("outcome").asText()).isEqualTo("OPEN");
        assertThat(first.get("address").asText()).isEqualTo("127.0.0.1:" + open);
        assertThat(first.get("latencyMicros").asLong()).isNotNegative();
        assertThat(first.get("reason").isNull()).isTrue();
        JsonNode second = results.get(1);
        assertThat(second.get("outcome").asText()).isEqualTo("REFUSED");
        assertThat(second.get("latencyMs").isNull()).isTrue();
        assertThat(second.get("reason").asText()).isEqualTo("connection refused");
        JsonNode third = results.get(2);
        assertThat(third.get("required").asBoolean()).isFalse();
        assertThat(third.get("outcome").asText()).isEqualTo("UNRESOLVED");
        assertThat(third.get("address").isNull()).isTrue();
    }

    @Test
    void shouldReadTargetsFromAFileWithCommentsAndOptionalTargets(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("targets.txt");
        Files.writeString(file, String.join("\n",
                "# the services behind the shop",
                "",
                "orders-db=db.test:" + open + "   # primary",
                "  127.0.0.1:" + refused + " optional",
                "tcp://cache.test:" + open));

        CliRun run = CliRun.of("verify", "-f", file.toString(), "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode results = new ObjectMapper().readTree(run.out()).get("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).get("name").asText()).isEqualTo("orders-db");
        assertThat(results.get(1).get("required").asBoolean()).isFalse();
        assertThat(results.get(1).get("outcome").asText()).isEqualTo("REFUSED");
        assertThat(results.get(2).get("target").asText()).isEqualTo("cache.test:" + open);
    }

    @Test
    void shouldReadTargetsFromStandardInput() {
        CliRun run = CliRun.withStdin("127.0.0.1:" + open + "\ndb.test:" + open + "\n", "verify", "-f", "-");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("2 targets in").contains("2 open");
    }

    @Test
    void shouldReportEveryBadLineWithItsFileAndLineAndProbeNothing(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("targets.txt");
        Files.writeString(file, "db.test:" + open + "\ndb:70000\n# fine\nredis\n");

        CliRun run = CliRun.of("verify", "-f", file.toString(), "bad:port");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).containsExactly(
                "port-monitor verify: \"bad:port\": port \"port\" is not a number; expected 1 to 65535",
                "port-monitor verify: " + file + ":2: \"db:70000\": port must be between 1 and 65535",
                "port-monitor verify: " + file + ":4: \"redis\": missing port; expected host:port, for example db.internal:5432",
                "Nothing was probed. Try 'port-monitor verify --help' for the target syntax.");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "verify --timeout 2x 127.0.0.1:1 | port-monitor verify: Invalid value for option '--timeout': \"2x\" has an unknown unit \"x\"",
        "verify --timeout 0s 127.0.0.1:1 | port-monitor verify: Invalid value for option '--timeout': \"0s\" must be longer than zero",
        "verify --concurrency 0 127.0.0.1:1 | port-monitor verify: Invalid value for option '--concurrency': 0 is not allowed; give at least 1",
        "verify --timeout 25h 127.0.0.1:1 | port-monitor verify: Invalid value for option '--timeout': \"25h\" is longer than the 24h allowed",
        "verify --concurrency many 127.0.0.1:1 | port-monitor verify: Invalid value for option '--concurrency': \"many\" is not a whole number; write digits only, for example 100",
        "verify --concurrency 99999999999 127.0.0.1:1 | port-monitor verify: Invalid value for option '--concurrency': \"99999999999\" is too large; the largest accepted is 2147483647",
        "run -c x.yaml --http-port 1e3 | port-monitor run: Invalid value for option '--http-port': \"1e3\" is not a whole number; write digits only, for example 100",
        "verify | port-monitor verify: no targets: give TARGET arguments, --optional TARGET or -f FILE",
        "verify --bogus 127.0.0.1:1 | port-monitor verify: Unknown option: '--bogus'",
        "verify -f /nonexistent/targets.txt | port-monitor verify: /nonexistent/targets.txt: no such file",
        "frobnicate | port-monitor: Unmatched argument at index 0: 'frobnicate'",
        "'' | port-monitor: missing command; the commands are: verify",
    })
    void shouldExitTwoOnBadUsage(String args, String firstErrorLine) {
        CliRun run = CliRun.of(args.isEmpty() ? new String[0] : args.split(" "));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().findFirst()).hasValueSatisfying(line -> assertThat(line).startsWith(firstErrorLine));
        assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void shouldDocumentEveryOptionAndTheExitCodes() {
        CliRun run = CliRun.of("verify", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--file", "--optional", "--timeout", "--slow", "--concurrency", "--deadline",
                "--reset", "--json", "Exit codes:", "0  every required target is open",
                "1  a required target is not open", "2  bad usage or bad input", "[IPv6]:port", "optional",
                "KIND://", "postgres://db.internal", "DEGRADED", "TLS_ERROR");
    }

    @ParameterizedTest
    @ValueSource(strings = {"verify", "run", "check-config", "test-channel"})
    void shouldFitEveryHelpLineInEightyColumns(String command) {
        CliRun run = CliRun.of(command, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(80));
    }

    @Test
    void shouldListTheCommands() {
        CliRun run = CliRun.of("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("verify");
    }

    @Test
    void shouldPassTheTimeoutToTheProbe() throws IOException {
        try (LoopbackServers servers = new LoopbackServers()) {
            int silent = servers.blackhole().port();

            CliRun run = CliRun.of("verify", "--json", "--timeout", "200ms", "127.0.0.1:" + silent);

            assertThat(run.exitCode()).isEqualTo(1);
            JsonNode result = new ObjectMapper().readTree(run.out()).get("results").get(0);
            assertThat(result.get("outcome").asText()).isEqualTo("TIMEOUT");
            assertThat(result.get("reason").asText()).isEqualTo("no answer within 200ms");
        }
    }

    @Test
    void shouldPassTheDeadlineAndTheConcurrencyToTheVerify() throws IOException {
        try (LoopbackServers servers = new LoopbackServers()) {
            int silent = servers.blackhole().port();
            String target = "127.0.0.1:" + silent;

            // One at a time: the first probe uses up the deadline, the other two are never started. (Three
            // names for one port: the same target given three times would be checked once.)
            CliRun run = CliRun.of("verify", "--json", "--timeout", "1s", "--deadline", "300ms", "--concurrency", "1",
                    "a=" + target, "b=" + target, "c=" + target);

            JsonNode results = new ObjectMapper().readTree(run.out()).get("results");
            assertThat(results.get(0).get("reason").asText()).isEqualTo("no answer before the verify deadline of 300ms");
            assertThat(results.get(1).get("reason").asText()).isEqualTo("not probed: the verify deadline of 300ms had passed");
            assertThat(results.get(2).get("reason").asText()).isEqualTo("not probed: the verify deadline of 300ms had passed");
        }
    }

    @Test
    void shouldCloseWithAResetWhenAsked() throws IOException {
        assumeTrue(TcpStates.available(), "needs /proc/net/tcp");
        try (LoopbackServers servers = new LoopbackServers()) {
            EchoEnd reset = servers.readToEnd();
            EchoEnd normal = servers.readToEnd();

            assertThat(CliRun.of("verify", "--reset", "127.0.0.1:" + reset.port()).exitCode()).isZero();
            assertThat(CliRun.of("verify", "127.0.0.1:" + normal.port()).exitCode()).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> reset.finished() == 1 && normal.finished() == 1);

            await().atMost(Duration.ofSeconds(10)).until(() -> TcpStates.timeWait(normal.port()) == 1);
            assertThat(TcpStates.timeWait(reset.port())).isZero();
        }
    }
}

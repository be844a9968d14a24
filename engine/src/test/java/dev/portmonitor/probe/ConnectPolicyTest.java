package dev.portmonitor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portmonitor.target.Target;
import dev.portmonitor.target.TargetParser;
import dev.portmonitor.testing.LoopbackServers;
import dev.portmonitor.testing.LoopbackServers.EchoEnd;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectPolicyTest {

    private static final ConnectPolicy POLICY = ConnectPolicy.of(List.of("*.internal", "db.test"),
            List.of("127.0.0.0/8", "fd00::/8"), List.of("5432", "6379", "8000-8999"));

    private static String refusal(String target, String address) throws Exception {
        Target parsed = TargetParser.parse(target);
        String port = POLICY.refusePort(parsed);
        return port != null ? port : POLICY.refuse(parsed, InetAddress.getByName(address));
    }

    @ParameterizedTest(name = "[{index}] {0} at {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "orders.db.internal:5432 | 192.0.2.10 | null",
        "db.test:6379            | 192.0.2.10 | null",
        "cache.test:6379         | 127.0.0.5  | null",
        "[fd00::5]:8080          | fd00::5    | null",
        "internal:5432           | 192.0.2.10 | not allowed: internal:5432 (192.0.2.10) matches no allowed host (*.internal, db.test) or network (127.0.0.0/8, fd00::/8)",
        "evil.example:5432       | 192.0.2.10 | not allowed: evil.example:5432 (192.0.2.10) matches no allowed host (*.internal, db.test) or network (127.0.0.0/8, fd00::/8)",
        "db.internal:22          | 127.0.0.1  | not allowed: port 22 is not among the allowed ports (5432, 6379, 8000-8999)",
        "db.internal:9000        | 127.0.0.1  | not allowed: port 9000 is not among the allowed ports (5432, 6379, 8000-8999)",
    })
    void shouldAllowOnlyWhatTheRulesSay(String target, String address, String expected) throws Exception {
        assertThat(refusal(target, address)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "host    | db$           | allowed host \"db$\" is not a host name, *.domain or IP address",
        "network | 10.0.0.0/33   | allowed network \"10.0.0.0/33\" is not a CIDR block like 10.1.0.0/16 or fd00::/8",
        "network | intranet      | allowed network \"intranet\" is not a CIDR block like 10.1.0.0/16 or fd00::/8",
        "port    | 70000         | allowed port \"70000\" is not a port or a range like 8000-8999 (1-65535)",
        "port    | 9000-8000     | allowed port \"9000-8000\" is not a port or a range like 8000-8999 (1-65535)",
    })
    void shouldNameABadRule(String kind, String rule, String message) {
        assertThatThrownBy(() -> ConnectPolicy.of(kind.equals("host") ? List.of(rule) : List.of(),
                kind.equals("network") ? List.of(rule) : List.of(), kind.equals("port") ? List.of(rule) : List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void shouldBlockWithoutEverConnecting() throws Exception {
        try (LoopbackServers servers = new LoopbackServers(); ProbeTransport transport = ProbeTransport.create(1, true);
             JdkHostResolver resolver = new JdkHostResolver()) {
            EchoEnd server = servers.readToEnd();
            ConnectProbe probe = new ConnectProbe(new Connector(transport, resolver));
            ProbeOptions onlyTenNet = ProbeOptions.defaults().withTimeout(Duration.ofSeconds(2))
                    .withPolicy(ConnectPolicy.of(List.of(), List.of("10.0.0.0/8"), List.of()));

            ProbeResult blocked = probe.probe(Target.of("127.0.0.1", server.port()), onlyTenNet).join();
            ProbeResult allowed = probe.probe(Target.of("127.0.0.1", server.port()),
                    onlyTenNet.withPolicy(ConnectPolicy.of(List.of(), List.of("127.0.0.1/32"), List.of()))).join();

            assertThat(blocked.outcome()).isEqualTo(Outcome.BLOCKED);
            assertThat(blocked.reason()).isEqualTo("not allowed: 127.0.0.1:" + server.port()
                    + " matches no allowed host or network (10.0.0.0/8)");
            assertThat(allowed.outcome()).isEqualTo(Outcome.OPEN);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.finished() == 1);
            assertThat(server.finished()).as("only the allowed probe connected").isEqualTo(1);
        }
    }
}

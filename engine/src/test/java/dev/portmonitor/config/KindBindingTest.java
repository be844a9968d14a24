package dev.portmonitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portmonitor.probe.ConnectProbe;
import dev.portmonitor.probe.ProbeKind;
import dev.portmonitor.probe.ProbeKinds;
import dev.portmonitor.probe.ProbeSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A monitor's {@code kind:} and the kind's own keys, bound by the kind's binder: with the real
 * registry (tcp), and with a kind of this test's own that has keys and a default port, the way
 * the protocol checks will.
 */
class KindBindingTest {

    /** What an echo kind would keep: the line to expect back, and how many. */
    private record EchoSettings(String expect, Integer lines) implements ProbeSettings {
        @Override
        public String fingerprint() {
            return expect + "|" + lines;
        }
    }

    private static final ProbeKind ECHO = new ProbeKind("echo", 7, List.of("expect", "lines"), reader -> {
        String expect = reader.text("expect");
        if (expect == null) {
            reader.problem("expect", "needs the line the server must answer, like PONG");
        }
        return new EchoSettings(expect, reader.integer("lines", 1, 10));
    }, connector -> new ConnectProbe(connector));

    private static PortMonitorConfig bind(String yaml) throws InvalidConfigException {
        ConfigNode root = ((ConfigNode.MapNode) ConfigLoader.tree(yaml, "test.yaml")).entries().get(ConfigLoader.ROOT_KEY);
        return ConfigBinder.bind(root, "test.yaml", name -> null, null, List.of(ProbeKinds.TCP, ECHO));
    }

    @Test
    void shouldCheckWithTcpUnlessTheMonitorNamesAKind() throws InvalidConfigException {
        PortMonitorConfig config = ConfigLoader.parse("""
                portMonitor:
                  monitors:
                    - {id: plain, host: db, port: 5432, interval: 1m}
                    - {id: named, host: db, port: 5432, interval: 1m, kind: tcp}
                """, "test.yaml");

        assertThat(config.monitors()).allSatisfy(m -> {
            assertThat(m.kind()).isSameAs(ProbeKinds.TCP);
            assertThat(m.settings()).isSameAs(ProbeSettings.NONE);
        });
    }

    @Test
    void shouldBindAKindsOwnKeysAndItsDefaultPort() throws InvalidConfigException {
        PortMonitorConfig config = bind("""
                portMonitor:
                  monitors:
                    - {id: echo, host: echo.internal, interval: 1m, kind: echo, expect: PONG, lines: 2, timeout: 2s}
                """);

        MonitorSpec echo = config.monitors().get(0);
        assertThat(echo.kind()).isSameAs(ECHO);
        assertThat(echo.target().port()).as("the kind's default port").isEqualTo(7);
        assertThat(echo.settings()).isEqualTo(new EchoSettings("PONG", 2));
        assertThat(echo.probe().timeout()).as("the common keys still apply").isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void shouldReportAKindsProblemsWithPathAndLineAndRefuseItsKeysElsewhere() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> bind("""
                portMonitor:
                  monitors:
                    - {id: echo, host: echo.internal, interval: 1m, kind: echo, lines: 11}
                    - {id: db, host: db, interval: 1m, expect: PONG}
                """));

        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                "monitors[0].expect: needs the line the server must answer, like PONG (line 3)",
                "monitors[0].lines: 11 is out of range (1-10) (line 3)",
                "monitors[1].expect: unknown key; allowed: id, name, check, kind, host, port, tier, interval, channels, tags, "
                        + "enabled, timeout, slowThreshold, failuresBeforeAlert, successesBeforeRecovery, slowBeforeDegraded, "
                        + "reminderEvery, maxReminders, closeMode (line 4)",
                "monitors[1]: needs a port (line 4)");
    }
}

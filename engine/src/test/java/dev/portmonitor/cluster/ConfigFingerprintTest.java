package dev.portmonitor.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portmonitor.config.ConfigLoader;
import dev.portmonitor.config.PortMonitorConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigFingerprintTest {

    private static Map<String, String> of(String channelHeaders, String window) throws Exception {
        PortMonitorConfig config = ConfigLoader.parse("""
                portMonitor:
                  channels:
                    - {id: hook, webhook: {url: "https://hooks.example.com/pm?team=ops", headers: %s}}
                  monitors:
                    - {id: db, host: db.test, port: 5432, interval: 1m, channels: [hook]}
                  maintenance:
                    - {id: nightly, cron: "0 2 * * *", duration: %s, monitors: [db]}
                """.formatted(channelHeaders, window), "test.yaml");
        return ConfigFingerprint.of(config);
    }

    @Test
    void shouldAgreeOnTheSameSettingsWhateverTheirOrderOrTheJvm() throws Exception {
        Map<String, String> one = of("{A: '1', B: '2', C: '3'}", "30m");
        Map<String, String> two = of("{C: '3', A: '1', B: '2'}", "30m");

        assertThat(ConfigFingerprint.differences(one, two)).isEmpty();
        // Nothing identity-based (an object's default toString) in what is digested.
        assertThat(ConfigFingerprint.canonical(ConfigLoader.parse("""
                portMonitor:
                  monitors: [{id: db, host: db.test, port: 5432, interval: 1m}]
                """, "t.yaml").monitors().get(0))).doesNotContain("@");
    }

    @Test
    void shouldNameHeaderValuesUrlsAndMaintenanceWindowsThatDiffer() throws Exception {
        Map<String, String> mine = of("{A: '1'}", "30m");

        assertThat(ConfigFingerprint.differences(mine, of("{A: '2'}", "30m"))).containsExactly("set differently: channel hook");
        assertThat(ConfigFingerprint.differences(mine, of("{A: '1'}", "1h"))).containsExactly("set differently: maintenance nightly");
    }
}

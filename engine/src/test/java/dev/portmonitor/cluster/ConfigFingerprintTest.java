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

    @Test
    void shouldDigestEveryKindOfChannelAndTheDefaultsAsEarlierVersionsDid() throws Exception {
        // Members of one cluster may run two versions for a while; they must agree on the same file.
        PortMonitorConfig config = ConfigLoader.parse("""
                portMonitor:
                  channels:
                    - {id: console, log: {}}
                    - {id: hook, webhook: {url: "https://hooks.example.com/pm?team=ops", headers: {B: '2', A: '1'},
                       timeout: 3s, secret: {env: PM_SECRET}}}
                    - {id: phone, telegram: {botToken: {env: PM_TOKEN}, chatId: "-100123", deliveryDeadline: 30s}}
                    - {id: dba, mail: {host: smtp.example.com, security: ssl, username: alerts, password: {env: PM_PASSWORD},
                       from: alerts@example.com, to: [dba@example.com, ops@example.com], trust: "*"}}
                  monitors:
                    - {id: db, host: db.test, port: 5432, interval: 1m}
                """, "test.yaml", name -> name.equals("PM_TOKEN") ? "123456:secret-token" : "secret-" + name);

        // Digests taken before the binder was split and its defaults moved to config.Defaults.
        assertThat(ConfigFingerprint.of(config)).containsAllEntriesOf(Map.of(
                "channel:console", "50daf74c26b6da6b3ac3254a",
                "channel:hook", "65ab5cf77a08c4154193f758",
                "channel:phone", "81c8e99daf59356b7073cd4e",
                "channel:dba", "40db291a24b27b22e9412888",
                "monitor:db", "63eef7a06f73120ffd968618",
                "storm:settings", "da35911c60133fb4425d2127"));
    }
}

package dev.portmonitor.jenkins;

import static io.jenkins.plugins.casc.misc.Util.getUnclassifiedRoot;
import static io.jenkins.plugins.casc.misc.Util.toYamlString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portmonitor.config.MailChannelConfig;
import dev.portmonitor.config.PortMonitorConfig;
import dev.portmonitor.config.TelegramChannelConfig;
import dev.portmonitor.config.WebhookChannelConfig;
import io.jenkins.plugins.casc.ConfigurationAsCode;
import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/examples/jenkins-casc.yaml, the README's example, imported and exported as it is. */
@WithJenkinsConfiguredWithCode
class ConfigurationAsCodeTest {

    @Test
    @ConfiguredWithCode("/jenkins-casc.yaml")
    void shouldImportTheDocumentedYaml(JenkinsConfiguredWithCodeRule r) throws Exception {
        PortMonitorConfiguration configuration = PortMonitorConfiguration.get();
        assertEquals(2, configuration.getMonitors().size());
        assertEquals("orders-db", configuration.getMonitors().get(0).getId());
        assertEquals("database, after-reboot", configuration.getMonitors().get(0).getTags());
        assertEquals("pm-telegram-token", configuration.getChannels().get(1).getTelegram().getBotTokenCredentialsId());

        // The engine binds it with the CLI's rules, the secrets coming from the credentials.
        PortMonitorConfig engine = configuration.toEngineConfig();
        assertEquals(Duration.ofMinutes(1), engine.monitor("orders-db").orElseThrow().interval());
        // the check kinds, and the kind's default port where none is given
        assertEquals("postgres", configuration.getMonitors().get(0).getCheck());
        assertEquals("postgres", engine.monitor("orders-db").orElseThrow().kind().name());
        assertEquals(5432, engine.monitor("orders-db").orElseThrow().target().port());
        assertEquals("redis", engine.monitor("cache").orElseThrow().kind().name());
        // reminders from the defaults, the close mode of one monitor
        assertEquals(Duration.ofMinutes(30), engine.monitor("orders-db").orElseThrow().confirmation().reminderEvery());
        assertEquals(3, engine.monitor("orders-db").orElseThrow().confirmation().maxReminders());
        assertEquals(dev.portmonitor.probe.CloseMode.RESET, engine.monitor("cache").orElseThrow().probe().closeMode());
        // maintenance windows and storm control
        assertEquals(2, engine.maintenance().size());
        assertEquals(java.time.ZoneId.of("Europe/Paris"), engine.maintenance().get(0).zone());
        assertEquals(java.util.List.of("cache"), engine.maintenance().get(1).monitors());
        assertEquals(10, engine.storm().events());
        assertEquals(Duration.ofMinutes(1), engine.storm().window());
        // history and the monthly review
        assertEquals(java.time.ZoneId.of("Europe/Berlin"), engine.history().timezone());
        assertEquals(Duration.ofDays(400), engine.history().keepIncidents());
        assertEquals(java.util.List.of("oncall"), engine.review().channels());
        assertEquals(java.time.ZoneId.of("Europe/Berlin"), engine.review().timezone());
        assertEquals(Duration.ofMillis(200), engine.monitor("cache").orElseThrow().probe().slowThreshold());
        TelegramChannelConfig telegram = (TelegramChannelConfig) engine.channel("oncall").orElseThrow();
        assertEquals("123456:replace-me", telegram.botToken().reveal());
        assertFalse(telegram.toString().contains("replace-me"));
        MailChannelConfig mail = (MailChannelConfig) engine.channel("dba").orElseThrow();
        assertEquals("alerts", mail.username());
        assertEquals(2, mail.to().size());
        WebhookChannelConfig webhook = (WebhookChannelConfig) engine.channel("incidents").orElseThrow();
        assertEquals("payments", webhook.headers().get("X-Team"));
        assertNotNull(configuration.getRestrictions().policy());
    }

    @Test
    @ConfiguredWithCode("/jenkins-casc.yaml")
    void shouldExportWhatItImportedWithoutSecrets(JenkinsConfiguredWithCodeRule r) throws Exception {
        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        String exported = toYamlString(getUnclassifiedRoot(context).get("portMonitor"));

        assertTrue(exported.contains("orders-db"), exported);
        assertTrue(exported.contains("postgres"), exported);
        assertTrue(exported.contains("sunday-patching") && exported.contains("Europe/Paris"), exported);
        assertTrue(exported.contains("pm-telegram-token"), exported);
        assertTrue(exported.contains("127.0.0.0/8, 10.0.0.0/8"), exported);
        assertFalse(exported.contains("replace-me"), exported);
    }

    @Test
    @ConfiguredWithCode("/jenkins-casc.yaml")
    void shouldReadItsOwnExportBackUnchanged(JenkinsConfiguredWithCodeRule r, @TempDir Path dir) throws Exception {
        String exported = exportedPortMonitor();
        PortMonitorConfig imported = PortMonitorConfiguration.get().toEngineConfig();
        PortMonitorConfiguration emptied = PortMonitorConfiguration.get();
        emptied.setMonitors(List.of());
        emptied.setChannels(List.of());
        emptied.setMaintenance(List.of());
        emptied.setTiers(List.of());
        assertTrue(emptied.toEngineConfig().monitors().isEmpty());

        Path file = dir.resolve("exported.yaml");
        Files.writeString(file, "unclassified:\n  portMonitor:\n" + exported.indent(4));
        ConfigurationAsCode.get().configure(file.toString());

        assertEquals(exported, exportedPortMonitor());
        PortMonitorConfig reread = PortMonitorConfiguration.get().toEngineConfig();
        assertEquals(imported.monitors(), reread.monitors());
        assertEquals(imported.tiers(), reread.tiers());
        assertEquals(imported.maintenance(), reread.maintenance());
        assertEquals(imported.storm(), reread.storm());
        assertEquals(imported.history(), reread.history());
        assertEquals(imported.review().channels(), reread.review().channels());
        assertEquals(imported.channels().stream().map(Object::toString).toList(),
                reread.channels().stream().map(Object::toString).toList());
    }

    private static String exportedPortMonitor() throws Exception {
        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        return toYamlString(getUnclassifiedRoot(context).get("portMonitor"));
    }
}

package dev.portmonitor.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.portmonitor.config.ConfigBinder;
import dev.portmonitor.config.ConfigNode;
import dev.portmonitor.config.MonitorSpec;
import dev.portmonitor.probe.CloseMode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Every setting of the YAML's {@code defaults:} (which a monitor takes too) is a field of the form's
 * defaults and of each monitor, with a {@code @DataBoundSetter}, a help file and a form entry, and
 * reaches the engine. No Jenkins is started.
 */
class SettingsFieldsTest {

    /** SettingsBinder.KEYS in the engine. */
    private static final List<String> KEYS = List.of("timeout", "slowThreshold", "failuresBeforeAlert",
            "successesBeforeRecovery", "slowBeforeDegraded", "reminderEvery", "maxReminders", "closeMode");

    @Test
    void shouldHaveAFieldForEverySetting() throws Exception {
        for (Class<?> type : List.of(MonitorDefaults.class, MonitorEntry.class)) {
            String jelly = new String(type.getResourceAsStream(type.getSimpleName() + "/config.jelly").readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            for (String key : KEYS) {
                String property = Character.toUpperCase(key.charAt(0)) + key.substring(1);
                assertNotNull(type.getMethod("set" + property, String.class).getAnnotation(DataBoundSetter.class), type + " " + key);
                assertNotNull(type.getMethod("get" + property), type + " " + key);
                assertNotNull(type.getResource(type.getSimpleName() + "/help-" + key + ".html"), type + " help-" + key);
                assertEquals(true, jelly.contains("field=\"" + key + "\""), type + " form has no " + key);
            }
        }
    }

    @Test
    void shouldBindTheNewSettingsFromTheDefaultsAndTheMonitor() throws Exception {
        MonitorDefaults defaults = new MonitorDefaults();
        defaults.setReminderEvery("1h");
        defaults.setMaxReminders("5");
        MonitorEntry entry = new MonitorEntry("cache", "127.0.0.1", 6379);
        entry.setSlowBeforeDegraded("4");
        entry.setCloseMode("reset");
        entry.setInterval("1m");
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("defaults", defaults.toMap());
        root.put("monitors", List.of(entry.toMap()));

        MonitorSpec spec = ConfigBinder.bind(ConfigNode.of(root), "test", name -> null).monitors().get(0);

        assertEquals(Duration.ofHours(1), spec.confirmation().reminderEvery());
        assertEquals(5, spec.confirmation().maxReminders());
        assertEquals(4, spec.confirmation().slowBeforeDegraded());
        assertEquals(CloseMode.RESET, spec.probe().closeMode());
    }
}

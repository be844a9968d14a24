package dev.portmonitor.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portmonitor.probe.ProbeKind;
import dev.portmonitor.probe.ProbeKinds;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Every option key of every kind the engine has is a field of the form, of configuration as code
 * and of the step's map form: a getter, a {@code @DataBoundSetter}, a form entry, a check method,
 * a help file, and a parameter of "Check now". No Jenkins is started.
 */
class CheckFieldsTest {

    @Test
    void shouldHaveAFieldForEveryOptionOfEveryKind() {
        Set<String> engine = ProbeKinds.all().stream().flatMap(kind -> kind.settingKeys().stream())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(engine, new TreeSet<>(CheckFields.OPTION_KEYS), "CheckFields.OPTION_KEYS against the engine's kinds");
    }

    @Test
    void shouldBindEachOptionThroughItsGetterAndSetter() throws Exception {
        for (String key : CheckFields.OPTION_KEYS) {
            String property = Character.toUpperCase(key.charAt(0)) + key.substring(1);
            Method setter = CheckFields.class.getMethod("set" + property, String.class);
            assertNotNull(setter.getAnnotation(DataBoundSetter.class), key + " has no @DataBoundSetter");
            assertNotNull(CheckFields.class.getMethod("get" + property), key + " has no getter");
            assertNotNull(CheckFields.DescriptorBase.class.getMethod("doCheck" + property, String.class, String.class),
                    key + " has no check method");
            assertNotNull(resource("CheckFields/help-" + key + ".html"), key + " has no help file");
        }
        assertNotNull(resource("CheckFields/help-check.html"));
    }

    @Test
    void shouldShowEveryOptionInTheFormAndSendItToCheckNow() throws Exception {
        String fields = text("CheckFields/DescriptorBase/checkFields.jelly");
        String monitor = text("MonitorEntry/config.jelly");
        for (String key : CheckFields.OPTION_KEYS) {
            assertTrue(fields.contains("field=\"" + key + "\""), key + " is not in checkFields.jelly");
            assertTrue(monitor.matches("(?s).*with=\"[^\"]*\\b" + key + "\\b[^\"]*\".*"), key + " is not sent by Check now");
        }
    }

    @Test
    void shouldPutTheKindAndItsOptionsBesideTheMonitorsKeys() {
        MonitorEntry entry = new MonitorEntry("orders-db", "db.internal", 0);
        entry.setCheck("Postgres");
        entry.setUser("app");
        entry.setTls("true");
        entry.setDatabase(" ");

        Map<String, Object> map = entry.toMap();

        assertEquals("postgres", map.get("check"));
        assertEquals("app", map.get("user"));
        assertEquals("true", map.get("tls"));
        assertTrue(!map.containsKey("database") && !map.containsKey("port"), map.toString());
    }

    @Test
    void shouldBindAMonitorOfEachKindAloneWithItsDefaultPort() throws Exception {
        for (ProbeKind kind : ProbeKinds.all()) {
            if (kind.defaultPort() == 0) {
                continue;
            }
            Map<String, Object> monitor = new LinkedHashMap<>();
            monitor.put("id", "m");
            monitor.put("host", "localhost");
            monitor.put("check", kind.name());
            monitor.put("interval", "1m");
            assertEquals(kind.defaultPort(), dev.portmonitor.config.ConfigBinder.bind(dev.portmonitor.config.ConfigNode.of(
                    Map.of("monitors", java.util.List.of(monitor))), "test", name -> null).monitors().get(0).target().port());
        }
    }

    private static java.net.URL resource(String path) {
        return CheckFields.class.getResource("/dev/portmonitor/jenkins/" + path);
    }

    private static String text(String path) throws Exception {
        try (InputStream in = resource(path).openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

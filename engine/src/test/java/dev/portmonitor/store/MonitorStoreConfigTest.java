package dev.portmonitor.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import org.junit.jupiter.api.Test;

/** The embedded member's settings: exposed to nothing unless told otherwise. */
class MonitorStoreConfigTest {

    @Test
    void shouldKeepALocalMemberToItself() {
        Config config = MonitorStore.config(StoreSettings.local("pm-test"));

        assertThat(config.getClusterName()).isEqualTo("pm-test");
        assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isTrue();
        assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
        assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
        assertThat(config.getNetworkConfig().getJoin().getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isFalse();
        assertThat(config.getNetworkConfig().getPort()).as("not CloudBees HA's 5701").isEqualTo(5801);
        assertThat(config.getMapConfig(MonitorStore.MONITORS).getInMemoryFormat()).isEqualTo(InMemoryFormat.OBJECT);
        assertThat(config.getClassLoader()).isNull();
    }

    @Test
    void shouldUseTheGivenClassLoader() {
        ClassLoader plugin = new ClassLoader(getClass().getClassLoader()) { };

        assertThat(MonitorStore.config(StoreSettings.local("pm-test").withClassLoader(plugin)).getClassLoader()).isSameAs(plugin);
    }
}

package dev.portmonitor.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import dev.portmonitor.store.MonitorStore;
import org.junit.jupiter.api.Test;

/** The embedded member's settings: exposed to nothing unless told otherwise. */
class ClusterMemberConfigTest {

    /** The configuration a member of the monitor service starts with. */
    private static Config configured(MemberSettings settings) {
        Config config = ClusterMember.config(settings);
        MonitorStore.configure(config);
        return config;
    }

    @Test
    void shouldKeepALocalMemberToItself() {
        Config config = configured(MemberSettings.local("pm-test"));

        assertThat(config.getClusterName()).isEqualTo("pm-test");
        assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isTrue();
        assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
        assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
        assertThat(config.getNetworkConfig().getJoin().getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isFalse();
        assertThat(config.getNetworkConfig().getPort()).as("not CloudBees HA's 5701").isEqualTo(5801);
        assertThat(config.getMapConfig("pm-monitors").getInMemoryFormat()).isEqualTo(InMemoryFormat.OBJECT);
        assertThat(config.getClassLoader()).isNull();
    }

    @Test
    void shouldUseTheGivenClassLoader() {
        ClassLoader plugin = new ClassLoader(getClass().getClassLoader()) { };

        assertThat(configured(MemberSettings.local("pm-test").withClassLoader(plugin)).getClassLoader()).isSameAs(plugin);
    }
}

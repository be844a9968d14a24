package dev.portmonitor.store;

import java.util.List;

/**
 * How the embedded Hazelcast member is set up.
 *
 * @param clusterName members join only a cluster of the same name
 * @param bindAddress the interface the member listens on; loopback by default
 * @param port the first port tried (the next ones if taken)
 * @param members addresses of the other members; empty for a member of its own
 * @param classLoader where Hazelcast looks up classes (a plugin's own loader inside Jenkins); null
 *     for its default
 */
public record StoreSettings(String clusterName, String bindAddress, int port, List<String> members,
                            ClassLoader classLoader) {

    public StoreSettings {
        members = List.copyOf(members);
    }

    /** One member, alone, on loopback: exposed to nothing. */
    public static StoreSettings local(String clusterName) {
        return new StoreSettings(clusterName, "127.0.0.1", 5801, List.of(), null);
    }

    public StoreSettings withClassLoader(ClassLoader loader) {
        return new StoreSettings(clusterName, bindAddress, port, members, loader);
    }
}

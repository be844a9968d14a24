package dev.portmonitor.cluster;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How the embedded Hazelcast member is set up: its cluster, address, port, peers and join secret.
 *
 * @param clusterName members join only a cluster of the same name
 * @param bindAddress the interface the member listens on; loopback by default
 * @param port the first port tried (the next ones if taken)
 * @param members addresses of the other members ({@code host:port}); empty for a member of its own,
 *     which then looks for no one at all
 * @param classLoader where Hazelcast looks up classes (a plugin's own loader inside Jenkins); null
 *     for its default
 * @param joinSecret a secret shared by the members, or null; see {@link #effectiveClusterName()}
 */
public record MemberSettings(String clusterName, String bindAddress, int port, List<String> members,
                            ClassLoader classLoader, String joinSecret) {

    public static final int DEFAULT_PORT = 5801;

    public MemberSettings {
        members = List.copyOf(members);
        if (clusterName == null || clusterName.isBlank()) {
            throw new IllegalArgumentException("clusterName: give a name; members join only a cluster of the same name");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " is not a port (1-65535)");
        }
    }

    public MemberSettings(String clusterName, String bindAddress, int port, List<String> members, ClassLoader classLoader) {
        this(clusterName, bindAddress, port, members, classLoader, null);
    }

    /** One member, alone, on loopback: exposed to nothing. */
    public static MemberSettings local(String clusterName) {
        return new MemberSettings(clusterName, "127.0.0.1", DEFAULT_PORT, List.of(), null, null);
    }

    public MemberSettings withClassLoader(ClassLoader loader) {
        return new MemberSettings(clusterName, bindAddress, port, members, loader, joinSecret);
    }

    public MemberSettings withJoinSecret(String secret) {
        return new MemberSettings(clusterName, bindAddress, port, members, classLoader, secret);
    }

    public boolean clustered() {
        return !members.isEmpty();
    }

    /**
     * The name the member joins with. Hazelcast Community Edition has no member authentication: a
     * member joins any cluster whose name matches. With a join secret the name becomes
     * {@code NAME-<first 16 hex digits of HMAC-SHA256(secret, NAME)>}, so a member configured with
     * another secret, or none, is refused as a member of another cluster. This guards against
     * accidental joins (a test box, a copied configuration), not against an attacker: the derived
     * name travels in clear in join messages, and anyone who sees it can join.
     */
    public String effectiveClusterName() {
        if (joinSecret == null || joinSecret.isEmpty()) {
            return clusterName;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(joinSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(clusterName.getBytes(StandardCharsets.UTF_8));
            return clusterName + "-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "MemberSettings[clusterName=" + clusterName + ", bindAddress=" + bindAddress + ", port=" + port
                + ", members=" + members + ", joinSecret=" + (joinSecret == null ? "none" : "****") + "]";
    }
}

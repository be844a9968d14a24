package dev.portmonitor.cluster;

/** A member of the cluster, as a status page shows it. */
public record MemberView(String address, String uuid, boolean local) {
}

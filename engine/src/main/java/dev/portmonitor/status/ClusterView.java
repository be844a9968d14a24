package dev.portmonitor.status;

import dev.portmonitor.cluster.MemberView;
import java.util.List;
import java.util.Map;

/**
 * The cluster as a status page shows it.
 *
 * @param probers the address of the member probing each monitor (its key's owner)
 * @param configDifferences how other members' configurations differ from this one's
 */
public record ClusterView(String name, String local, List<MemberView> members, Map<String, String> probers,
                          List<String> configDifferences) {
}

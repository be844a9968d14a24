package dev.portmonitor.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;

/**
 * One user for a state directory: the first process locks {@code <dir>/lock} (an OS lock, released
 * when the process ends, however it ends) and writes who it is beside it. Another process is
 * refused, with the holder named, unless both are members of one cluster: members that share a
 * directory (Jenkins replicas sharing JENKINS_HOME) write each record's newer version only
 * ({@link StateFiles}), and the cluster keeps one prober per monitor.
 */
public final class StateDirectoryLock implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FileChannel channel;
    private final FileLock lock;
    private final Path holderFile;

    private StateDirectoryLock(FileChannel channel, FileLock lock, Path holderFile) {
        this.channel = channel;
        this.lock = lock;
        this.holderFile = holderFile;
    }

    /**
     * Takes the directory, or joins the cluster member holding it.
     *
     * @param cluster the effective name of this member's cluster
     * @param clustered whether this member is configured to join others (only then may it share)
     * @return the lock, or null when this member shares the directory with a member of its cluster
     * @throws InUseException with a message naming the holder, when the directory is someone else's
     * @throws IOException when the lock file cannot be written
     */
    public static StateDirectoryLock acquire(Path stateDir, String cluster, boolean clustered) throws IOException {
        Files.createDirectories(stateDir);
        Path lockFile = stateDir.resolve("lock");
        Path holderFile = stateDir.resolve("lock.holder.json");
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldHere) {
            lock = null; // this very process holds it (a second service in one JVM)
        }
        if (lock != null) {
            Map<String, Object> holder = Map.of("pid", ProcessHandle.current().pid(), "host", host(), "cluster", cluster,
                    "clustered", clustered, "since", Instant.now().toString(),
                    "process", ManagementFactory.getRuntimeMXBean().getName());
            try {
                Files.writeString(holderFile, JSON.writeValueAsString(holder), StandardCharsets.UTF_8);
            } catch (IOException fullOrReadOnly) {
                // The lock is what keeps a second monitor out; its name is a courtesy for the message.
            }
            return new StateDirectoryLock(channel, lock, holderFile);
        }
        channel.close();
        Map<String, Object> holder = readHolder(holderFile);
        Object theirCluster = holder.get("cluster");
        if (clustered && cluster.equals(theirCluster) && Boolean.TRUE.equals(holder.get("clustered"))) {
            return null;
        }
        throw new InUseException("the state directory " + stateDir.toAbsolutePath() + " is in use by process "
                + holder.getOrDefault("pid", "?") + " on " + holder.getOrDefault("host", "?") + " (cluster "
                + holder.getOrDefault("cluster", "?") + ", since " + holder.getOrDefault("since", "?") + "); two monitors "
                + "on one directory would both alert and overwrite each other's state: give another --state-dir, or stop "
                + "that one (members of one cluster may share a directory: give both --member)");
    }

    private static Map<String, Object> readHolder(Path holderFile) {
        try {
            return JSON.readValue(Files.readString(holderFile, StandardCharsets.UTF_8),
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
        } catch (IOException | RuntimeException unreadable) {
            return Map.of();
        }
    }

    /** The host's name, without a lookup (no DNS query for a lock file). */
    private static String host() {
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) {
            try {
                name = Files.readString(Path.of("/etc/hostname"), StandardCharsets.UTF_8).strip();
            } catch (IOException | RuntimeException e) {
                name = "";
            }
        }
        return name.isBlank() ? "this host" : name;
    }

    /** The directory is another monitor's. */
    public static final class InUseException extends IOException {
        private static final long serialVersionUID = 1L;

        InUseException(String message) {
            super(message);
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(holderFile);
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the OS releases the lock with the process anyway
        }
    }
}

package dev.portmonitor.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads the kernel's TCP socket table (Linux /proc/net/tcp and tcp6). */
public final class TcpStates {

    private static final String TIME_WAIT = "06";

    private TcpStates() {
    }

    public static boolean available() {
        return Files.isReadable(Path.of("/proc/net/tcp"));
    }

    /** Sockets in TIME_WAIT whose local or remote port is {@code port}. */
    public static long timeWait(int port) throws IOException {
        String hex = String.format(":%04X", port);
        long count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 3 && fields[3].equals(TIME_WAIT)
                        && (fields[1].endsWith(hex) || fields[2].endsWith(hex))) {
                    count++;
                }
            }
        }
        return count;
    }
}

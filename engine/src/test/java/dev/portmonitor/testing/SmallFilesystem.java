package dev.portmonitor.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real, tiny file system for tests of a full or read-only disk: a tmpfs mounted on a temporary
 * directory (Linux, as root, as CI runs). Where it cannot be mounted the test is skipped, with the reason.
 */
public final class SmallFilesystem implements AutoCloseable {

    private final Path dir;

    private SmallFilesystem(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code kilobytes} on a new temporary directory. */
    public static SmallFilesystem mount(int kilobytes) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("pm-small-fs-");
        int code = run("mount", "-t", "tmpfs", "-o", "size=" + kilobytes + "k", "tmpfs", dir.toString());
        if (code != 0) {
            Files.deleteIfExists(dir);
            Assumptions.abort("cannot mount a tmpfs here (mount exited " + code + "; it needs root on Linux)");
        }
        return new SmallFilesystem(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Fills every byte that is left, with one file, {@code filler}. */
    public void fill() throws IOException {
        byte[] block = new byte[4096];
        try (var out = Files.newOutputStream(dir.resolve("filler"))) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // "No space left on device": that was the point
        }
    }

    /** Frees what {@link #fill} took. */
    public void free() throws IOException {
        Files.deleteIfExists(dir.resolve("filler"));
    }

    /** Remounts it read-only, or back to read-write. */
    public void readOnly(boolean readOnly) throws IOException, InterruptedException {
        int code = run("mount", "-o", "remount," + (readOnly ? "ro" : "rw"), dir.toString());
        if (code != 0) {
            throw new IOException("remount " + (readOnly ? "ro" : "rw") + " of " + dir + " exited " + code);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", "-l", dir.toString());
        Files.deleteIfExists(dir);
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}

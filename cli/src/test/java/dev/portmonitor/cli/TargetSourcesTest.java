package dev.portmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Target files that are too large, endless, binary or from an editor with habits (issue 11, items 8 and 9). */
class TargetSourcesTest {

    @TempDir
    Path dir;

    private static TargetSources read(String file, byte[] stdin) {
        TargetSources sources = new TargetSources(new ByteArrayInputStream(stdin));
        sources.addFile(file);
        return sources;
    }

    @Test
    void shouldRefuseAFileOverTheLimitWithoutReadingItAll() throws IOException {
        Path big = dir.resolve("big.txt");
        byte[] line = "db.test:5432\n".getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = Files.newOutputStream(big)) {
            for (long written = 0; written <= TargetSources.MAX_BYTES; written += line.length) {
                out.write(line);
            }
        }

        TargetSources sources = read(big.toString(), new byte[0]);

        assertThat(sources.problems()).containsExactly(big + ": larger than 16 MB; a target file holds at most 16 MB (about 500,000 targets)");
    }

    @Test
    void shouldStopAtTheFirstEndlessLine() {
        TargetSources sources = read("/dev/zero", new byte[0]);

        assertThat(sources.problems()).containsExactly("/dev/zero: line 1 is longer than 4096 characters; is this a file of targets?");
        assertThat(sources.targets()).isEmpty();
    }

    @Test
    void shouldCallBinaryOnStandardInputWhatItIsOnce() {
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0x00, 0x13, (byte) 0xc3, 0x28, '\n', (byte) 0x80, '\n'};

        TargetSources sources = read("-", binary);

        assertThat(sources.problems()).containsExactly("<stdin>: not UTF-8 text");
    }

    @Test
    void shouldTakeAByteOrderMarkAndWindowsLineEnds() {
        byte[] text = "\uFEFFdb=db.test:5432\r\ncache.test:6379 optional\r\n".getBytes(StandardCharsets.UTF_8);

        TargetSources sources = read("-", text);

        assertThat(sources.problems()).isEmpty();
        assertThat(sources.targets()).extracting(t -> t.target().label()).containsExactly("db", "cache.test:6379");
        assertThat(sources.targets().get(1).target().required()).isFalse();
    }

    @Test
    void shouldSayADirectoryIsNotAFileOfTargets() {
        assertThat(read(dir.toString(), new byte[0]).problems()).containsExactly(dir + ": is a directory, not a file of targets");
    }
}

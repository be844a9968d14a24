package dev.portmonitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration files that never end, are binary, are directories, or carry a byte-order mark (issue 11). */
class ConfigFileLimitsTest {

    @TempDir
    Path dir;

    private static String problems(Path file) {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> ConfigLoader.load(file));
        assertThat(e).as("rejected").isNotNull();
        return e.problems().toString();
    }

    @Test
    void shouldStopReadingAFileThatNeverEnds() {
        assertThat(problems(Path.of("/dev/zero"))).isEqualTo("[larger than 64 MB; a configuration holds at most 64 MB "
                + "(about 900,000 monitors)]");
    }

    @Test
    void shouldCallBinaryWhatItIs() throws IOException {
        Path binary = Files.write(dir.resolve("binary.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});

        assertThat(problems(binary)).isEqualTo("[not UTF-8 text]");
    }

    @Test
    void shouldSayADirectoryIsNotAConfiguration() {
        assertThat(problems(dir)).isEqualTo("[is a directory, not a configuration file]");
    }

    @Test
    void shouldReadAFileWithAByteOrderMark() throws IOException, InvalidConfigException {
        Path file = Files.writeString(dir.resolve("bom.yaml"), "\uFEFFportMonitor:\n  monitors:\n"
                + "    - {id: db, host: db.test, port: 5432, interval: 1m}\n", StandardCharsets.UTF_8);

        assertThat(ConfigLoader.load(file).monitors()).hasSize(1);
    }

    /** Issue 11, item 8: one 6 MB value took 17 s (SnakeYAML copies its window on every buffer refill). */
    @Test
    void shouldRefuseALineLongerThanSixteenThousandCharacters() throws IOException {
        Path file = Files.writeString(dir.resolve("long.yaml"), "portMonitor:\n  monitors:\n    - {id: db, host: db.test, "
                + "port: 5432, interval: 1m, name: \"" + "x".repeat(6_000_000) + "\"}\n", StandardCharsets.UTF_8);

        assertThat(problems(file)).isEqualTo("[the line is longer than 16384 characters; break it up (a list or a mapping "
                + "may span several lines) (line 3)]");
    }
}

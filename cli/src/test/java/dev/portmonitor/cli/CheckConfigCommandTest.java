package dev.portmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckConfigCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldAcceptTheQuickstartExample() {
        Path quickstart = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), "docs/examples/quickstart.yaml");
        CliRun run = CliRun.of("check-config", quickstart.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(quickstart + ": valid: 5 monitors (5 enabled), 2 tiers, 1 channels\n");
    }

    @Test
    void shouldListEveryProblemAndExitTwo() throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                portMonitor:
                  monitors:
                    - {id: db, host: db, port: 70000, tier: tier1}
                    - {id: db, host: cache, port: 6379, tier: tier9, prot: 1}
                """);

        CliRun run = CliRun.of("check-config", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).containsExactly(
                file + ": 4 problems",
                "  monitors[0].port: 70000 is not a port (1-65535) (line 3)",
                "  monitors[1].prot: unknown key; did you mean \"port\"? (line 4)",
                "  monitors[1].id: duplicate monitor id \"db\" (line 4)",
                "  monitors[1].tier: unknown tier \"tier9\"; did you mean \"tier1\"? (line 4)");
    }

    @Test
    void shouldSayWhenTheFileIsMissing() {
        CliRun run = CliRun.of("check-config", dir.resolve("nothing.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("port-monitor check-config: " + dir.resolve("nothing.yaml") + ": no such file\n");
    }
}

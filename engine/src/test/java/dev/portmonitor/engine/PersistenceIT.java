package dev.portmonitor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portmonitor.cluster.MemberSettings;
import dev.portmonitor.config.ConfigLoader;
import dev.portmonitor.status.StatusJson;
import dev.portmonitor.store.PersistenceHealth;
import dev.portmonitor.testing.SmallFilesystem;
import dev.portmonitor.testing.SwitchablePort;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state directory on a real, tiny file system that fills up or turns read-only (issue 11, item 5):
 * the start says so, /status and /metrics show it, saves are retried, and the stop tells the truth.
 */
class PersistenceIT {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @TempDir
    Path stateDir;

    /**
     * The state directory, its monitor files on the small disk: the lock beside them stays open,
     * and a file system with an open file cannot be remounted read-only.
     */
    private Path stateDirOn(SmallFilesystem disk) throws java.io.IOException {
        java.nio.file.Files.createSymbolicLink(stateDir.resolve("monitors"), disk.dir());
        return stateDir;
    }

    private MonitorService start(Path stateDir, int port, List<String> problems) throws Exception {
        return MonitorService.start(ConfigLoader.parse("""
                portMonitor:
                  defaults: {timeout: 150ms, failuresBeforeAlert: 1}
                  channels: [{id: oncall, log: {}}]
                  monitors:
                    - {id: db, host: 127.0.0.1, port: %d, interval: 200ms, channels: [oncall]}
                """.formatted(port), "test.yaml"), new MonitorService.Settings(MemberSettings.local("pm-persist-"
                + UUID.randomUUID()), stateDir, Duration.ofMillis(200), Duration.ofMillis(400),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), registry), problems::add);
    }

    private double failureCount() {
        var counter = registry.find("portmonitor.state.save.failures").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void shouldTellAtStartInStatusAndAtStopThatAFullDiskTakesNoState() throws Exception {
        List<String> problems = new CopyOnWriteArrayList<>();
        try (SmallFilesystem disk = SmallFilesystem.mount(64); SwitchablePort port = new SwitchablePort()) {
            disk.fill();
            MonitorService service = start(stateDirOn(disk), port.port(), problems);
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("the state directory " + stateDir.toAbsolutePath())
                    .contains("is not writable (No space left on device"));

            await().atMost(Duration.ofSeconds(10)).until(() -> failureCount() > 0);
            PersistenceHealth.Snapshot failing = service.persistence();
            assertThat(failing.ok()).isFalse();
            assertThat(failing.lastError()).contains("could not save the state of db").contains("No space left on device");
            String status = StatusJson.render(service.status(), Instant.now(), null, service.persistence());
            assertThat(status).contains("\"persistence\"").contains("\"ok\" : false").contains("No space left on device");

            // Room again: the next save goes through, and the health says so.
            disk.free();
            await().atMost(Duration.ofSeconds(10)).until(() -> service.persistence().ok());

            disk.fill();
            port.down(); // an event, so a save is due
            await().atMost(Duration.ofSeconds(10)).until(() -> !service.persistence().ok());
            problems.clear();
            boolean clean = service.stop(problems::add);

            assertThat(clean).as("the stop knows state was not saved").isFalse();
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("saving state failed: could not save the state of db")
                    .contains("No space left on device"));
        }
    }

    @Test
    void shouldTellThatAReadOnlyDiskTakesNoState() throws Exception {
        List<String> problems = new CopyOnWriteArrayList<>();
        try (SmallFilesystem disk = SmallFilesystem.mount(1024); SwitchablePort port = new SwitchablePort()) {
            MonitorService service = start(stateDirOn(disk), port.port(), problems);
            assertThat(problems).isEmpty();
            await().atMost(Duration.ofSeconds(10)).until(() -> service.persistence().ok() && service.record("db") != null
                    && service.record("db").state().checks() > 0);

            disk.readOnly(true);
            port.down();
            await().atMost(Duration.ofSeconds(10)).until(() -> !service.persistence().ok());
            assertThat(service.persistence().lastError()).contains("Read-only file system");
            boolean clean = service.stop(problems::add);
            disk.readOnly(false);

            assertThat(clean).isFalse();
            assertThat(problems).anySatisfy(p -> assertThat(p).contains("Read-only file system"));
        }
    }
}

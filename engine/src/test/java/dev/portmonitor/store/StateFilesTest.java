package dev.portmonitor.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portmonitor.monitor.ConfirmationPolicy;
import dev.portmonitor.history.History;
import dev.portmonitor.monitor.CheckResult;
import dev.portmonitor.monitor.MonitorState;
import dev.portmonitor.monitor.MonitorStatus;
import dev.portmonitor.monitor.StateMachine.Subject;
import dev.portmonitor.probe.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFilesTest {

    private static final Instant T0 = Instant.parse("2026-11-26T00:00:00Z");

    @TempDir
    Path dir;

    /** A record as the engine makes it: checks through the entry processor's logic. */
    private static MonitorRecord recordOf(String id, String outcomes) {
        return recordOf(id, outcomes, java.util.List.of());
    }

    private static MonitorRecord recordOf(String id, String outcomes, java.util.List<String> channels) {
        MonitorRecord record = new MonitorRecord(MonitorState.initial(T0), new History());
        int second = 0;
        for (char c : outcomes.toCharArray()) {
            Outcome outcome = c == 'o' ? Outcome.OPEN : Outcome.REFUSED;
            CheckResult check = new CheckResult(outcome, c == 'o' ? 150 : -1, "127.0.0.1:5432",
                    c == 'o' ? null : "connection refused", T0.plusSeconds(second += 30));
            var entry = new java.util.AbstractMap.SimpleEntry<>(id, record);
            new RecordCheck(check, new ConfirmationPolicy(2, 1, 3, null, 3), new Subject(id, id, "db:5432", null),
                    channels).process(entry);
            record = entry.getValue();
        }
        return record;
    }

    @Test
    void shouldReadBackWhatItSaved() throws IOException {
        StateFiles files = new StateFiles(dir);
        // Two events (DOWN, RECOVERED), the first delivered on oncall only: still pending on dba.
        MonitorRecord saved = recordOf("orders-db", "oorrrro", List.of("oncall", "dba"));
        saved.settle(saved.outbox().get(0).event().id(), "oncall");

        files.save("orders-db", saved);
        StateFiles.Loaded loaded = new StateFiles(dir).load(List.of("orders-db", "never-saved"));

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.records()).containsOnlyKeys("orders-db");
        MonitorRecord back = loaded.records().get("orders-db");
        assertThat(back.state()).isEqualTo(saved.state());
        assertThat(back.state().status()).isEqualTo(MonitorStatus.UP);
        assertThat(back.history().recent()).isEqualTo(saved.history().recent());
        assertThat(back.history().minutes().buckets()).containsExactly(saved.history().minutes().buckets());
        assertThat(back.history().hours().buckets()).containsExactly(saved.history().hours().buckets());
        assertThat(back.history().incidents()).isEqualTo(saved.history().incidents()).hasSize(1);
        assertThat(back.outbox()).isEqualTo(saved.outbox()).hasSize(2);
        assertThat(back.outbox().get(0).channels()).containsExactly("dba");
        assertThat(back.getPendingDeliveries()).isEqualTo(2);
        assertThat(Files.list(dir.resolve("monitors"))).extracting(p -> p.getFileName().toString())
                .containsExactly("orders-db.json");
    }

    @Test
    void shouldReportATornFileAndStillLoadTheOthers() throws IOException {
        StateFiles files = new StateFiles(dir);
        files.save("good", recordOf("good", "ooo"));
        files.save("torn", recordOf("torn", "ooo"));
        byte[] whole = Files.readAllBytes(files.file("torn"));
        Files.write(files.file("torn"), java.util.Arrays.copyOf(whole, whole.length / 2));
        Files.writeString(files.file("wrong"), "{\"format\":1,\"monitor\":\"someone-else\",\"state\":{}}");
        Files.writeString(files.file("empty"), "{\"format\":1,\"monitor\":\"empty\",\"state\":{}}");

        StateFiles.Loaded loaded = files.load(List.of("good", "torn", "wrong", "empty"));

        assertThat(loaded.records()).containsOnlyKeys("good");
        assertThat(loaded.problems()).hasSize(3);
        assertThat(loaded.problems().get(2)).contains("(its state is incomplete)");
        assertThat(loaded.problems().get(0)).startsWith("state file " + files.file("torn") + " is unreadable (")
                .endsWith("); monitor torn starts afresh; it was kept as torn.json.corrupt");
        assertThat(loaded.problems().get(1)).contains("it is not the file of monitor wrong");
        assertThat(files.file("torn").resolveSibling("torn.json.corrupt")).exists();
        assertThat(files.file("torn")).doesNotExist();
    }

    @Test
    void shouldLeaveNoTemporaryFileBehind() throws IOException {
        StateFiles files = new StateFiles(dir);
        for (int i = 0; i < 3; i++) {
            files.save("db", recordOf("db", "o".repeat(i + 1)));
        }

        assertThat(Files.list(dir.resolve("monitors"))).extracting(p -> p.getFileName().toString()).containsExactly("db.json");
        assertThat(files.load(List.of("db")).records().get("db").state().checks()).isEqualTo(3);
    }

    @Test
    void shouldRetireTheFilesOfMonitorsNoLongerConfigured() throws IOException {
        StateFiles files = new StateFiles(dir);
        files.save("kept", recordOf("kept", "o"));
        files.save("gone", recordOf("gone", "o"));

        assertThat(files.retireOthers(List.of("kept"))).containsExactly("gone");

        assertThat(files.file("gone")).doesNotExist();
        assertThat(dir.resolve("monitors/retired/gone.json")).exists();
        assertThat(files.load(List.of("kept", "gone")).records()).containsOnlyKeys("kept");
    }
}

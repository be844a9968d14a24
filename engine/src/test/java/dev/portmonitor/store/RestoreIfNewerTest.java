package dev.portmonitor.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portmonitor.history.History;
import dev.portmonitor.monitor.CheckResult;
import dev.portmonitor.monitor.MonitorState;
import dev.portmonitor.probe.Outcome;
import java.time.Instant;
import java.util.AbstractMap.SimpleEntry;
import org.junit.jupiter.api.Test;

/** A state file never rolls a monitor back: the record with the later check wins. */
class RestoreIfNewerTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private static MonitorRecord checkedAt(Instant... times) {
        MonitorRecord record = new MonitorRecord(MonitorState.initial(T0), new History());
        for (Instant at : times) {
            record.history().record(new CheckResult(Outcome.OPEN, 100, "127.0.0.1:5432", null, at));
        }
        return record;
    }

    @Test
    void shouldKeepTheRecordWithTheLaterCheck() {
        MonitorRecord live = checkedAt(T0.plusSeconds(60), T0.plusSeconds(120));
        MonitorRecord stale = checkedAt(T0.plusSeconds(60));
        MonitorRecord fresh = checkedAt(T0.plusSeconds(60), T0.plusSeconds(120), T0.plusSeconds(180));

        SimpleEntry<String, MonitorRecord> entry = new SimpleEntry<>("db", live);
        assertThat(new RestoreIfNewer(stale).process(entry)).isFalse();
        assertThat(entry.getValue()).isSameAs(live);
        assertThat(new RestoreIfNewer(fresh).process(entry)).isTrue();
        assertThat(entry.getValue()).isSameAs(fresh);

        SimpleEntry<String, MonitorRecord> empty = new SimpleEntry<>("db", checkedAt());
        assertThat(new RestoreIfNewer(stale).process(empty)).isTrue();
        SimpleEntry<String, MonitorRecord> absent = new SimpleEntry<>("db", null);
        assertThat(new RestoreIfNewer(stale).process(absent)).isTrue();
        assertThat(absent.getValue()).isSameAs(stale);
    }
}

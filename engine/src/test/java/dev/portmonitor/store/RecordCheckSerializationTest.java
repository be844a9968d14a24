package dev.portmonitor.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import dev.portmonitor.monitor.ConfirmationPolicy;
import dev.portmonitor.history.History;
import dev.portmonitor.monitor.CheckResult;
import dev.portmonitor.monitor.MonitorState;
import dev.portmonitor.monitor.StateMachine.Step;
import dev.portmonitor.monitor.StateMachine.Subject;
import dev.portmonitor.probe.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap.SimpleEntry;
import org.junit.jupiter.api.Test;

/** The entry processor as Hazelcast sends it (to a backup, to another member): the same step after the trip. */
class RecordCheckSerializationTest {

    @Test
    void shouldGiveTheSameStepAfterARoundTrip() {
        SerializationService serialization = new DefaultSerializationServiceBuilder()
                .addDataSerializableFactory(StoreSerialization.FACTORY_ID, new StoreSerialization()).build();
        Instant at = Instant.parse("2026-11-26T03:00:00.123456789Z");
        RecordCheck original = new RecordCheck(new CheckResult(Outcome.REFUSED, -1, "127.0.0.1:5432", "connection refused", at),
                new ConfirmationPolicy(1, 2, 3, Duration.ofMinutes(30), 4), new Subject("db", "Orders database", "db:5432", null),
                java.util.List.of("oncall", "dba"));

        Data data = serialization.toData(original);
        RecordCheck copy = serialization.toObject(data);

        MonitorRecord one = new MonitorRecord(MonitorState.initial(at), new History());
        MonitorRecord two = new MonitorRecord(MonitorState.initial(at), new History());
        Step expected = original.process(new SimpleEntry<>("db", one));
        Step actual = copy.process(new SimpleEntry<>("db", two));
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.event()).isNotNull();
        assertThat(two.history().recent()).isEqualTo(one.history().recent());
        assertThat(two.outbox()).isEqualTo(one.outbox()).singleElement()
                .satisfies(pending -> assertThat(pending.channels()).containsExactly("oncall", "dba"));
        assertThat(data.totalSize()).as("compact, not Java serialization").isLessThan(200);
        assertThat(new String(data.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .as("the outcome travels by name, not by its place in the enum").contains("REFUSED");
    }
}

package dev.portmonitor.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portmonitor.monitor.CheckResult;
import dev.portmonitor.monitor.ConfirmationPolicy;
import dev.portmonitor.monitor.EventType;
import dev.portmonitor.monitor.MonitorStatus;
import dev.portmonitor.monitor.StateMachine.Step;
import dev.portmonitor.monitor.StateMachine.Subject;
import dev.portmonitor.probe.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state file written by the engine before the probe seam (format 1, 2026-12-01: a monitor that
 * went DEGRADED, DOWN and DOWN again, with one event still pending) reads back whole. Enums are
 * kept by name in files and on the wire, so a new outcome can never shift the meaning of old ones.
 */
class StateFileFormatTest {

    @TempDir
    Path dir;

    private MonitorRecord loadFixture() throws IOException {
        Path monitors = Files.createDirectories(dir.resolve("monitors"));
        try (InputStream in = getClass().getResourceAsStream("/state/format-1/monitors/orders-db.json")) {
            Files.copy(in, monitors.resolve("orders-db.json"));
        }
        StateFiles.Loaded loaded = new StateFiles(dir).load(List.of("orders-db"));
        assertThat(loaded.problems()).isEmpty();
        return loaded.records().get("orders-db");
    }

    @Test
    void shouldReadAFileWrittenByTheFirstFormat() throws IOException {
        MonitorRecord record = loadFixture();

        assertThat(record.state().status()).isEqualTo(MonitorStatus.DOWN);
        assertThat(record.state().since()).isEqualTo(Instant.parse("2026-11-30T03:09:30Z"));
        assertThat(record.state().events()).isEqualTo(5);
        assertThat(record.state().last().outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(record.history().recent()).extracting(CheckResult::outcome).containsSubsequence(
                Outcome.OPEN, Outcome.SLOW, Outcome.REFUSED, Outcome.TIMEOUT, Outcome.UNRESOLVED, Outcome.UNREACHABLE);
        assertThat(record.history().recent()).hasSize(20);
        assertThat(record.history().incidents()).hasSize(2);
        assertThat(record.history().incidents().get(0).cause()).isEqualTo("timeout: timeout reason");
        assertThat(record.history().incidents().get(1).end()).isNull();
        assertThat(record.history().deliveries()).hasSize(8);
        assertThat(record.outbox()).singleElement().satisfies(pending -> {
            assertThat(pending.event().id()).isEqualTo("orders-db-5");
            assertThat(pending.event().type()).isEqualTo(EventType.DOWN);
            assertThat(pending.event().outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(pending.channels()).containsExactly("oncall", "dba");
        });
        assertThat(record.history().availability(Instant.parse("2026-11-30T03:10:30Z"), java.time.Duration.ofHours(1)))
                .isEqualTo(0.65);
    }

    @Test
    void shouldConvertAFirstFormatFileToTheIncidentLogWithoutLosingAnything() throws IOException {
        MonitorRecord record = loadFixture();
        List<dev.portmonitor.history.Incident> before = record.history().incidents();

        StateFiles files = new StateFiles(dir);
        files.save("orders-db", record);
        String written = Files.readString(files.file("orders-db"));
        MonitorRecord back = files.load(List.of("orders-db")).records().get("orders-db");

        assertThat(written).contains("\"format\":2");
        assertThat(back.history().incidents()).isEqualTo(before).hasSize(2);
        dev.portmonitor.history.Incident ended = back.history().incidents().get(0);
        assertThat(ended.start()).isEqualTo(Instant.parse("2026-11-30T03:04:00Z"));
        assertThat(ended.end()).isEqualTo(Instant.parse("2026-11-30T03:06:30Z"));
        assertThat(ended.eventId()).as("found in its deliveries").isEqualTo("orders-db-3");
        assertThat(ended.told()).containsExactly("oncall", "dba");
        assertThat(ended.confirmed()).as("the first format kept it nowhere").isNull();
        dev.portmonitor.history.Incident open = back.history().incidents().get(1);
        assertThat(open.eventId()).as("found in the outbox").isEqualTo("orders-db-5");
        assertThat(open.confirmed()).isEqualTo(Instant.parse("2026-11-30T03:10:00Z"));
        assertThat(open.outcome()).isEqualTo("REFUSED");
        assertThat(open.told()).as("its DOWN is still pending").isEmpty();
        assertThat(back.history().recent()).isEqualTo(record.history().recent());
        assertThat(back.history().deliveries()).isEqualTo(record.history().deliveries());
        assertThat(back.outbox()).isEqualTo(record.outbox());
    }

    @Test
    void shouldGoOnFromWhereTheOldFileLeftOff() throws IOException {
        MonitorRecord record = loadFixture();
        CheckResult open = new CheckResult(Outcome.OPEN, 120, "127.0.0.1:5432", null, Instant.parse("2026-11-30T03:10:30Z"));

        SimpleEntry<String, MonitorRecord> entry = new SimpleEntry<>("orders-db", record);
        Step step = new RecordCheck(open, ConfirmationPolicy.DEFAULT, new Subject("orders-db", "Orders database",
                "db.internal:5432", "tier1"), List.of("oncall")).process(entry);

        assertThat(step.event().type()).isEqualTo(EventType.RECOVERED);
        // A new-format id (issue 11): it can never equal one of the old file's "orders-db-<n>".
        assertThat(step.event().id()).isEqualTo("orders-db-recovered-" + Instant.parse("2026-11-30T03:09:30Z").toEpochMilli());
        assertThat(entry.getValue().history().incidents().get(1).end()).isEqualTo(Instant.parse("2026-11-30T03:10:30Z"));
    }

    @Test
    void shouldForgetOnlyIncidentsOlderThanTheKeptAge() throws IOException {
        MonitorRecord record = loadFixture();
        CheckResult open = new CheckResult(Outcome.OPEN, 120, "127.0.0.1:5432", null, Instant.parse("2026-11-30T03:10:30Z"));
        SimpleEntry<String, MonitorRecord> entry = new SimpleEntry<>("orders-db", record);
        Instant firstEnd = record.history().incidents().get(0).end();

        new RecordCheck(open, ConfirmationPolicy.DEFAULT, new Subject("orders-db", "Orders database", "db.internal:5432",
                "tier1"), List.of()).keepingIncidents(java.time.Duration.between(firstEnd, open.at()).minusSeconds(1))
                .process(entry);

        assertThat(entry.getValue().history().incidents()).as("the first ended just too long ago").hasSize(1)
                .allMatch(i -> i.end().equals(open.at()));
    }
}

package dev.portmonitor.store;

import dev.portmonitor.monitor.ConfirmationPolicy;
import dev.portmonitor.history.History;
import dev.portmonitor.history.IncidentRule;
import dev.portmonitor.monitor.CheckResult;
import dev.portmonitor.monitor.MonitorEvent;
import dev.portmonitor.monitor.StateMachine;
import dev.portmonitor.monitor.StateMachine.Step;
import dev.portmonitor.monitor.StateMachine.Subject;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import dev.portmonitor.probe.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One check applied to a monitor's record, atomically, on the member that owns it: the state
 * machine's step, the history, the incidents. Deterministic, so that a backup applying it again
 * reaches the same record.
 */
final class RecordCheck implements EntryProcessor<String, MonitorRecord, Step>, IdentifiedDataSerializable {

    private static final long serialVersionUID = 1L;
    static final int CLASS_ID = 1;

    private CheckResult check;
    private ConfirmationPolicy policy;
    private Subject subject;
    private List<String> channels = List.of();
    private String claimant;
    private long keepIncidentsSeconds = History.KEEP_INCIDENTS.toSeconds();

    /** For Hazelcast's deserialization. */
    RecordCheck() {
    }

    RecordCheck(CheckResult check, ConfirmationPolicy policy, Subject subject, List<String> channels) {
        this(check, policy, subject, channels, null);
    }

    RecordCheck(CheckResult check, ConfirmationPolicy policy, Subject subject, List<String> channels, String claimant) {
        this.check = check;
        this.policy = policy;
        this.subject = subject;
        this.channels = List.copyOf(channels);
        this.claimant = claimant;
    }

    /** Incidents that ended longer ago than this are forgotten (the {@code history.keepIncidents} setting). */
    RecordCheck keepingIncidents(Duration keep) {
        this.keepIncidentsSeconds = keep.toSeconds();
        return this;
    }

    // Written field by field: Java serialization of this processor on every check cost a visible share
    // of a core at 1,000 checks a second (docs/benchmarks.md).
    @Override
    public int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return CLASS_ID;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        // By name: a new outcome, anywhere in the enum, never changes what an old one reads as.
        out.writeString(check.outcome().name());
        out.writeLong(check.latencyMicros());
        out.writeString(check.address());
        out.writeString(check.reason());
        out.writeLong(check.at().getEpochSecond());
        out.writeInt(check.at().getNano());
        out.writeInt(policy.failuresBeforeAlert());
        out.writeInt(policy.successesBeforeRecovery());
        out.writeInt(policy.slowBeforeDegraded());
        out.writeLong(policy.reminderEvery() == null ? -1 : policy.reminderEvery().toNanos());
        out.writeInt(policy.maxReminders());
        out.writeString(subject.monitorId());
        out.writeString(subject.name());
        out.writeString(subject.target());
        out.writeString(subject.tier());
        out.writeInt(channels.size());
        for (String channel : channels) {
            out.writeString(channel);
        }
        out.writeString(claimant);
        out.writeLong(keepIncidentsSeconds);
        out.writeInt(check.details().size());
        for (var detail : check.details().entrySet()) {
            out.writeString(detail.getKey());
            out.writeString(detail.getValue());
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        CheckResult base = new CheckResult(Outcome.valueOf(in.readString()), in.readLong(), in.readString(), in.readString(),
                Instant.ofEpochSecond(in.readLong(), in.readInt()));
        int failures = in.readInt();
        int successes = in.readInt();
        int slow = in.readInt();
        long reminder = in.readLong();
        policy = new ConfirmationPolicy(failures, successes, slow, reminder < 0 ? null : Duration.ofNanos(reminder), in.readInt());
        subject = new Subject(in.readString(), in.readString(), in.readString(), in.readString());
        int count = in.readInt();
        List<String> read = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            read.add(in.readString());
        }
        channels = List.copyOf(read);
        claimant = in.readString();
        keepIncidentsSeconds = in.readLong();
        int detailCount = in.readInt();
        Map<String, String> details = new java.util.LinkedHashMap<>();
        for (int i = 0; i < detailCount; i++) {
            details.put(in.readString(), in.readString());
        }
        check = base.withDetails(details);
    }

    @Override
    public Step process(Map.Entry<String, MonitorRecord> entry) {
        MonitorRecord record = entry.getValue();
        if (record == null) {
            return null; // removed while its check ran: it must not come back
        }
        Step step = StateMachine.next(record.state(), check, policy, subject);
        record.state(step.state());
        History history = record.history();
        history.record(check);
        MonitorEvent event = step.event();
        IncidentRule.apply(event, history);
        history.forgetIncidentsBefore(check.at().minusSeconds(keepIncidentsSeconds));
        if (event != null && !channels.isEmpty()) {
            record.addPending(new PendingEvent(event, channels, claimant));
        }
        entry.setValue(record);
        return step;
    }
}

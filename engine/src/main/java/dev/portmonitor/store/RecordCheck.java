package dev.portmonitor.store;

import dev.portmonitor.config.ConfirmationPolicy;
import dev.portmonitor.history.History;
import dev.portmonitor.monitor.CheckResult;
import dev.portmonitor.monitor.EventType;
import dev.portmonitor.monitor.MonitorEvent;
import dev.portmonitor.monitor.MonitorStatus;
import dev.portmonitor.monitor.StateMachine;
import dev.portmonitor.monitor.StateMachine.Step;
import dev.portmonitor.monitor.StateMachine.Subject;
import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/**
 * One check applied to a monitor's record, atomically, on the member that owns it: the state
 * machine's step, the history, the incidents. Deterministic, so that a backup applying it again
 * reaches the same record.
 */
final class RecordCheck implements EntryProcessor<String, MonitorRecord, Step> {

    private static final long serialVersionUID = 1L;

    private final CheckResult check;
    private final ConfirmationPolicy policy;
    private final Subject subject;

    RecordCheck(CheckResult check, ConfirmationPolicy policy, Subject subject) {
        this.check = check;
        this.policy = policy;
        this.subject = subject;
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
        if (event != null && event.type() == EventType.DOWN) {
            history.openIncident(event.since(), event.cause());
        } else if (event != null && event.type() == EventType.RECOVERED && event.previous() == MonitorStatus.DOWN) {
            history.closeIncident(event.since().plus(event.downtime()));
        }
        entry.setValue(record);
        return step;
    }
}

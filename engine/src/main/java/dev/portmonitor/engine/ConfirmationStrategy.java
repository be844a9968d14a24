package dev.portmonitor.engine;

import dev.portmonitor.config.MonitorSpec;
import dev.portmonitor.monitor.MonitorStatus;
import dev.portmonitor.store.PendingEvent;
import dev.portmonitor.monitor.StateMachine.Step;
import dev.portmonitor.monitor.StateMachine.Subject;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * The confirmation aggregator's strategy: each check of a monitor is folded into the monitor's
 * state (atomically, on the record's owner, by the state machine). The aggregation completes when a
 * check causes an event; the event then leaves the aggregator as a {@link Raised}, and the next
 * check starts a new aggregation.
 */
final class ConfirmationStrategy implements AggregationStrategy {

    /** Applies a check to the monitor's record; returns the step, or null when the record is gone. */
    interface Recorder {
        Step record(Checked checked, Subject subject);
    }

    private final Recorder recorder;
    private final java.util.function.Function<String, java.util.List<PendingEvent>> pendingOf;
    private final SaveTracker saves;
    private final Outbox outbox;
    private final MonitorMetrics metrics;

    /**
     * @param pendingOf a monitor's pending events, oldest first, read where its record lives (asked only
     *     when a check raised an event)
     */
    ConfirmationStrategy(Recorder recorder, java.util.function.Function<String, java.util.List<PendingEvent>> pendingOf,
                         SaveTracker saves, Outbox outbox, MonitorMetrics metrics) {
        this.recorder = recorder;
        this.pendingOf = pendingOf;
        this.saves = saves;
        this.outbox = outbox;
        this.metrics = metrics;
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Checked checked = newExchange.getIn().getBody(Checked.class);
        MonitorSpec spec = checked.spec();
        Subject subject = new Subject(spec.id(), spec.label(), spec.target().address(), spec.tier());
        Step step = recorder.record(checked, subject);
        if (step == null) {
            newExchange.setProperty(MonitorRoutes.DONE, true); // its record is gone: removed while its probe ran
            return newExchange;
        }
        saves.checked(spec.id());
        metrics.status(spec.id(), step.state().status());
        if (step.event() != null) {
            saves.changed(spec.id());
            outbox.sendEarlierFirst(spec, step.event().id(), pendingOf.apply(spec.id()));
            outbox.delivering(step.event(), spec.channels());
            newExchange.getIn().setBody(new Raised(spec, step.event(), spec.channels()));
            newExchange.setProperty(MonitorRoutes.EVENT, step.event().type());
            newExchange.setProperty(MonitorRoutes.DONE, true);
        } else if (step.previous() == MonitorStatus.UNKNOWN && step.state().status() == MonitorStatus.UP) {
            EventLog.firstUp(spec.id(), spec.target().hostPort(), step.state().last());
        }
        return newExchange;
    }
}

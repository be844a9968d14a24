package dev.portmonitor.engine;

import dev.portmonitor.monitor.CheckResult;
import dev.portmonitor.monitor.StateMachine;
import dev.portmonitor.config.MonitorSpec;
import dev.portmonitor.monitor.StateMachine.Step;
import dev.portmonitor.monitor.StateMachine.Subject;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * The confirmation aggregator's strategy: each check of a monitor is folded into the monitor's
 * state (atomically, in the store, by the state machine). The aggregation completes when a check
 * causes an event; the event then leaves the aggregator, and the next check starts a new one.
 */
final class ConfirmationStrategy implements AggregationStrategy {

    /** Applies a check to the store and returns the step. */
    interface Recorder {
        Step record(MonitorSpec spec, CheckResult check, Subject subject);
    }

    private final Function<String, MonitorSpec> specs;
    private final Recorder recorder;
    private final BiConsumer<MonitorSpec, Step> afterStep;

    ConfirmationStrategy(Function<String, MonitorSpec> specs, Recorder recorder, BiConsumer<MonitorSpec, Step> afterStep) {
        this.specs = specs;
        this.recorder = recorder;
        this.afterStep = afterStep;
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        String id = newExchange.getIn().getHeader(MonitorRoutes.MONITOR_ID, String.class);
        MonitorSpec spec = specs.apply(id);
        if (spec == null) {
            newExchange.setProperty(MonitorRoutes.DONE, true); // removed while its probe ran: complete and drop
            return newExchange;
        }
        CheckResult check = newExchange.getIn().getBody(CheckResult.class);
        Subject subject = new Subject(spec.id(), spec.label(), spec.target().hostPort(), spec.tier());
        Step step = recorder.record(spec, check, subject);
        if (step == null) {
            newExchange.setProperty(MonitorRoutes.DONE, true); // its record is gone: removed meanwhile
            return newExchange;
        }
        afterStep.accept(spec, step);
        if (step.event() != null) {
            newExchange.getIn().setBody(step.event());
            newExchange.setProperty(MonitorRoutes.EVENT, step.event().type());
            newExchange.setProperty(MonitorRoutes.DONE, true);
        }
        return newExchange;
    }
}

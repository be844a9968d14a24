package dev.portmonitor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portmonitor.config.MonitorSpec;
import dev.portmonitor.monitor.CheckResult;
import dev.portmonitor.monitor.ConfirmationPolicy;
import dev.portmonitor.monitor.EventType;
import dev.portmonitor.monitor.MonitorState;
import dev.portmonitor.monitor.StateMachine;
import dev.portmonitor.monitor.StateMachine.Step;
import dev.portmonitor.probe.Outcome;
import dev.portmonitor.probe.ProbeOptions;
import dev.portmonitor.target.Target;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The aggregator's strategy alone: each check goes through the real state machine (kept here
 * instead of in a store), and the aggregation completes exactly when an event is raised.
 */
class ConfirmationStrategyTest {

    private static final Instant T0 = Instant.parse("2026-12-01T03:00:00Z");
    private static final MonitorSpec DB = new MonitorSpec("db", "Orders database", Target.of("127.0.0.1", 5432), "tier1",
            Duration.ofSeconds(10), ProbeOptions.defaults(), ConfirmationPolicy.DEFAULT, List.of("oncall", "dba"), List.of(),
            true);

    private final CamelContext camel = new DefaultCamelContext();
    private final SaveTracker saves = new SaveTracker();
    private final Outbox outbox = new Outbox(null, id -> null, channel -> Duration.ofMinutes(1), (channel, raised) -> { });
    private MonitorState state = MonitorState.initial(T0);
    private boolean removed;

    private final ConfirmationStrategy strategy = new ConfirmationStrategy((checked, subject) -> {
        if (removed) {
            return null;
        }
        Step step = StateMachine.next(state, checked.check(), checked.spec().confirmation(), subject);
        state = step.state();
        return step;
    }, id -> List.of(), saves, outbox, new MonitorMetrics(new SimpleMeterRegistry()));

    @AfterEach
    void stop() {
        camel.stop();
    }

    private Exchange check(Outcome outcome, int second) {
        Exchange exchange = new DefaultExchange(camel);
        CheckResult check = new CheckResult(outcome, outcome == Outcome.OPEN ? 200 : -1, "127.0.0.1:5432",
                outcome == Outcome.OPEN ? null : "connection refused", T0.plusSeconds(second));
        exchange.getIn().setBody(new Checked(DB, check));
        return strategy.aggregate(null, exchange);
    }

    @Test
    void shouldCompleteOnlyWhenACheckRaisesAnEvent() {
        saves.added("db");
        Exchange up = check(Outcome.OPEN, 0);
        Exchange firstFailure = check(Outcome.REFUSED, 10);
        Exchange down = check(Outcome.REFUSED, 20);

        assertThat(up.getProperty(MonitorRoutes.DONE)).isNull();
        assertThat(firstFailure.getProperty(MonitorRoutes.DONE)).as("one failure is not yet an alert").isNull();
        assertThat(firstFailure.getIn().getBody()).isInstanceOf(Checked.class);
        assertThat(down.getProperty(MonitorRoutes.DONE)).isEqualTo(true);
        assertThat(down.getProperty(MonitorRoutes.EVENT)).isEqualTo(EventType.DOWN);
        Raised raised = down.getIn().getBody(Raised.class);
        assertThat(raised.spec()).isSameAs(DB);
        assertThat(raised.event().since()).isEqualTo(T0.plusSeconds(10));
        assertThat(raised.channels()).as("the channels its outbox entry lists").containsExactly("oncall", "dba");
        assertThat(saves.drainChanged()).containsExactly("db");
        assertThat(saves.drainDirty()).containsExactly("db");
    }

    @Test
    void shouldCompleteAndDropACheckOfAMonitorRemovedMeanwhile() {
        removed = true;

        Exchange exchange = check(Outcome.REFUSED, 0);

        assertThat(exchange.getProperty(MonitorRoutes.DONE)).isEqualTo(true);
        assertThat(exchange.getProperty(MonitorRoutes.EVENT)).isNull();
        assertThat(saves.drainDirty()).isEmpty();
    }
}

package dev.portmonitor.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portmonitor.monitor.ConfirmationPolicy;
import dev.portmonitor.monitor.StateMachine.Step;
import dev.portmonitor.monitor.StateMachine.Subject;
import dev.portmonitor.probe.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class StateMachineTest {

    private static final Instant T0 = Instant.parse("2026-11-26T03:00:00Z");
    private static final Subject DB = new Subject("orders-db", "Orders database", "db.internal:5432", "tier1");
    private static final ConfirmationPolicy N2_M1 = new ConfirmationPolicy(2, 1, 3, null, 3);

    /** Feeds checks 10 s apart and keeps the states and events. */
    private static final class Run {
        final ConfirmationPolicy policy;
        MonitorState state = MonitorState.initial(T0);
        final List<MonitorEvent> events = new ArrayList<>();
        int second;

        Run(ConfirmationPolicy policy) {
            this.policy = policy;
        }

        Run feed(String outcomes) {
            for (char c : outcomes.toCharArray()) {
                Outcome outcome = switch (c) {
                    case 'o' -> Outcome.OPEN;
                    case 's' -> Outcome.SLOW;
                    case 'r' -> Outcome.REFUSED;
                    case 't' -> Outcome.TIMEOUT;
                    default -> throw new IllegalArgumentException(String.valueOf(c));
                };
                String reason = outcome == Outcome.OPEN ? null : outcome == Outcome.SLOW ? "connected in 900 ms" : "connection refused";
                CheckResult check = new CheckResult(outcome, outcome == Outcome.OPEN ? 200 : -1, "127.0.0.1:5432", reason,
                        T0.plusSeconds(second));
                second += 10;
                Step step = StateMachine.next(state, check, policy, DB);
                state = step.state();
                if (step.event() != null) {
                    events.add(step.event());
                }
            }
            return this;
        }

        List<EventType> types() {
            return events.stream().map(MonitorEvent::type).toList();
        }
    }

    @Test
    void shouldGoUpWithoutAnEventAtTheFirstSuccess() {
        Run run = new Run(N2_M1).feed("o");

        assertThat(run.state.status()).isEqualTo(MonitorStatus.UP);
        assertThat(run.events).isEmpty();
    }

    @Test
    void shouldNotAlertForASingleFailedCheck() {
        Run run = new Run(N2_M1).feed("oorooro");

        assertThat(run.events).isEmpty();
        assertThat(run.state.status()).isEqualTo(MonitorStatus.UP);
    }

    @Test
    void shouldAlertOnceAfterNConsecutiveFailures() {
        Run run = new Run(N2_M1).feed("oorrrrr");

        assertThat(run.types()).containsExactly(EventType.DOWN);
        MonitorEvent down = run.events.get(0);
        assertThat(down.previous()).isEqualTo(MonitorStatus.UP);
        assertThat(down.status()).isEqualTo(MonitorStatus.DOWN);
        assertThat(down.consecutiveFailures()).isEqualTo(2);
        assertThat(down.since()).as("down since the first failed check").isEqualTo(T0.plusSeconds(20));
        assertThat(down.at()).isEqualTo(T0.plusSeconds(30));
        assertThat(down.cause()).isEqualTo("refused: connection refused");
        assertThat(down.monitorName()).isEqualTo("Orders database");
        assertThat(down.target()).isEqualTo("db.internal:5432");
        assertThat(down.tier()).isEqualTo("tier1");
        assertThat(run.state.since()).isEqualTo(T0.plusSeconds(20));
    }

    @Test
    void shouldRecoverOnceWithTheDowntime() {
        Run run = new Run(N2_M1).feed("orrrro");

        assertThat(run.types()).containsExactly(EventType.DOWN, EventType.RECOVERED);
        MonitorEvent recovered = run.events.get(1);
        assertThat(recovered.previous()).isEqualTo(MonitorStatus.DOWN);
        assertThat(recovered.status()).isEqualTo(MonitorStatus.UP);
        // First failure at 10 s, first success again at 50 s.
        assertThat(recovered.downtime()).isEqualTo(Duration.ofSeconds(40));
        assertThat(recovered.since()).isEqualTo(T0.plusSeconds(10));
        assertThat(recovered.cause()).isEqualTo("refused: connection refused");
        assertThat(run.state.status()).isEqualTo(MonitorStatus.UP);
    }

    @Test
    void shouldNeedMConsecutiveSuccessesToRecover() {
        Run run = new Run(new ConfirmationPolicy(2, 3, 3, null, 3)).feed("orroorooo");

        assertThat(run.types()).containsExactly(EventType.DOWN, EventType.RECOVERED);
        assertThat(run.events.get(1).at()).as("the third success in a row").isEqualTo(T0.plusSeconds(80));
        // Down from the first failure (10 s) until the first of the successes that confirmed the recovery (60 s).
        assertThat(run.events.get(1).downtime()).isEqualTo(Duration.ofSeconds(50));
    }

    @Test
    void shouldMintEachDedupeIdFromItsTransition() {
        Run run = new Run(N2_M1).feed("orrorr");

        // T0 is 1795662000000 ms; the outages began with the checks at 10 s and 40 s.
        assertThat(run.events).extracting(MonitorEvent::id).containsExactly("orders-db-down-1795662010000",
                "orders-db-recovered-1795662010000", "orders-db-down-1795662040000");
    }

    /** Issue 11, item 1: after lost state (a new directory, a corrupt file), a new outage's DOWN must not reuse an id. */
    @Test
    void shouldNeverReuseAnIdAfterTheStateIsLost() {
        Run before = new Run(N2_M1).feed("orrorr");
        Run afterLoss = new Run(N2_M1);
        afterLoss.second = 600; // the same monitor, started again from nothing ten minutes later
        afterLoss.feed("orrorr");

        List<String> ids = new java.util.ArrayList<>(before.events.stream().map(MonitorEvent::id).toList());
        afterLoss.events.forEach(e -> ids.add(e.id()));
        assertThat(afterLoss.state.events()).as("the counter started again").isEqualTo(before.state.events());
        assertThat(ids).doesNotHaveDuplicates().hasSize(6);
    }

    @Test
    void shouldGoDownFromUnknownAfterNFailures() {
        Run run = new Run(N2_M1).feed("rr");

        assertThat(run.types()).containsExactly(EventType.DOWN);
        assertThat(run.events.get(0).previous()).isEqualTo(MonitorStatus.UNKNOWN);
    }

    @Test
    void shouldFollowAFlappingPort() {
        Run run = new Run(N2_M1).feed("orororrorrroo");

        assertThat(run.types()).containsExactly(EventType.DOWN, EventType.RECOVERED, EventType.DOWN, EventType.RECOVERED);
        assertThat(run.events).extracting(MonitorEvent::id).doesNotHaveDuplicates();
    }

    @Test
    void shouldDegradeAfterConsecutiveSlowChecksAndRecoverWhenFastAgain() {
        Run run = new Run(N2_M1).feed("ossosssso");

        assertThat(run.types()).containsExactly(EventType.DEGRADED, EventType.RECOVERED);
        assertThat(run.events.get(0).cause()).isEqualTo("slow: connected in 900 ms");
        assertThat(run.events.get(0).since()).as("slow since the first of the slow checks").isEqualTo(T0.plusSeconds(40));
        assertThat(run.events.get(1).downtime()).isEqualTo(Duration.ofSeconds(40));
        assertThat(run.events.get(1).previous()).isEqualTo(MonitorStatus.DEGRADED);
    }

    @Test
    void shouldRemindWhileDownUpToTheLimit() {
        // Checks every 10 s, a reminder every 30 s, at most 2.
        Run run = new Run(new ConfirmationPolicy(2, 1, 3, Duration.ofSeconds(30), 2)).feed("orr" + "r".repeat(12) + "o");

        assertThat(run.types()).containsExactly(EventType.DOWN, EventType.REMINDER, EventType.REMINDER, EventType.RECOVERED);
        assertThat(run.events.get(1).at()).isEqualTo(run.events.get(0).at().plusSeconds(30));
        assertThat(run.events.get(1).reminder()).isEqualTo(1);
        assertThat(run.events).extracting(MonitorEvent::id).doesNotHaveDuplicates();
        assertThat(run.events.get(2).id()).isEqualTo(run.events.get(0).id().replace("-down-", "-reminder-") + "-2");
        assertThat(run.events.get(2).reminder()).isEqualTo(2);
    }

    @Test
    void shouldResetRemindersAfterARecovery() {
        Run run = new Run(new ConfirmationPolicy(1, 1, 3, Duration.ofSeconds(10), 1)).feed("rrrorr");

        assertThat(run.types()).containsExactly(EventType.DOWN, EventType.REMINDER, EventType.RECOVERED, EventType.DOWN,
                EventType.REMINDER);
    }

    @Test
    void shouldCountChecksAndKeepTheLast() {
        Run run = new Run(N2_M1).feed("oor");

        assertThat(run.state.checks()).isEqualTo(3);
        assertThat(Objects.requireNonNull(run.state.last()).outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(run.state.consecutiveFailures()).isEqualTo(1);
    }
}

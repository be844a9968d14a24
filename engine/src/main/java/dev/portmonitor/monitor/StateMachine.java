package dev.portmonitor.monitor;

import dev.portmonitor.monitor.ConfirmationPolicy;
import dev.portmonitor.probe.Outcome;
import java.time.Duration;
import java.time.Instant;

/**
 * The confirmation state machine, a pure function of the state, one check and the policy:
 *
 * <ul>
 *   <li>UNKNOWN becomes UP at the first reachable check (no event), DOWN after N failures;
 *   <li>UP or DEGRADED becomes DOWN after N consecutive failures (DOWN event, since the first of them);
 *   <li>DOWN becomes UP after M consecutive reachable checks (RECOVERED; the outage lasted until the
 *       first of them);
 *   <li>UP becomes DEGRADED after K consecutive SLOW checks (DEGRADED, since the first of them), and
 *       DEGRADED becomes UP after M consecutive OPEN checks (RECOVERED);
 *   <li>while DOWN, a REMINDER every {@code reminderEvery}, at most {@code maxReminders} times.
 * </ul>
 */
public final class StateMachine {

    /** The next state, the status before the check, and the event the check caused, if any. */
    public record Step(MonitorState state, MonitorStatus previous, MonitorEvent event) implements java.io.Serializable {
    }

    /** What an event says about its monitor, beyond the state. */
    public record Subject(String monitorId, String name, String target, String tier) implements java.io.Serializable {
    }

    private StateMachine() {
    }

    public static Step next(MonitorState s, CheckResult check, ConfirmationPolicy policy, Subject subject) {
        Instant at = check.at();
        long checks = s.checks() + 1;
        if (check.reachable()) {
            boolean open = check.outcome() == Outcome.OPEN;
            int successes = s.consecutiveSuccesses() + 1;
            int opens = open ? s.consecutiveOpen() + 1 : 0;
            int slows = open ? 0 : s.consecutiveSlow() + 1;
            Instant reachableSince = s.reachableSince() != null ? s.reachableSince() : at;
            Instant openSince = open ? (s.openSince() != null ? s.openSince() : at) : null;
            Instant slowSince = open ? null : (s.slowSince() != null ? s.slowSince() : at);
            MonitorState counted = new MonitorState(s.status(), s.since(), 0, successes, opens, slows, null, reachableSince,
                    openSince, slowSince, s.cause(), s.remindersSent(), s.lastReminderAt(), check, checks, s.events());
            return switch (s.status()) {
                case UNKNOWN -> new Step(status(counted, MonitorStatus.UP, at, null), s.status(), null);
                case UP -> slows >= policy.slowBeforeDegraded()
                        ? event(status(counted, MonitorStatus.DEGRADED, slowSince, check.describe()), EventType.DEGRADED, s,
                                check, slowSince, null, subject)
                        : new Step(counted, s.status(), null);
                case DEGRADED -> opens >= policy.successesBeforeRecovery()
                        ? event(status(counted, MonitorStatus.UP, at, null), EventType.RECOVERED, s, check, s.since(),
                                Duration.between(s.since(), openSince), subject)
                        : new Step(counted, s.status(), null);
                case DOWN -> successes >= policy.successesBeforeRecovery()
                        ? event(status(counted, MonitorStatus.UP, at, null), EventType.RECOVERED, s, check, s.since(),
                                Duration.between(s.since(), reachableSince), subject)
                        : new Step(counted, s.status(), null);
            };
        }
        int failures = s.consecutiveFailures() + 1;
        Instant failingSince = s.failingSince() != null ? s.failingSince() : at;
        MonitorState counted = new MonitorState(s.status(), s.since(), failures, 0, 0, 0, failingSince, null, null, null,
                check.describe(), s.remindersSent(), s.lastReminderAt(), check, checks, s.events());
        if (s.status() != MonitorStatus.DOWN) {
            if (failures < policy.failuresBeforeAlert()) {
                return new Step(counted, s.status(), null);
            }
            MonitorState down = new MonitorState(MonitorStatus.DOWN, failingSince, failures, 0, 0, 0, failingSince, null, null,
                    null, check.describe(), 0, at, check, checks, s.events());
            return event(down, EventType.DOWN, s, check, failingSince, null, subject);
        }
        Duration every = policy.reminderEvery();
        Instant last = s.lastReminderAt() != null ? s.lastReminderAt() : s.since();
        if (every != null && s.remindersSent() < policy.maxReminders() && !at.isBefore(last.plus(every))) {
            MonitorState reminded = new MonitorState(MonitorStatus.DOWN, s.since(), failures, 0, 0, 0, failingSince, null,
                    null, null, check.describe(), s.remindersSent() + 1, at, check, checks, s.events());
            return event(reminded, EventType.REMINDER, s, check, s.since(), null, subject);
        }
        return new Step(counted, s.status(), null);
    }

    private static MonitorState status(MonitorState s, MonitorStatus status, Instant since, String cause) {
        boolean up = status == MonitorStatus.UP;
        return new MonitorState(status, since, s.consecutiveFailures(), s.consecutiveSuccesses(), s.consecutiveOpen(),
                s.consecutiveSlow(), s.failingSince(), s.reachableSince(), s.openSince(), s.slowSince(),
                up ? null : cause, up ? 0 : s.remindersSent(), up ? null : s.lastReminderAt(), s.last(), s.checks(), s.events());
    }

    private static Step event(MonitorState next, EventType type, MonitorState previous, CheckResult check, Instant since,
                              Duration downtime, Subject subject) {
        long sequence = previous.events() + 1;
        MonitorState numbered = new MonitorState(next.status(), next.since(), next.consecutiveFailures(),
                next.consecutiveSuccesses(), next.consecutiveOpen(), next.consecutiveSlow(), next.failingSince(),
                next.reachableSince(), next.openSince(), next.slowSince(), next.cause(), next.remindersSent(),
                next.lastReminderAt(), next.last(), next.checks(), sequence);
        String cause = type == EventType.RECOVERED ? previous.cause() : check.describe();
        int reminder = type == EventType.REMINDER ? next.remindersSent() : 0;
        MonitorEvent event = new MonitorEvent(dedupeId(subject.monitorId(), type, since, reminder), type, subject.monitorId(),
                subject.name(), subject.target(), subject.tier(), next.status(), previous.status(), cause, check.outcome(),
                type == EventType.RECOVERED ? previous.consecutiveFailures() : next.consecutiveFailures(), since, downtime,
                check.at(), reminder);
        return new Step(numbered, previous.status(), event);
    }

    /**
     * An event's dedupe id: the monitor, the kind of event, when its outage (or slowness) began, and
     * for a reminder its number: {@code orders-db-down-1796007570123}. It is minted from the
     * transition itself, not from a counter kept in state, so it is the same on every redelivery of the
     * event (it travels in the outbox) and never the id of another event, whatever happened to the
     * state: a new outage begins at a new instant. Ids are unique to the millisecond; a monitor's
     * checks are at least 100 ms apart.
     */
    static String dedupeId(String monitorId, EventType type, Instant since, int reminder) {
        return monitorId + "-" + type.name().toLowerCase(java.util.Locale.ROOT) + "-" + since.toEpochMilli()
                + (type == EventType.REMINDER ? "-" + reminder : "");
    }
}

package dev.portmonitor.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portmonitor.monitor.EventType;
import dev.portmonitor.monitor.MonitorEvent;
import dev.portmonitor.monitor.MonitorStatus;
import dev.portmonitor.probe.Outcome;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IncidentRuleTest {

    private static final Instant T0 = Instant.parse("2026-12-01T03:00:00Z");

    private static MonitorEvent event(EventType type, MonitorStatus previous, Duration downtime) {
        MonitorStatus status = type == EventType.RECOVERED ? MonitorStatus.UP
                : type == EventType.DEGRADED ? MonitorStatus.DEGRADED : MonitorStatus.DOWN;
        return new MonitorEvent("db-1", type, "db", "db", "db:5432", null, status, previous, "refused: connection refused",
                Outcome.REFUSED, 2, T0, downtime, T0.plusSeconds(20), type == EventType.REMINDER ? 1 : 0);
    }

    @Test
    void shouldOpenAnIncidentAtADownAndCloseItWhenTheOutageEnded() {
        History history = new History();

        IncidentRule.apply(event(EventType.DOWN, MonitorStatus.UP, null), history);
        IncidentRule.apply(event(EventType.REMINDER, MonitorStatus.DOWN, null), history);
        assertThat(history.incidents()).singleElement().satisfies(i -> {
            assertThat(i.start()).isEqualTo(T0);
            assertThat(i.open()).isTrue();
            assertThat(i.cause()).isEqualTo("refused: connection refused");
        });

        IncidentRule.apply(event(EventType.RECOVERED, MonitorStatus.DOWN, Duration.ofSeconds(90)), history);
        assertThat(history.incidents()).singleElement().satisfies(i -> assertThat(i.end()).isEqualTo(T0.plusSeconds(90)));
    }

    @Test
    void shouldNotCountADegradationOrNoEventAsAnIncident() {
        History history = new History();

        IncidentRule.apply(null, history);
        IncidentRule.apply(event(EventType.DEGRADED, MonitorStatus.UP, null), history);
        IncidentRule.apply(event(EventType.RECOVERED, MonitorStatus.DEGRADED, Duration.ofSeconds(30)), history);

        assertThat(history.incidents()).isEmpty();
    }
}

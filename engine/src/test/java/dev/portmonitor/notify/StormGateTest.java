package dev.portmonitor.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portmonitor.config.StormControl;
import dev.portmonitor.monitor.EventType;
import dev.portmonitor.monitor.MonitorEvent;
import dev.portmonitor.monitor.MonitorStatus;
import dev.portmonitor.probe.Outcome;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StormGateTest {

    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    private static MonitorEvent down(int n) {
        return new MonitorEvent("m" + n + "-1", EventType.DOWN, "m" + n, "m" + n, "db:" + n, null, MonitorStatus.DOWN,
                MonitorStatus.UP, "refused", Outcome.REFUSED, 2, T0, null, T0, 0);
    }

    @Test
    void shouldPassTheFirstEventsAndHoldTheRestUntilTheWindowHasPassed() {
        StormGate gate = new StormGate(new StormControl(3, Duration.ofSeconds(30)));

        assertThat(gate.offer(down(1), T0)).isTrue();
        assertThat(gate.offer(down(2), T0.plusSeconds(1))).isTrue();
        assertThat(gate.offer(down(3), T0.plusSeconds(2))).isFalse();
        assertThat(gate.offer(down(4), T0.plusSeconds(3))).isFalse();
        assertThat(gate.wantsFlush()).isTrue();
        assertThat(gate.wantsFlush()).as("one flush queued at a time").isFalse();

        assertThat(gate.due(T0.plusSeconds(31))).as("30 s after the first held event: not yet").isEmpty();
        assertThat(gate.due(T0.plusSeconds(32))).extracting(MonitorEvent::monitorId).containsExactly("m3", "m4");
        assertThat(gate.due(T0.plusSeconds(33))).isEmpty();
    }

    @Test
    void shouldGoOnGroupingForOneMoreWindowAfterAGroup() {
        StormGate gate = new StormGate(new StormControl(2, Duration.ofSeconds(10)));
        gate.offer(down(1), T0);
        gate.offer(down(2), T0.plusSeconds(1));
        assertThat(gate.due(T0.plusSeconds(11))).hasSize(1);

        assertThat(gate.offer(down(3), T0.plusSeconds(15))).as("still stormy").isFalse();
        assertThat(gate.due(T0.plusSeconds(25))).hasSize(1);
        assertThat(gate.offer(down(4), T0.plusSeconds(60))).as("a quiet window ended the storm").isTrue();
    }

    @Test
    void shouldPassEverythingWhenOffAndReleaseAllAtStop() {
        StormGate off = new StormGate(null);
        for (int i = 0; i < 10; i++) {
            assertThat(off.offer(down(i), T0)).isTrue();
        }
        StormGate on = new StormGate(new StormControl(2, Duration.ofMinutes(5)));
        on.offer(down(1), T0);
        on.offer(down(2), T0);
        on.offer(down(3), T0);

        assertThat(on.drain()).extracting(MonitorEvent::monitorId).containsExactly("m2", "m3");
        assertThat(on.wantsFlush()).isFalse();
    }

    private static MonitorEvent recovered(int n) {
        return new MonitorEvent("m" + n + "-2", EventType.RECOVERED, "m" + n, "m" + n, "db:" + n, null, MonitorStatus.UP,
                MonitorStatus.DOWN, "refused", Outcome.OPEN, 2, T0, Duration.ofSeconds(10), T0.plusSeconds(10), 0);
    }

    /** Issue 11, item 3: the window had dropped the old entry, so the RECOVERED went out before its DOWN. */
    @Test
    void shouldNeverSendAMonitorsEventBeforeItsHeldOnes() {
        StormGate gate = new StormGate(new StormControl(2, Duration.ofSeconds(10)));
        assertThat(gate.offer(down(1), T0)).isTrue();
        assertThat(gate.offer(down(2), T0.plusSeconds(1))).as("the storm begins").isFalse();

        // 11 s later the window no longer counts down(1); the flush has not run yet.
        assertThat(gate.offer(recovered(2), T0.plusSeconds(12))).as("held behind its own DOWN").isFalse();
        assertThat(gate.offer(down(3), T0.plusSeconds(12))).as("another monitor's event may pass").isTrue();
        assertThat(gate.due(T0.plusSeconds(12))).extracting(MonitorEvent::id).containsExactly("m2-1", "m2-2");
    }

    @Test
    void shouldHoldAMonitorsEventBehindItsHeldOnesEvenWhenStormControlIsTurnedOff() {
        StormGate gate = new StormGate(new StormControl(2, Duration.ofSeconds(10)));
        gate.offer(down(1), T0);
        gate.offer(down(2), T0);
        gate.control(null);

        assertThat(gate.offer(recovered(2), T0.plusSeconds(1))).isFalse();
        assertThat(gate.offer(down(3), T0.plusSeconds(1))).isTrue();
        assertThat(gate.due(T0.plusSeconds(1))).extracting(MonitorEvent::id).containsExactly("m2-1", "m2-2");
    }
}

package dev.portmonitor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portmonitor.config.MonitorSpec;
import dev.portmonitor.engine.Schedule.Due;
import dev.portmonitor.monitor.ConfirmationPolicy;
import dev.portmonitor.probe.ProbeOptions;
import dev.portmonitor.target.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The schedule on a clock the test sets: phases, rescheduling, removal, falling behind. */
class ScheduleTest {

    private static final long SECOND = 1_000_000_000L;
    // nanoTime 0 is the wall-clock epoch, so phases are easy to read.
    private final Schedule schedule = new Schedule(0, 0);

    private static MonitorSpec spec(String id, Duration interval, boolean enabled) {
        return new MonitorSpec(id, null, Target.of("127.0.0.1", 5432), null, interval, ProbeOptions.defaults(),
                ConfirmationPolicy.DEFAULT, List.of(), List.of(), enabled);
    }

    private List<String> dueAt(long nanos) {
        return schedule.due(nanos).stream().map(d -> d.spec().id()).toList();
    }

    @Test
    void shouldCheckEachMonitorOncePerIntervalAtAPhaseOfItsOwn() {
        schedule.put(spec("db", Duration.ofSeconds(10), true), 0);

        List<Long> dueTimes = new ArrayList<>();
        for (long t = 0; t <= 40 * SECOND; t += SECOND / 10) {
            schedule.due(t).forEach(d -> dueTimes.add(d.dueNanos()));
        }

        assertThat(dueTimes).hasSize(4);
        long phase = dueTimes.get(0) % (10 * SECOND);
        assertThat(dueTimes).allSatisfy(t -> assertThat(t % (10 * SECOND)).isEqualTo(phase));
    }

    @Test
    void shouldSpreadMonitorsOfOneIntervalOverIt() {
        IntStream.range(0, 100).forEach(i -> schedule.put(spec("m" + i, Duration.ofSeconds(10), true), 0));

        int[] perSecond = new int[10];
        for (int second = 0; second < 10; second++) {
            perSecond[second] = schedule.due((second + 1) * SECOND - 1).size();
        }

        assertThat(IntStream.of(perSecond).sum()).isEqualTo(100);
        assertThat(IntStream.of(perSecond).max().orElseThrow()).as("no second takes most of them").isLessThan(30);
    }

    @Test
    void shouldKeepThePhaseWhenOnlyOtherSettingsChange() {
        schedule.put(spec("db", Duration.ofSeconds(10), true), 0);
        long first = schedule.due(10 * SECOND).get(0).dueNanos();

        schedule.put(spec("db", Duration.ofSeconds(10), true), 10 * SECOND);

        assertThat(schedule.due(first + 10 * SECOND)).singleElement().extracting(Due::dueNanos).isEqualTo(first + 10 * SECOND);
    }

    @Test
    void shouldTakeANewIntervalFromItsNextPhase() {
        schedule.put(spec("db", Duration.ofSeconds(10), true), 0);
        schedule.due(10 * SECOND);

        schedule.put(spec("db", Duration.ofSeconds(1), true), 10 * SECOND);

        assertThat(dueAt(11 * SECOND)).containsExactly("db");
        assertThat(dueAt(12 * SECOND)).containsExactly("db");
    }

    @Test
    void shouldNeverCheckADisabledOrRemovedMonitor() {
        schedule.put(spec("off", Duration.ofSeconds(1), false), 0);
        schedule.put(spec("gone", Duration.ofSeconds(1), true), 0);
        schedule.remove("gone");

        assertThat(dueAt(5 * SECOND)).isEmpty();
        assertThat(schedule.size()).isEqualTo(1);
    }

    @Test
    void shouldSkipMissedChecksAfterAPauseAndKeepThePhase() {
        schedule.put(spec("db", Duration.ofSeconds(1), true), 0);
        long phase = schedule.due(SECOND).get(0).dueNanos() % SECOND;

        // Suspended for a minute: one check now, not sixty.
        List<Due> due = schedule.due(61 * SECOND + phase);

        assertThat(due).hasSize(1);
        assertThat(schedule.due(62 * SECOND + phase)).singleElement()
                .satisfies(d -> assertThat(d.dueNanos() % SECOND).isEqualTo(phase));
    }
}

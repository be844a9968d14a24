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

/** The schedule on a clock the test sets: the first check, phases, rescheduling, removal, falling behind. */
class ScheduleTest {

    private static final long SECOND = 1_000_000_000L;
    // nanoTime 0 is the wall-clock epoch, so phases are easy to read.
    private final Schedule schedule = new Schedule(0, 0);

    private static MonitorSpec spec(String id, Duration interval, boolean enabled) {
        return new MonitorSpec(id, null, Target.of("127.0.0.1", 5432), null, interval, ProbeOptions.defaults(),
                ConfirmationPolicy.DEFAULT, List.of(), List.of(), enabled);
    }

    private List<Long> dueTimes(long from, long to) {
        List<Long> times = new ArrayList<>();
        for (long t = from; t <= to; t += SECOND / 10) {
            schedule.due(t).forEach(d -> times.add(d.dueNanos()));
        }
        return times;
    }

    @Test
    void shouldCheckANewMonitorAtOnceThenOncePerIntervalAtAPhaseOfItsOwn() {
        schedule.put(spec("db", Duration.ofMinutes(10), true), 0);

        List<Long> times = dueTimes(0, 3_000 * SECOND);

        assertThat(times.get(0)).as("the first check within the start spread, not ten minutes on").isLessThan(Schedule.START_SPREAD);
        List<Long> phased = times.subList(1, times.size());
        assertThat(phased).as("one a period of 600 s over the 3000 s after the first").hasSizeBetween(4, 5);
        for (int i = 1; i < phased.size(); i++) {
            assertThat(phased.get(i) - phased.get(i - 1)).isEqualTo(600 * SECOND);
        }
        long phase = phased.get(0) % (600 * SECOND);
        assertThat(phased).allSatisfy(t -> assertThat(t % (600 * SECOND)).isEqualTo(phase));
        assertThat(phased.get(0) - times.get(0)).as("no burst: half an interval at least").isGreaterThanOrEqualTo(300 * SECOND);
    }

    @Test
    void shouldSpreadFirstChecksOverASecondAndLaterOnesOverTheInterval() {
        IntStream.range(0, 100).forEach(i -> schedule.put(spec("m" + i, Duration.ofSeconds(10), true), 0));

        int[] firstTenths = new int[10];
        for (int tenth = 0; tenth < 10; tenth++) {
            firstTenths[tenth] = schedule.due((tenth + 1) * SECOND / 10 - 1).size();
        }
        dueTimes(SECOND, 20 * SECOND); // the checks in between
        int[] perSecond = new int[10];
        for (int second = 0; second < 10; second++) {
            perSecond[second] = schedule.due(20 * SECOND + (second + 1) * SECOND - 1).size();
        }

        assertThat(IntStream.of(firstTenths).sum()).as("every monitor checked in the first second").isEqualTo(100);
        assertThat(IntStream.of(firstTenths).max().orElseThrow()).as("spread over it").isLessThan(30);
        assertThat(IntStream.of(perSecond).sum()).isEqualTo(100);
        assertThat(IntStream.of(perSecond).max().orElseThrow()).as("no second takes most of them").isLessThan(30);
    }

    @Test
    void shouldKeepThePhaseWhenOnlyOtherSettingsChange() {
        schedule.put(spec("db", Duration.ofSeconds(10), true), 0);
        List<Long> before = dueTimes(0, 30 * SECOND);
        long phase = before.get(before.size() - 1) % (10 * SECOND);

        schedule.put(spec("db", Duration.ofSeconds(10), true), 30 * SECOND);

        assertThat(dueTimes(30 * SECOND + SECOND / 10, 60 * SECOND)).hasSize(3)
                .allSatisfy(t -> assertThat(t % (10 * SECOND)).isEqualTo(phase));
    }

    @Test
    void shouldTakeANewIntervalFromItsNextPhase() {
        schedule.put(spec("db", Duration.ofSeconds(10), true), 0);
        schedule.due(SECOND);
        schedule.due(20 * SECOND);

        schedule.put(spec("db", Duration.ofSeconds(1), true), 20 * SECOND);

        assertThat(schedule.due(21 * SECOND)).extracting(d -> d.spec().id()).containsExactly("db");
        assertThat(schedule.due(22 * SECOND)).extracting(d -> d.spec().id()).containsExactly("db");
    }

    @Test
    void shouldNeverCheckADisabledOrRemovedMonitor() {
        schedule.put(spec("off", Duration.ofSeconds(1), false), 0);
        schedule.put(spec("gone", Duration.ofSeconds(1), true), 0);
        schedule.remove("gone");

        assertThat(schedule.due(5 * SECOND)).isEmpty();
        assertThat(schedule.size()).isEqualTo(1);
    }

    @Test
    void shouldSkipMissedChecksAfterAPauseAndKeepThePhase() {
        schedule.put(spec("db", Duration.ofSeconds(1), true), 0);
        schedule.due(SECOND);
        long phase = schedule.due(3 * SECOND).get(0).dueNanos() % SECOND;

        // Suspended for a minute: one check now, not sixty.
        List<Due> due = schedule.due(63 * SECOND + phase);

        assertThat(due).hasSize(1);
        assertThat(schedule.due(64 * SECOND + phase)).singleElement()
                .satisfies(d -> assertThat(d.dueNanos() % SECOND).isEqualTo(phase));
    }
}

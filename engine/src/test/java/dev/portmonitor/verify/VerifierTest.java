package dev.portmonitor.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portmonitor.probe.Outcome;
import dev.portmonitor.probe.ProbeOptions;
import dev.portmonitor.probe.ProbeResult;
import dev.portmonitor.target.Target;
import dev.portmonitor.testing.LoopbackServers;
import dev.portmonitor.testing.LoopbackServers.Blackhole;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VerifierTest {

    private static PortVerifier verifier;

    private final LoopbackServers servers = new LoopbackServers();

    @BeforeAll
    static void start() {
        verifier = PortVerifier.create();
    }

    @AfterAll
    static void stop() {
        verifier.close();
    }

    @AfterEach
    void closeServers() {
        servers.close();
    }

    private static VerifyOptions options(Duration timeout, int concurrency, Duration deadline) {
        return new VerifyOptions(ProbeOptions.defaults().withTimeout(timeout), concurrency, deadline);
    }

    @Test
    void shouldVerifyAThousandTargetsInInputOrderWithABoundedThreadCount() throws IOException {
        List<Integer> open = servers.open(200);
        List<Integer> refused = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            refused.add(servers.refused());
        }
        List<Target> targets = new ArrayList<>();
        List<Outcome> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            switch (i % 5) {
                case 0, 1 -> {
                    targets.add(Target.of("127.0.0.1", open.get(i % 200)));
                    expected.add(Outcome.OPEN);
                }
                case 2 -> {
                    targets.add(Target.of("db.test", open.get((i * 7) % 200)));
                    expected.add(Outcome.OPEN);
                }
                case 3 -> {
                    targets.add(Target.of("127.0.0.1", refused.get(i % 50)));
                    expected.add(Outcome.REFUSED);
                }
                default -> {
                    targets.add(Target.of("missing-" + i + ".test", 80));
                    expected.add(Outcome.UNRESOLVED);
                }
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        verifier.verify(targets.subList(0, 10), options(Duration.ofSeconds(5), 256, Duration.ofMinutes(1))).join();
        int before = threads.getThreadCount();
        java.util.Set<String> namesBefore = new java.util.HashSet<>();
        Thread.getAllStackTraces().keySet().forEach(thread -> namesBefore.add(thread.getName()));
        threads.resetPeakThreadCount();

        VerifyReport report = verifier.verify(targets, options(Duration.ofSeconds(5), 256, Duration.ofMinutes(1))).join();

        int peak = threads.getPeakThreadCount();
        assertThat(report.results()).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            ProbeResult result = report.results().get(i);
            assertThat(result.target()).as("result %d is for target %d", i, i).isEqualTo(targets.get(i));
            assertThat(result.outcome()).as("outcome of %s", targets.get(i)).isEqualTo(expected.get(i));
        }
        assertThat(report.counts()).containsEntry(Outcome.OPEN, 600).containsEntry(Outcome.REFUSED, 200)
                .containsEntry(Outcome.UNRESOLVED, 200).containsEntry(Outcome.TIMEOUT, 0);
        assertThat(report.passed()).isFalse();
        assertThat(report.failedRequired()).hasSize(400);
        // The event loops already run; at most the resolver pool's threads may start for the names.
        assertThat(peak - before).as("threads started by a 1,000-target verify").isLessThanOrEqualTo(4);
        // Threads that appeared during the verify (other tests' helpers may be alive already).
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .filteredOn(name -> !namesBefore.contains(name) && name.startsWith("pm-"))
                .allMatch(name -> name.matches("pm-resolve-\\d+"), "a resolver thread");
    }

    @Test
    void shouldKeepNoMoreThanTheConcurrencyInFlight() throws IOException {
        Blackhole blackhole = servers.blackhole();
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            targets.add(Target.of("127.0.0.1", blackhole.port()));
        }

        VerifyReport report = verifier.verify(targets, options(Duration.ofMillis(200), 2, Duration.ofMinutes(1))).join();

        assertThat(report.results()).extracting(ProbeResult::outcome).containsOnly(Outcome.TIMEOUT);
        // Six probes that each hang for 200 ms, two at a time: three rounds one after another.
        assertThat(report.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        List<ProbeResult> results = report.results();
        for (int i = 2; i < 6; i++) {
            // (wall-clock start times: a little short of the 200 ms timeout, never near zero)
            assertThat(results.get(i).startedAt()).as("target %d started after a round ended", i)
                    .isAfter(results.get(i - 2).startedAt().plusMillis(150));
        }
    }

    @Test
    void shouldStopAtTheDeadlineAndSayWhatWasNotProbed() throws IOException {
        Blackhole blackhole = servers.blackhole();
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            targets.add(Target.of("127.0.0.1", blackhole.port()));
        }

        VerifyReport report = verifier.verify(targets, options(Duration.ofSeconds(1), 2, Duration.ofMillis(1500))).join();

        List<ProbeResult> results = report.results();
        assertThat(results).extracting(ProbeResult::outcome).containsOnly(Outcome.TIMEOUT);
        assertThat(results.get(0).reason()).isEqualTo("no answer within 1s");
        assertThat(results.get(1).reason()).isEqualTo("no answer within 1s");
        // The second round only has what is left of the deadline.
        assertThat(results.get(2).reason()).isEqualTo("no answer before the verify deadline of 1.5s");
        assertThat(results.get(3).reason()).isEqualTo("no answer before the verify deadline of 1.5s");
        assertThat(results.get(4).reason()).isEqualTo("not probed: the verify deadline of 1.5s had passed");
        assertThat(results.get(5).reason()).isEqualTo("not probed: the verify deadline of 1.5s had passed");
    }

    @Test
    void shouldPassWhenOnlyOptionalTargetsFail() throws IOException {
        int open = servers.open();
        int refused = servers.refused();
        List<Target> targets = List.of(Target.of("127.0.0.1", open), Target.of("127.0.0.1", refused).asOptional());

        VerifyReport report = verifier.verify(targets, VerifyOptions.defaults()).join();

        assertThat(report.passed()).isTrue();
        assertThat(report.failedOptional()).extracting(ProbeResult::outcome).containsExactly(Outcome.REFUSED);
        assertThat(report.slowest()).hasValueSatisfying(r -> assertThat(r.target().port()).isEqualTo(open));
    }

    @Test
    void shouldReturnAnEmptyReportForNoTargets() {
        VerifyReport report = verifier.verify(List.of(), VerifyOptions.defaults()).join();

        assertThat(report.results()).isEmpty();
        assertThat(report.passed()).isTrue();
        assertThat(report.slowest()).isEmpty();
    }
}

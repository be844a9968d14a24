package dev.portmonitor.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TogetherFinderTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private static Map<String, List<Instant>> noise(long seed, int monitors, int most) {
        Random random = new Random(seed);
        Map<String, List<Instant>> starts = new LinkedHashMap<>();
        for (int m = 0; m < monitors; m++) {
            List<Instant> list = new ArrayList<>();
            int incidents = 1 + random.nextInt(most);
            for (int i = 0; i < incidents; i++) {
                list.add(NOW.minusSeconds((long) (random.nextDouble() * TogetherFinder.PERIOD.toSeconds())));
            }
            starts.put("m" + m, list);
        }
        return starts;
    }

    @Test
    void shouldFindMonitorsThatWentDownTogetherAmongOthersThatDidNot() {
        Map<String, List<Instant>> starts = noise(7, 10, 12);
        Instant[] together = {Instant.parse("2026-11-03T13:02:00Z"), Instant.parse("2026-11-10T08:11:00Z"),
                Instant.parse("2026-11-24T21:40:00Z")};
        Map<String, String> labels = new LinkedHashMap<>();
        List<String> group = List.of("orders-db", "cache", "search");
        for (String id : group) {
            List<Instant> own = new ArrayList<>(noise(id.hashCode(), 1, 6).get("m0"));
            for (Instant at : together) {
                own.add(at.plusSeconds(70L * group.indexOf(id))); // within 2 min 20 s of each other
            }
            starts.put(id, own);
        }
        labels.put("orders-db", "Orders database (db:5432)");
        labels.put("cache", "Session cache (cache:6379)");
        labels.put("search", "Search (es:9200)");

        List<TogetherFinder.Group> found = TogetherFinder.find(starts, labels, BERLIN, NOW);

        assertThat(found).singleElement().satisfies(together3 -> {
            assertThat(together3.monitors()).containsExactly("orders-db", "cache", "search");
            assertThat(together3.occasions()).hasSize(3);
            assertThat(together3.sentence()).isEqualTo("Orders database (db:5432), Session cache (cache:6379) and Search (es:9200)"
                    + " went down within the same 5 minutes 3 times in the last 8 weeks (Nov 3 14:02, Nov 10 09:11,"
                    + " Nov 24 22:40 Europe/Berlin): a shared host or network?");
        });
    }

    @Test
    void shouldFindAPairThatMetTwiceButNotOneThatMetOnce() {
        Map<String, List<Instant>> starts = new LinkedHashMap<>();
        Instant first = NOW.minus(Duration.ofDays(20));
        Instant second = NOW.minus(Duration.ofDays(3));
        starts.put("a", List.of(first, second));
        starts.put("b", List.of(first.plusSeconds(120), second.plusSeconds(60)));
        starts.put("c", List.of(second.plusSeconds(30), NOW.minus(Duration.ofDays(40))));

        List<TogetherFinder.Group> found = TogetherFinder.find(starts, Map.of(), BERLIN, NOW);

        assertThat(found).singleElement().satisfies(group -> {
            // c met a and b once each: not a pattern; a and b met twice.
            assertThat(group.monitors()).containsExactly("a", "b");
            assertThat(group.occasions()).containsExactly(first, second);
        });
    }

    @Test
    void shouldFindNothingInTwelveNoiseHistories() {
        for (long seed = 1; seed <= 12; seed++) {
            Map<String, List<Instant>> starts = noise(seed, 20, 30);
            assertThat(TogetherFinder.find(starts, Map.of(), BERLIN, NOW)).as("seed %d", seed).isEmpty();
        }
    }

    @Test
    void shouldNotTakeTwoMonitorsThatFailAllTheTimeForAGroup() {
        // Each down every 30 minutes: they meet often, but no more than chance has them meet.
        Random random = new Random(3);
        Map<String, List<Instant>> starts = new LinkedHashMap<>();
        for (String id : List.of("flappy", "shaky")) {
            List<Instant> list = new ArrayList<>();
            for (long t = 0; t < TogetherFinder.PERIOD.toSeconds(); t += 1800) {
                list.add(NOW.minusSeconds(t + random.nextInt(1800)));
            }
            starts.put(id, list);
        }

        assertThat(TogetherFinder.find(starts, Map.of(), BERLIN, NOW)).isEmpty();
    }

    @Test
    void shouldComputeThePoissonTail() {
        assertThat(TogetherFinder.poissonTail(0, 2.0)).isEqualTo(1.0);
        assertThat(TogetherFinder.poissonTail(1, 2.0)).isCloseTo(1 - Math.exp(-2), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(TogetherFinder.poissonTail(3, 0.5)).isCloseTo(1 - Math.exp(-0.5) * (1 + 0.5 + 0.125),
                org.assertj.core.data.Offset.offset(1e-12));
    }
}

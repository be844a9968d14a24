package dev.portmonitor.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.opentest4j.AssertionFailedError;

/**
 * Random inputs for a bounded number of tries, from a seed that is printed when a try fails (set
 * {@code -Dportmonitor.fuzz.seed=N} to run that seed again). Plain JUnit: no framework of its own.
 */
public final class Fuzz {

    private final SplittableRandom random;
    private final long seed;

    private Fuzz(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    /** A fuzzer from the given seed property, or from the clock. */
    public static Fuzz seeded() {
        return new Fuzz(Long.getLong("portmonitor.fuzz.seed", System.nanoTime()));
    }

    public int below(int bound) {
        return random.nextInt(bound);
    }

    public boolean chance(int inHundred) {
        return random.nextInt(100) < inHundred;
    }

    public <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** A string of up to {@code max} characters, any code points below U+0800 (controls and NUL included). */
    public String anyText(int max) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(max + 1);
        for (int i = 0; i < length; i++) {
            text.append((char) random.nextInt(0x800));
        }
        return text.toString();
    }

    /** A list of up to {@code max} items. */
    public <T> List<T> listOf(int max, Supplier<T> item) {
        List<T> items = new ArrayList<>();
        int size = random.nextInt(max + 1);
        for (int i = 0; i < size; i++) {
            items.add(item.get());
        }
        return items;
    }

    /**
     * Runs {@code check} on {@code tries} inputs; the first that throws fails the test with the input,
     * the try and the seed.
     */
    public <T> void forAll(int tries, Supplier<T> input, Function<T, ?> check) {
        for (int i = 0; i < tries; i++) {
            T value = input.get();
            try {
                check.apply(value);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionFailedError("try " + i + " of seed " + seed + " (-Dportmonitor.fuzz.seed=" + seed
                        + ") failed on " + value + ": " + e, e);
            }
        }
    }
}

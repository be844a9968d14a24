package dev.portmonitor.jenkins;

import java.util.function.BooleanSupplier;

/** Waiting in a test for what Jenkins or the engine does on threads of their own. */
final class Waits {

    private Waits() {
    }

    /** Returns once {@code condition} holds, checking every 100 ms; fails after 30 s naming {@code what}. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }
}

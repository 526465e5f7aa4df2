package io.github.saasconnect.testsupport;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for something a background task does, up to a deadline. Never a fixed sleep. */
public final class Await {

    private Await() {}

    /**
     * Returns as soon as {@code condition} holds; fails with {@code what} when it does not hold by {@code deadline}.
     */
    public static void until(String what, Duration deadline, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + deadline + ": " + what);
            }
            // a short park between polls leaves the CPU to the background work being waited for
            LockSupport.parkNanos(1_000_000);
        }
    }
}

package io.github.saasconnect.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Live threads while a contender works: the JVM's peak, reset when the measurement starts, less the threads that
 * were alive before it (the harness, the sandbox's event loops, warmed-up pools).
 */
final class ThreadPeak {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final int before;

    private ThreadPeak(int before) {
        this.before = before;
    }

    /** Starts measuring: resets the JVM's peak thread count. */
    static ThreadPeak start() {
        THREADS.resetPeakThreadCount();
        return new ThreadPeak(THREADS.getThreadCount());
    }

    /** Threads alive when the measurement started. */
    int before() {
        return before;
    }

    /** The highest number of live threads since {@link #start()}. */
    int peak() {
        return THREADS.getPeakThreadCount();
    }

    /** How many more threads were alive at the peak than at the start. */
    int added() {
        return Math.max(0, peak() - before);
    }
}

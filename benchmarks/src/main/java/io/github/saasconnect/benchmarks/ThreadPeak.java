package io.github.saasconnect.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Live threads (and process CPU time) while a contender works: the JVM's peak, reset when the measurement starts, less the threads that
 * were alive before it (the harness, the sandbox's event loops, warmed-up pools).
 */
final class ThreadPeak {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final int before;
    private final long startedBefore;
    private final long cpuBefore;

    private ThreadPeak(int before, long startedBefore, long cpuBefore) {
        this.before = before;
        this.startedBefore = startedBefore;
        this.cpuBefore = cpuBefore;
    }

    /** Starts measuring: resets the JVM's peak thread count and notes the process's CPU time. */
    static ThreadPeak start() {
        THREADS.resetPeakThreadCount();
        return new ThreadPeak(THREADS.getThreadCount(), THREADS.getTotalStartedThreadCount(), OS.getProcessCpuTime());
    }

    /** CPU time the whole process (contender and sandbox) used since {@link #start()}, in milliseconds. */
    double cpuMillis() {
        return (OS.getProcessCpuTime() - cpuBefore) / 1e6;
    }

    /**
     * CPU time the live threads whose names start with {@code prefix} have used so far, in milliseconds (for
     * long-lived threads, such as a sandbox's event loops: a thread that ends is no longer counted).
     */
    static double cpuMillisOfThreadsNamed(String prefix) {
        long nanos = 0;
        for (var info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                nanos += Math.max(0, THREADS.getThreadCpuTime(info.getThreadId()));
            }
        }
        return nanos / 1e6;
    }

    /** Threads alive when the measurement started. */
    int before() {
        return before;
    }

    /** The highest number of live threads since {@link #start()}. */
    int peak() {
        return THREADS.getPeakThreadCount();
    }

    /** Threads started since {@link #start()}: what the contender had to create for the work. */
    long started() {
        return THREADS.getTotalStartedThreadCount() - startedBefore;
    }

    /** How many more threads were alive at the peak than at the start. */
    int added() {
        return Math.max(0, peak() - before);
    }
}

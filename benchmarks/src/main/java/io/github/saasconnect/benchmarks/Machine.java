package io.github.saasconnect.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/** One line about where a benchmark ran. */
final class Machine {

    private Machine() {}

    static String describe() {
        Runtime runtime = Runtime.getRuntime();
        return String.format(
                Locale.ROOT,
                "%d CPUs, max heap %d MB, %s %s, %s %s, load average %.2f",
                runtime.availableProcessors(),
                runtime.maxMemory() / (1024 * 1024),
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}

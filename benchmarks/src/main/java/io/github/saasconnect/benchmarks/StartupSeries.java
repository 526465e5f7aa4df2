package io.github.saasconnect.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link StartupBenchmark} one fork per variant in turn, {@code --rounds} times, so that a load that drifts
 * during the series hits every variant alike, and prints a Markdown table: each variant's median start time and,
 * per round, its difference to the start without the starter (median and range of those paired differences).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.saasconnect.benchmarks.StartupSeries --rounds=20
 * </pre>
 */
public final class StartupSeries {

    private static final String BASELINE = "without";

    private StartupSeries() {}

    public static void main(String[] args) throws RunnerException {
        HarnessOptions options = HarnessOptions.parse(args);
        int rounds = options.integer("rounds", 20);
        List<String> variants = List.of(options.text("variants", "without,with,with-existing-store,with-memory-store")
                .split(","));
        if (!variants.contains(BASELINE)) {
            throw new IllegalArgumentException("--variants must include " + BASELINE);
        }
        Map<String, Samples> starts = new LinkedHashMap<>();
        Map<String, Samples> added = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            Map<String, Double> thisRound = new LinkedHashMap<>();
            for (String variant : variants) {
                double ms = startOnce(variant);
                thisRound.put(variant, ms);
                starts.computeIfAbsent(variant, v -> new Samples()).add(ms);
            }
            for (String variant : variants) {
                added.computeIfAbsent(variant, v -> new Samples())
                        .add(thisRound.get(variant) - thisRound.get(BASELINE));
            }
            System.out.printf(Locale.ROOT, "round %d/%d: %s%n", round, rounds, thisRound);
        }
        System.out.println();
        System.out.println("| variant | start (ms), median (min–max) | added vs without, paired per round (ms) |");
        System.out.println("|---|---|---|");
        for (String variant : variants) {
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %s | %s |%n",
                    variant,
                    starts.get(variant).describe(0),
                    variant.equals(BASELINE) ? "–" : added.get(variant).describe(0));
        }
        System.out.println();
        System.out.println(Machine.describe());
    }

    private static double startOnce(String variant) throws RunnerException {
        Options one = new OptionsBuilder()
                .include(StartupBenchmark.class.getName() + ".contextStart")
                .param("starter", variant)
                .forks(1)
                .verbosity(VerboseMode.SILENT)
                .build();
        RunResult result = new Runner(one).runSingle();
        return result.getPrimaryResult().getScore();
    }
}

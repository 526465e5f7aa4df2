package io.github.saasconnect.benchmarks;

import io.github.saasconnect.testkit.TestKeys;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The GitHub sandbox an app-token benchmark mints against, with a GitHub App installed on N accounts and a fixed
 * latency on every answer: in the benchmark's JVM ({@link #inProcess}), or in a JVM of its own ({@link #forked}) so
 * that the benchmark's process CPU time is the client's alone.
 *
 * @param webBaseUrl the sandbox's {@code web-base-url}
 * @param apiBaseUrl the sandbox's {@code api-base-url}
 * @param appId the GitHub App's id, the JWT's {@code iss}
 * @param clientId the GitHub App's client id
 * @param installations the installation ids, one per account
 * @param ownProcess whether it runs in a JVM of its own
 * @param progress what the sandbox has done so far
 * @param closer stops the sandbox
 */
record MintSandbox(
        URI webBaseUrl,
        URI apiBaseUrl,
        String appId,
        String clientId,
        List<Long> installations,
        boolean ownProcess,
        Supplier<Stats> progress,
        Runnable closer)
        implements AutoCloseable {

    /** The installation tokens the sandbox has minted so far, and the CPU time it has used. */
    record Stats(long mints, double cpuMillis) {}

    /** The installation tokens minted and the CPU time used so far. */
    Stats stats() {
        return progress.get();
    }

    @Override
    public void close() {
        closer.run();
    }

    /**
     * The sandbox in this JVM. Its CPU time is that of its event loop and of Reactor's {@code parallel} threads (its
     * latency timers fire there; the client schedules no timer that fires during a run), so that JIT compilation and
     * GC count as the client's.
     */
    static MintSandbox inProcess(int installations, Duration latency) {
        GitHubSandbox github = GitHubSandbox.start();
        List<Long> ids = install(github, installations, latency);
        return new MintSandbox(
                github.webBaseUrl(),
                github.apiBaseUrl(),
                github.appId(),
                github.client().clientId(),
                ids,
                false,
                () -> new Stats(
                        github.requestCount(Endpoint.APP_TOKEN),
                        ThreadPeak.cpuMillisOfThreadsNamed("GitHub-sandbox")
                                + ThreadPeak.cpuMillisOfThreadsNamed("parallel-")),
                github::close);
    }

    /**
     * The sandbox in a child JVM on this class path ({@link Child}), asked for its figures over its standard input
     * and output. Its CPU time is that whole process's.
     */
    static MintSandbox forked(int installations, Duration latency) {
        Process process;
        try {
            process = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            Child.class.getName(),
                            Integer.toString(installations),
                            Long.toString(latency.toMillis()))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BufferedReader answers =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintStream questions = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        String[] ready = Child.answer(answers, "ready").split(" ");
        return new MintSandbox(
                URI.create(ready[0]),
                URI.create(ready[1]),
                ready[2],
                ready[3],
                Arrays.stream(ready[4].split(",")).map(Long::valueOf).toList(),
                true,
                () -> {
                    questions.println("stats");
                    String[] stats = Child.answer(answers, "stats").split(" ");
                    return new Stats(Long.parseLong(stats[0]), Long.parseLong(stats[1]) / 1e6);
                },
                () -> {
                    questions.close(); // the child stops at the end of its input
                    try {
                        if (!process.waitFor(30, TimeUnit.SECONDS)) {
                            process.destroy();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        process.destroy();
                    }
                });
    }

    private static List<Long> install(GitHubSandbox github, int installations, Duration latency) {
        github.appPublicKey(TestKeys.APP.publicKey());
        List<Long> ids = new ArrayList<>(installations);
        for (int i = 0; i < installations; i++) {
            ids.add(github.installApp("org-" + i));
        }
        github.latency(latency);
        return ids;
    }

    /**
     * The sandbox process, {@code <installations> <latency ms>}: prints {@code sandbox ready <web> <api> <app id>
     * <client id> <installation ids>}, answers each {@code stats} line on its input with {@code sandbox stats
     * <installation tokens minted> <process CPU ns>}, and stops at the end of its input.
     */
    static final class Child {

        private static final String PREFIX = "sandbox ";

        private Child() {}

        public static void main(String[] args) throws IOException {
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            try (GitHubSandbox github = GitHubSandbox.start()) {
                List<Long> ids = install(github, Integer.parseInt(args[0]), Duration.ofMillis(Long.parseLong(args[1])));
                System.out.println(PREFIX + "ready " + github.webBaseUrl() + " " + github.apiBaseUrl() + " "
                        + github.appId() + " " + github.client().clientId() + " "
                        + String.join(",", ids.stream().map(String::valueOf).toList()));
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.equals("stats")) {
                        System.out.println(PREFIX + "stats " + github.requestCount(Endpoint.APP_TOKEN) + " "
                                + os.getProcessCpuTime());
                    }
                }
            }
            System.exit(0);
        }

        /** The rest of the child's next {@code sandbox <kind> ...} line; its other output goes to standard error. */
        static String answer(BufferedReader answers, String kind) {
            String prefix = PREFIX + kind + " ";
            try {
                for (String line = answers.readLine(); line != null; line = answers.readLine()) {
                    if (line.startsWith(prefix)) {
                        return line.substring(prefix.length());
                    }
                    System.err.println(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            throw new IllegalStateException("the sandbox process ended without answering '" + kind + "'");
        }
    }
}

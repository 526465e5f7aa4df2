package io.github.saasconnect.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Comparison 5: the time {@code SpringApplication.run} takes for a minimal application (auto-configuration, no web
 * server), with the starter configured (one GitHub registration, the default encrypted file store in a fresh
 * directory, so the key file is created) and without it (its auto-configurations excluded; the jars stay on the class
 * path), with the starter restarting on a store an earlier start left, and with the starter on the memory store
 * (to tell the file store's share). Each fork is a new JVM that
 * starts the context once: a cold start, as in production. Add {@code -wi 5 -i 5} for warm starts in one JVM.
 * {@link StartupSeries} runs the variants' forks in turn and reports paired differences, which drifting load
 * disturbs less.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar StartupBenchmark -f 25 -p starter=without,with
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(10)
public class StartupBenchmark {

    private static final String OURS = "io.github.saasconnect.autoconfigure.SaasConnectStoreAutoConfiguration,"
            + "io.github.saasconnect.autoconfigure.SaasConnectAutoConfiguration,"
            + "io.github.saasconnect.autoconfigure.actuate.SaasConnectHealthContributorAutoConfiguration,"
            + "io.github.saasconnect.autoconfigure.actuate.SaasConnectEndpointAutoConfiguration,"
            + "io.github.saasconnect.autoconfigure.actuate.SaasConnectMetricsAutoConfiguration";

    /**
     * On this class path for {@link StoreRefreshBenchmark}; an application on the file store has none of them (nor
     * Spring's DataSource auto-configuration, which the JDBC store's benchmark brings).
     */
    private static final String VAULT = "io.github.saasconnect.store.vault.autoconfigure."
            + "SaasConnectVaultStoreAutoConfiguration,"
            + "io.github.saasconnect.store.vault.autoconfigure.SaasConnectVaultStoreActuateAutoConfiguration,"
            + "io.github.saasconnect.store.jdbc.autoconfigure.SaasConnectJdbcStoreAutoConfiguration,"
            + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

    /**
     * {@code without}; {@code with} (the default file store, first start: the key file is created);
     * {@code with-existing-store} (a restart: key file and directory already there); {@code with-memory-store}
     * (no key or files).
     */
    @Param({"without", "with", "with-existing-store", "with-memory-store"})
    public String starter;

    private Path directory;
    private ConfigurableApplicationContext context;

    /** A minimal application: auto-configuration of what is on the class path, nothing else. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class MinimalApplication {}

    @Setup(Level.Trial)
    public void directory() throws IOException {
        directory = Files.createTempDirectory("saas-connect-startup");
        if (starter.equals("with-existing-store")) {
            // What an earlier start left, written with the JDK alone: loading our classes here would warm the
            // very JVM whose start is measured.
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.writeString(
                    directory.resolve("store.key"), Base64.getEncoder().encodeToString(key) + "\n");
            Files.setPosixFilePermissions(directory.resolve("store.key"), PosixFilePermissions.fromString("rw-------"));
            Files.createDirectories(
                    directory.resolve("tokens"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    @Benchmark
    public ConfigurableApplicationContext contextStart() {
        SpringApplicationBuilder app = new SpringApplicationBuilder(MinimalApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false);
        boolean with = !starter.equals("without");
        if (starter.equals("with-memory-store")) {
            app.properties("saas-connect.store.type=memory");
        }
        if (with) {
            app.properties(
                    "saas-connect.store.file.directory=" + directory.resolve("tokens"),
                    "saas-connect.providers.github.type=github",
                    "saas-connect.providers.github.client-id=Iv1.startup",
                    "saas-connect.providers.github.client-secret=startup-secret",
                    "spring.autoconfigure.exclude=" + VAULT);
        } else {
            app.properties("spring.autoconfigure.exclude=" + OURS + "," + VAULT);
        }
        context = app.run();
        return context;
    }

    @TearDown(Level.Iteration)
    public void close() {
        if (context != null) {
            // make sure each variant measured what it claims
            boolean started = context.containsBean("saasConnectTokenManager");
            if (started == starter.equals("without")) {
                throw new IllegalStateException("starter " + starter + " but TokenManager present: " + started);
            }
            context.close();
            context = null;
        }
    }

    @TearDown(Level.Trial)
    public void deleteDirectory() throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

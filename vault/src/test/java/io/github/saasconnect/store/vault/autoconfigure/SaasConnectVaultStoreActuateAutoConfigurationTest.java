package io.github.saasconnect.store.vault.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.saasconnect.autoconfigure.SaasConnectAutoConfiguration;
import io.github.saasconnect.autoconfigure.SaasConnectStoreAutoConfiguration;
import io.github.saasconnect.autoconfigure.actuate.SaasConnectHealthContributorAutoConfiguration;
import io.github.saasconnect.autoconfigure.actuate.SaasConnectMetricsAutoConfiguration;
import io.github.saasconnect.store.file.FileTokenStore;
import io.github.saasconnect.store.vault.VaultTokenStore;
import io.github.saasconnect.testkit.vault.VaultTestServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.core.VaultTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the Vault module adds to SaaS Connect's Actuator support, through the health endpoint and a meter registry
 * as an application has them: the store's breaker and Vault's {@code sys/health} in the {@code store} component, the
 * breaker's Resilience4j meters, and nothing of either for another store.
 */
class SaasConnectVaultStoreActuateAutoConfigurationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private final VaultTestServer vault = VaultTestServer.start();

    @AfterEach
    void stop() {
        vault.close();
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SaasConnectStoreAutoConfiguration.class,
                        SaasConnectVaultStoreAutoConfiguration.class,
                        SaasConnectAutoConfiguration.class,
                        SaasConnectHealthContributorAutoConfiguration.class,
                        SaasConnectMetricsAutoConfiguration.class,
                        SaasConnectVaultStoreActuateAutoConfiguration.class,
                        HealthContributorAutoConfiguration.class,
                        HealthContributorRegistryAutoConfiguration.class,
                        HealthEndpointAutoConfiguration.class,
                        EndpointAutoConfiguration.class,
                        MetricsAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class,
                        SimpleMetricsExportAutoConfiguration.class))
                .withPropertyValues(
                        "saas-connect.store.type=vault",
                        "management.endpoint.health.show-details=always",
                        "saas-connect.store.file.directory=" + dir.resolve("tokens"))
                .withPropertyValues(AcmeRegistration.PROPERTIES);
    }

    private String[] ownClient() {
        return new String[] {
            "saas-connect.store.vault.uri=" + vault.uri(),
            "saas-connect.store.vault.token=" + vault.token(),
            "saas-connect.store.vault.retry.max-attempts=1"
        };
    }

    private VaultTemplate applicationsClient() {
        return new VaultTemplate(VaultEndpoint.from(vault.uri()), new TokenAuthentication(vault.token()));
    }

    @Test
    void theVaultStoreIsUpWhileVaultAnswersAndDownOnceItIsSealedWithVaultAskedAtMostOncePerCachePeriod() {
        io.github.saasconnect.testkit.MutableClock clock = io.github.saasconnect.testkit.MutableClock.startingNow();
        runner().withPropertyValues(ownClient())
                .withBean(java.time.Clock.class, () -> clock)
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(VaultTokenStore.class);
                    JsonNode store = storeHealth(ctx);
                    assertThat(store.at("/status").asString()).isEqualTo("UP");
                    assertThat(store.at("/details/store").asString()).isEqualTo("vault");
                    assertThat(store.at("/details/circuitBreaker").asString()).isEqualTo("CLOSED");
                    assertThat(store.at("/details/vault/sealed").asBoolean()).isFalse();
                    assertThat(store.at("/details/vault/initialized").asBoolean())
                            .isTrue();

                    // two Vault requests per probe (the read and sys/health), whatever the number of health calls
                    vault.clearRequests();
                    for (int i = 0; i < 10; i++) {
                        storeHealth(ctx);
                    }
                    assertThat(vault.requests()).isEmpty();

                    vault.seal();
                    assertThat(storeHealth(ctx).at("/status").asString()).isEqualTo("UP"); // cached for 5 s by default
                    clock.advance(java.time.Duration.ofSeconds(5));

                    store = storeHealth(ctx);
                    assertThat(vault.requests()).hasSizeGreaterThanOrEqualTo(2);
                    assertThat(store.at("/status").asString()).isEqualTo("DOWN");
                    assertThat(store.at("/details/reachable").asBoolean()).isFalse();
                    assertThat(store.at("/details/error").asString()).isEqualTo("StoreUnavailableException");
                    assertThat(store.at("/details/vault/sealed").asBoolean()).isTrue();
                    assertThat(store.toString()).doesNotContain(vault.token());
                });
    }

    @Test
    void aVaultReachedThroughTheApplicationsBlockingClientShowsItsSysHealthToo() {
        VaultTemplate template = applicationsClient();
        runner().withBean(VaultOperations.class, () -> template).run(ctx -> {
            JsonNode store = storeHealth(ctx);
            assertThat(store.at("/status").asString()).isEqualTo("UP");
            assertThat(store.at("/details/vault/sealed").asBoolean()).isFalse();
        });
    }

    @Test
    void theStoresOwnBreakerHasResilience4jsMetersBesideTheRegistrations() {
        runner().withPropertyValues(ownClient()).run(ctx -> {
            MeterRegistry meters = ctx.getBean(MeterRegistry.class);
            assertThat(breakerState(meters, "saas-connect-vault-store", "closed"))
                    .isEqualTo(1);
            assertThat(breakerState(meters, "saas-connect-acme", "closed")).isEqualTo(1);

            ctx.getBean(VaultTokenStore.class).circuitBreaker().transitionToOpenState();

            assertThat(breakerState(meters, "saas-connect-vault-store", "open")).isEqualTo(1);
            assertThat(breakerState(meters, "saas-connect-vault-store", "closed"))
                    .isZero();
        });
    }

    @Test
    void anotherStoreGetsNeitherVaultDetailsNorVaultMetersEvenBesideAVaultClient() {
        // an application whose Spring Cloud Vault serves other secrets, with connections in the file store
        VaultTemplate template = applicationsClient();
        runner().withPropertyValues("saas-connect.store.type=file")
                .withBean(VaultOperations.class, () -> template)
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(FileTokenStore.class).doesNotHaveBean(VaultTokenStore.class);
                    JsonNode store = storeHealth(ctx);
                    assertThat(store.at("/status").asString()).isEqualTo("UP");
                    assertThat(store.at("/details/circuitBreaker").isMissingNode())
                            .isTrue();
                    assertThat(store.at("/details/vault").isMissingNode()).isTrue();
                    assertThat(ctx.getBean(MeterRegistry.class)
                                    .find("resilience4j.circuitbreaker.state")
                                    .tag("name", "saas-connect-vault-store")
                                    .meters())
                            .isEmpty();
                    assertThat(vault.requests()).isEmpty();
                });
    }

    @Test
    void theHealthPartStandsWithoutResilience4jsMicrometerModule() {
        runner().withPropertyValues(ownClient())
                .withClassLoader(new FilteredClassLoader(TaggedCircuitBreakerMetrics.class))
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().doesNotHaveBean("saasConnectVaultStoreMetrics");
                    assertThat(storeHealth(ctx).at("/details/vault/sealed").asBoolean())
                            .isFalse();
                });
    }

    private static double breakerState(MeterRegistry meters, String name, String state) {
        return meters.get("resilience4j.circuitbreaker.state")
                .tag("name", name)
                .tag("state", state)
                .gauge()
                .value();
    }

    private static JsonNode storeHealth(AssertableApplicationContext ctx) {
        assertThat(ctx).hasNotFailed();
        return JSON.valueToTree(ctx.getBean(HealthEndpoint.class).healthForPath("saasConnect", "store"));
    }
}

package io.github.saasconnect.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.saasconnect.autoconfigure.SaasConnectAutoConfiguration;
import io.github.saasconnect.autoconfigure.SaasConnectStoreAutoConfiguration;
import io.github.saasconnect.metrics.CacheCounter;
import io.github.saasconnect.metrics.HealthSignals;
import io.github.saasconnect.metrics.MicrometerInstrumentation;
import io.github.saasconnect.metrics.SaasConnectInstrumentation;
import io.github.saasconnect.token.TokenManager;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Health, endpoint and metrics each come with their Spring Boot module, back off without it, and can be replaced. */
class SaasConnectActuateAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SaasConnectStoreAutoConfiguration.class,
                    SaasConnectAutoConfiguration.class, SaasConnectHealthContributorAutoConfiguration.class,
                    SaasConnectEndpointAutoConfiguration.class, SaasConnectMetricsAutoConfiguration.class,
                    HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
                    EndpointAutoConfiguration.class, MetricsAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
            .withPropertyValues("saas-connect.store.type=memory",
                    "saas-connect.providers.acme.type=oauth2",
                    "saas-connect.providers.acme.client-id=acme-client",
                    "saas-connect.providers.acme.client-secret=acme-secret",
                    "saas-connect.providers.acme.authorization-uri=http://127.0.0.1:1/authorize",
                    "saas-connect.providers.acme.token-uri=http://127.0.0.1:1/token",
                    "management.endpoints.web.exposure.include=health,saasconnect");

    @Test
    void healthEndpointAndMetricsComeWithActuatorAndMicrometer() {
        runner.run(ctx -> {
            assertThat(ctx).hasSingleBean(SaasConnectHealthContributor.class).hasSingleBean(HealthSignals.class)
                    .hasSingleBean(SaasConnectEndpoint.class).hasSingleBean(MicrometerInstrumentation.class);
            assertThat(ctx.getBean(HealthContributorRegistry.class).getContributor("saasConnect"))
                    .isInstanceOf(SaasConnectHealthContributor.class);
        });
    }

    @Test
    void theMetersAreThereFromTheStartIncludingResilience4jsOwn() {
        runner.run(ctx -> {
            MeterRegistry meters = ctx.getBean(MeterRegistry.class);
            assertThat(meters.get(MicrometerInstrumentation.CACHE_GETS).tags("registration", "acme", "result", "hit")
                    .functionCounter().count()).isZero();
            assertThat(meters.get(SaasConnectMetricsAutoConfiguration.PENDING_WRITES).gauge().value()).isZero();
            assertThat(meters.get("resilience4j.circuitbreaker.state").tags("name", "saas-connect-acme",
                    "state", "closed").gauge().value()).isEqualTo(1);
            assertThat(meters.get("resilience4j.circuitbreaker.state").tags("name", "saas-connect-acme.api",
                    "state", "closed").gauge().value()).isEqualTo(1);
        });
    }

    @Test
    void theTokenManagerTellsEveryInstrumentationBeanTheApplicationsOwnToo() {
        List<String> told = new ArrayList<>();
        SaasConnectInstrumentation mine = new SaasConnectInstrumentation() {
            @Override
            public void cacheCounter(String registration, CacheCounter counter) {
                told.add(registration);
            }
        };
        runner.withBean(SaasConnectInstrumentation.class, () -> mine).run(ctx -> {
            assertThat(ctx).hasSingleBean(TokenManager.class);
            assertThat(told).containsExactly("acme");
            assertThat(ctx.getBean(MeterRegistry.class).find(MicrometerInstrumentation.CACHE_GETS).meters())
                    .hasSize(2);
        });
    }

    @Test
    void theHealthContributorCanBeSwitchedOffWhileTheEndpointKeepsItsSignals() {
        runner.withPropertyValues("management.health.saasconnect.enabled=false").run(ctx -> assertThat(ctx)
                .doesNotHaveBean(SaasConnectHealthContributor.class).hasSingleBean(HealthSignals.class)
                .hasSingleBean(SaasConnectEndpoint.class));
    }

    @Test
    void noHealthWithoutSpringBootHealth() {
        runner.withClassLoader(new FilteredClassLoader(HealthContributor.class)).run(ctx -> assertThat(ctx)
                .hasNotFailed().doesNotHaveBean(SaasConnectHealthContributor.class)
                .doesNotHaveBean(HealthSignals.class).hasSingleBean(TokenManager.class));
    }

    @Test
    void noEndpointWhenItIsNotExposed() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=health").run(ctx -> assertThat(ctx)
                .doesNotHaveBean(SaasConnectEndpoint.class).hasSingleBean(SaasConnectHealthContributor.class));
    }

    @Test
    void noEndpointWithoutSpringBootActuator() {
        runner.withClassLoader(new FilteredClassLoader(Endpoint.class)).run(ctx -> assertThat(ctx)
                .hasNotFailed().doesNotHaveBean(SaasConnectEndpoint.class));
    }

    @Test
    void noMetersWithoutMicrometerAndTheTokenManagerStillWorks() {
        // without Micrometer there is no Spring Boot metrics auto-configuration either
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SaasConnectStoreAutoConfiguration.class,
                        SaasConnectAutoConfiguration.class, SaasConnectHealthContributorAutoConfiguration.class,
                        SaasConnectMetricsAutoConfiguration.class, HealthContributorAutoConfiguration.class))
                .withPropertyValues("saas-connect.store.type=memory", "saas-connect.providers.acme.type=oauth2",
                        "saas-connect.providers.acme.client-id=acme-client",
                        "saas-connect.providers.acme.authorization-uri=http://127.0.0.1:1/authorize",
                        "saas-connect.providers.acme.token-uri=http://127.0.0.1:1/token")
                .withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run(ctx -> assertThat(ctx)
                .hasNotFailed().doesNotHaveBean(MicrometerInstrumentation.class).hasSingleBean(TokenManager.class)
                .hasSingleBean(SaasConnectHealthContributor.class));
    }

    @Test
    void ourMetersWithoutResilience4jsMicrometerModule() {
        runner.withClassLoader(new FilteredClassLoader(TaggedCircuitBreakerMetrics.class)).run(ctx -> {
            MeterRegistry meters = ctx.getBean(MeterRegistry.class);
            assertThat(meters.find(MicrometerInstrumentation.CACHE_GETS).meters()).hasSize(2);
            assertThat(meters.find("resilience4j.circuitbreaker.state").meters()).isEmpty();
        });
    }

    @Test
    void theApplicationsOwnBeansReplaceOurs() {
        HealthSignals signals = new HealthSignals(java.time.Clock.systemUTC());
        runner.withBean(HealthSignals.class, () -> signals)
                .withBean("saasConnectHealthContributor", HealthContributor.class,
                        () -> (org.springframework.boot.health.contributor.HealthIndicator)
                                () -> org.springframework.boot.health.contributor.Health.up().build())
                .run(ctx -> {
                    assertThat(ctx.getBean(HealthSignals.class)).isSameAs(signals);
                    assertThat(ctx).doesNotHaveBean(SaasConnectHealthContributor.class);
                });
    }

    @Test
    void theEndpointShowsAConnectionLifetimeOnlyWhereTheProviderFixesOne() {
        runner.withPropertyValues("saas-connect.providers.ds.type=docusign",
                        "saas-connect.providers.ds.client-id=ds-client", "saas-connect.providers.ds.client-secret=s",
                        "saas-connect.providers.ds.environment=demo", "saas-connect.providers.ds.extended-scope=false",
                        "saas-connect.providers.ds.scopes=signature",
                        "saas-connect.providers.dx.type=docusign", "saas-connect.providers.dx.client-id=dx-client",
                        "saas-connect.providers.dx.client-secret=s", "saas-connect.providers.dx.environment=demo",
                        "saas-connect.providers.g.type=google", "saas-connect.providers.g.client-id=g-client",
                        "saas-connect.providers.g.client-secret=s", "saas-connect.providers.g.scopes=email,drive",
                        "saas-connect.providers.g.publishing-status=testing")
                .run(ctx -> {
                    var registrations = ctx.getBean(SaasConnectEndpoint.class).saasConnect().registrations();
                    assertThat(registrations.get("ds").connectionLifetime()).isEqualTo("PT720H");
                    assertThat(registrations.get("ds").refreshTokenMaxIdle()).isNull();
                    assertThat(registrations.get("dx").connectionLifetime()).isNull();
                    assertThat(registrations.get("dx").refreshTokenMaxIdle()).isEqualTo("PT720H");
                    assertThat(registrations.get("g").connectionLifetime()).isEqualTo("PT168H");
                    assertThat(registrations.get("g").settings()).containsEntry("publishing-status", "testing");
                });
    }
}

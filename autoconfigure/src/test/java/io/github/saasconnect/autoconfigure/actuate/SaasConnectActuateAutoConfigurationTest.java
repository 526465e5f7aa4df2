package io.github.saasconnect.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.saasconnect.autoconfigure.SaasConnectAutoConfiguration;
import io.github.saasconnect.autoconfigure.SaasConnectStoreAutoConfiguration;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.observation.DefaultTokenRequestObservationConvention;
import io.github.saasconnect.observation.HealthSignals;
import io.github.saasconnect.observation.Observed;
import io.github.saasconnect.observation.SaasConnectMeterHandler;
import io.github.saasconnect.observation.SaasConnectObservation;
import io.github.saasconnect.observation.TokenRequestContext;
import io.github.saasconnect.token.TokenManager;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
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
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Mono;

/** Health, endpoint and metrics each come with their Spring Boot module, back off without it, and can be replaced. */
class SaasConnectActuateAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    SaasConnectStoreAutoConfiguration.class,
                    SaasConnectAutoConfiguration.class,
                    SaasConnectHealthContributorAutoConfiguration.class,
                    SaasConnectEndpointAutoConfiguration.class,
                    SaasConnectMetricsAutoConfiguration.class,
                    HealthContributorAutoConfiguration.class,
                    HealthContributorRegistryAutoConfiguration.class,
                    EndpointAutoConfiguration.class,
                    MetricsAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class,
                    ObservationAutoConfiguration.class))
            .withPropertyValues(
                    "saas-connect.store.type=memory",
                    "saas-connect.providers.acme.type=oauth2",
                    "saas-connect.providers.acme.client-id=acme-client",
                    "saas-connect.providers.acme.client-secret=acme-secret",
                    "saas-connect.providers.acme.authorization-uri=http://127.0.0.1:1/authorize",
                    "saas-connect.providers.acme.token-uri=http://127.0.0.1:1/token",
                    "management.endpoints.web.exposure.include=health,saasconnect");

    @Test
    void healthEndpointAndMetricsComeWithActuatorAndMicrometer() {
        runner.run(ctx -> {
            assertThat(ctx)
                    .hasSingleBean(SaasConnectHealthContributor.class)
                    .hasSingleBean(HealthSignals.class)
                    .hasSingleBean(SaasConnectEndpoint.class)
                    .hasSingleBean(SaasConnectMeterHandler.class);
            assertThat(ctx.getBean(HealthContributorRegistry.class).getContributor("saasConnect"))
                    .isInstanceOf(SaasConnectHealthContributor.class);
        });
    }

    @Test
    void theMetersAreThereFromTheStartIncludingResilience4jsOwn() {
        runner.run(ctx -> {
            MeterRegistry meters = ctx.getBean(MeterRegistry.class);
            assertThat(meters.get(SaasConnectMetricsAutoConfiguration.CACHE_GETS)
                            .tags("registration", "acme", "result", "hit")
                            .functionCounter()
                            .count())
                    .isZero();
            assertThat(meters.get(SaasConnectMetricsAutoConfiguration.PENDING_WRITES)
                            .gauge()
                            .value())
                    .isZero();
            assertThat(meters.get("resilience4j.circuitbreaker.state")
                            .tags("name", "saas-connect-acme", "state", "closed")
                            .gauge()
                            .value())
                    .isEqualTo(1);
            assertThat(meters.get("resilience4j.circuitbreaker.state")
                            .tags("name", "saas-connect-acme.api", "state", "closed")
                            .gauge()
                            .value())
                    .isEqualTo(1);
        });
    }

    @Test
    void springBootRegistersOurHandlersOnTheApplicationsObservationRegistry() {
        runner.run(ctx -> {
            // Given the registry the token manager observes on
            ObservationRegistry observations = ctx.getBean(ObservationRegistry.class);

            // When a refresh ends with the client rejected
            rejected(observations);

            // Then Boot's meter handler timed it, ours counted the rejection and the health signals kept it
            MeterRegistry meters = ctx.getBean(MeterRegistry.class);
            assertThat(meters.get(DefaultTokenRequestObservationConvention.REFRESH)
                            .tags(
                                    "registration",
                                    "acme",
                                    "provider",
                                    "oauth2",
                                    "outcome",
                                    "client_misconfigured",
                                    "error",
                                    "ClientMisconfiguredException")
                            .timer()
                            .count())
                    .isEqualTo(1);
            assertThat(meters.get(SaasConnectMeterHandler.REJECTIONS)
                            .tags("error", "invalid_client")
                            .counter()
                            .count())
                    .isEqualTo(1);
            assertThat(ctx.getBean(HealthSignals.class).rejection("acme")).isPresent();
        });
    }

    @Test
    void withoutSpringBootsObservationRegistryTheHealthSignalsAreStillTold() {
        // health, but no spring-boot-micrometer-metrics and so no observation auto-configuration
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SaasConnectStoreAutoConfiguration.class,
                        SaasConnectAutoConfiguration.class,
                        SaasConnectHealthContributorAutoConfiguration.class,
                        HealthContributorAutoConfiguration.class))
                .withPropertyValues(
                        "saas-connect.store.type=memory",
                        "saas-connect.providers.acme.type=oauth2",
                        "saas-connect.providers.acme.client-id=acme-client",
                        "saas-connect.providers.acme.authorization-uri=http://127.0.0.1:1/authorize",
                        "saas-connect.providers.acme.token-uri=http://127.0.0.1:1/token")
                .run(ctx -> {
                    assertThat(ctx)
                            .hasNotFailed()
                            .hasSingleBean(TokenManager.class)
                            .hasBean("saasConnectObservationRegistry");
                    rejected(ctx.getBean(ObservationRegistry.class));
                    assertThat(ctx.getBean(HealthSignals.class).rejection("acme"))
                            .isPresent();
                });
    }

    @Test
    void springBootsObservationRegistryIsUsedWhenThereIsOne() {
        runner.run(ctx -> assertThat(ctx)
                .hasSingleBean(ObservationRegistry.class)
                .doesNotHaveBean("saasConnectObservationRegistry"));
    }

    private static void rejected(ObservationRegistry observations) {
        Observed.mono(
                        Mono.error(new ClientMisconfiguredException("acme", null, "invalid_client", null)),
                        SaasConnectObservation.TOKEN_REFRESH,
                        observations,
                        () -> new TokenRequestContext(TokenRequestContext.Grant.REFRESH_TOKEN, "acme", "oauth2"))
                .onErrorComplete()
                .block();
    }

    @Test
    void theHealthContributorCanBeSwitchedOffWhileTheEndpointKeepsItsSignals() {
        runner.withPropertyValues("management.health.saasconnect.enabled=false")
                .run(ctx -> assertThat(ctx)
                        .doesNotHaveBean(SaasConnectHealthContributor.class)
                        .hasSingleBean(HealthSignals.class)
                        .hasSingleBean(SaasConnectEndpoint.class));
    }

    @Test
    void noHealthWithoutSpringBootHealth() {
        runner.withClassLoader(new FilteredClassLoader(HealthContributor.class))
                .run(ctx -> assertThat(ctx)
                        .hasNotFailed()
                        .doesNotHaveBean(SaasConnectHealthContributor.class)
                        .doesNotHaveBean(HealthSignals.class)
                        .hasSingleBean(TokenManager.class));
    }

    @Test
    void noEndpointWhenItIsNotExposed() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=health")
                .run(ctx -> assertThat(ctx)
                        .doesNotHaveBean(SaasConnectEndpoint.class)
                        .hasSingleBean(SaasConnectHealthContributor.class));
    }

    @Test
    void noEndpointWithoutSpringBootActuator() {
        runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(SaasConnectEndpoint.class));
    }

    @Test
    void noMetersWithoutMicrometerAndTheTokenManagerStillWorks() {
        // without Micrometer there is no Spring Boot metrics auto-configuration either
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SaasConnectStoreAutoConfiguration.class,
                        SaasConnectAutoConfiguration.class,
                        SaasConnectHealthContributorAutoConfiguration.class,
                        SaasConnectMetricsAutoConfiguration.class,
                        HealthContributorAutoConfiguration.class))
                .withPropertyValues(
                        "saas-connect.store.type=memory",
                        "saas-connect.providers.acme.type=oauth2",
                        "saas-connect.providers.acme.client-id=acme-client",
                        "saas-connect.providers.acme.authorization-uri=http://127.0.0.1:1/authorize",
                        "saas-connect.providers.acme.token-uri=http://127.0.0.1:1/token")
                .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(ctx -> assertThat(ctx)
                        .hasNotFailed()
                        .doesNotHaveBean(SaasConnectMeterHandler.class)
                        .hasSingleBean(TokenManager.class)
                        .hasSingleBean(SaasConnectHealthContributor.class));
    }

    @Test
    void ourMetersWithoutResilience4jsMicrometerModule() {
        runner.withClassLoader(new FilteredClassLoader(TaggedCircuitBreakerMetrics.class))
                .run(ctx -> {
                    MeterRegistry meters = ctx.getBean(MeterRegistry.class);
                    assertThat(meters.find(SaasConnectMetricsAutoConfiguration.CACHE_GETS)
                                    .meters())
                            .hasSize(2);
                    assertThat(meters.find("resilience4j.circuitbreaker.state").meters())
                            .isEmpty();
                });
    }

    @Test
    void theApplicationsOwnBeansReplaceOurs() {
        HealthSignals signals = new HealthSignals(java.time.Clock.systemUTC());
        runner.withBean(HealthSignals.class, () -> signals)
                .withBean(
                        "saasConnectHealthContributor",
                        HealthContributor.class,
                        () -> (org.springframework.boot.health.contributor.HealthIndicator)
                                () -> org.springframework.boot.health.contributor.Health.up()
                                        .build())
                .run(ctx -> {
                    assertThat(ctx.getBean(HealthSignals.class)).isSameAs(signals);
                    assertThat(ctx).doesNotHaveBean(SaasConnectHealthContributor.class);
                });
    }

    @Test
    void theEndpointShowsAConnectionLifetimeOnlyWhereTheProviderFixesOne() {
        runner.withPropertyValues(
                        "saas-connect.providers.ds.type=docusign",
                        "saas-connect.providers.ds.client-id=ds-client",
                        "saas-connect.providers.ds.client-secret=s",
                        "saas-connect.providers.ds.environment=demo",
                        "saas-connect.providers.ds.extended-scope=false",
                        "saas-connect.providers.ds.scopes=signature",
                        "saas-connect.providers.dx.type=docusign",
                        "saas-connect.providers.dx.client-id=dx-client",
                        "saas-connect.providers.dx.client-secret=s",
                        "saas-connect.providers.dx.environment=demo",
                        "saas-connect.providers.g.type=google",
                        "saas-connect.providers.g.client-id=g-client",
                        "saas-connect.providers.g.client-secret=s",
                        "saas-connect.providers.g.scopes=email,drive",
                        "saas-connect.providers.g.publishing-status=testing")
                .run(ctx -> {
                    var registrations =
                            ctx.getBean(SaasConnectEndpoint.class).saasConnect().registrations();
                    assertThat(registrations.get("ds").connectionLifetime()).isEqualTo("PT720H");
                    assertThat(registrations.get("ds").refreshTokenMaxIdle()).isNull();
                    assertThat(registrations.get("dx").connectionLifetime()).isNull();
                    assertThat(registrations.get("dx").refreshTokenMaxIdle()).isEqualTo("PT720H");
                    assertThat(registrations.get("g").connectionLifetime()).isEqualTo("PT168H");
                    assertThat(registrations.get("g").settings()).containsEntry("publishing-status", "testing");
                });
    }
}

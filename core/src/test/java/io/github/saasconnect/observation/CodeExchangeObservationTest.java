package io.github.saasconnect.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.connect.AuthorizationCallback;
import io.github.saasconnect.connect.ConnectFlow;
import io.github.saasconnect.connect.ConnectFlowException;
import io.github.saasconnect.connect.ConnectRedirect;
import io.github.saasconnect.connect.ConnectSettings;
import io.github.saasconnect.connect.ReturnToPolicy;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.http.JdkWebClients;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.provider.GenericOAuth2ProviderType;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.provider.RegistrationSettings;
import io.github.saasconnect.store.InMemoryPendingAuthorizationStore;
import io.github.saasconnect.store.InMemoryTokenStore;
import io.github.saasconnect.testkit.MutableClock;
import io.github.saasconnect.testkit.sandbox.AuthorizationRedirect;
import io.github.saasconnect.testkit.sandbox.google.GoogleSandbox;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connect flow observes each authorization-code exchange: its time and outcome, and a client the provider
 * rejects, which a later successful exchange clears.
 */
class CodeExchangeObservationTest {

    private static final URI REDIRECT = URI.create("https://app.example/saas-connect/callback/google");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final GoogleSandbox sandbox = GoogleSandbox.start();
    private final MutableClock clock = MutableClock.at(Instant.now());
    private final ObservedMeters observed = new ObservedMeters();
    private final SimpleMeterRegistry registry = observed.meters;
    private final HealthSignals signals = new HealthSignals(clock);

    {
        observed.observations.observationConfig().observationHandler(signals);
    }

    @AfterEach
    void stop() {
        sandbox.close();
        registry.close();
    }

    @Test
    void aSuccessfulExchangeIsTimedAsSuccess() {
        // Given
        ConnectFlow flow = flow(sandbox.client().clientSecret());

        // When
        flow.complete("google", "alice", approve(flow)).block(TIMEOUT);

        // Then
        assertThat(exchanges("success")).isEqualTo(1);
    }

    @Test
    void theExchangeIsOneObservationWithTheDocumentedKeysAndTheConnectionsWriteIsObservedToo() {
        // Given
        TestObservationRegistry observations = TestObservationRegistry.create();
        ConnectFlow flow = flow(sandbox.client().clientSecret(), observations);

        // When
        flow.complete("google", "alice", approve(flow)).block(TIMEOUT);

        // Then
        TestObservationRegistryAssert.assertThat(observations)
                .hasNumberOfObservationsWithNameEqualTo(DefaultTokenRequestObservationConvention.EXCHANGE, 1)
                .hasHandledContextsThatSatisfy(contexts -> assertThat(contexts).allSatisfy(context -> {
                    assertThat(context.getHighCardinalityKeyValues()).isEmpty();
                    assertThat(context.getLowCardinalityKeyValues())
                            .noneSatisfy(
                                    keyValue -> assertThat(keyValue.getValue()).contains("alice"));
                }))
                .hasObservationWithNameEqualTo(DefaultTokenRequestObservationConvention.EXCHANGE)
                .that()
                .hasContextualNameEqualTo("code exchange google")
                .hasLowCardinalityKeyValue("registration", "google")
                .hasLowCardinalityKeyValue("provider", "oauth2")
                .hasLowCardinalityKeyValue("outcome", "success")
                .hasBeenStarted()
                .hasBeenStopped();
        TestObservationRegistryAssert.assertThat(observations)
                .hasAnObservation(store -> store.hasNameEqualTo(DefaultStoreOperationObservationConvention.NAME)
                        .hasLowCardinalityKeyValue("store", "memory")
                        .hasLowCardinalityKeyValue("operation", "write")
                        .hasLowCardinalityKeyValue("outcome", "success"));
    }

    @Test
    void anExchangeTheProviderRefusesForTheClientMarksTheRegistrationUntilOneSucceeds() {
        // Given a flow whose client secret the provider does not take
        ConnectFlow wrong = flow("not-the-secret");

        // When
        assertThatThrownBy(
                        () -> wrong.complete("google", "alice", approve(wrong)).block(TIMEOUT))
                .isInstanceOf(ConnectFlowException.class);

        // Then
        assertThat(exchanges("client_misconfigured")).isEqualTo(1);
        assertThat(signals.rejection("google"))
                .hasValueSatisfying(r -> assertThat(r.errorCode()).isEqualTo("invalid_client"));

        // And when the client is fixed, the next exchange clears it
        ConnectFlow fixed = flow(sandbox.client().clientSecret());
        fixed.complete("google", "alice", approve(fixed)).block(TIMEOUT);
        assertThat(signals.rejection("google")).isEmpty();
    }

    private ConnectFlow flow(String clientSecret) {
        return flow(clientSecret, observed.observations);
    }

    private ConnectFlow flow(String clientSecret, ObservationRegistry observations) {
        ProviderRegistration registration = new GenericOAuth2ProviderType()
                .register(new RegistrationSettings(
                        "google",
                        "oauth2",
                        sandbox.client().clientId(),
                        Secret.of(clientSecret),
                        List.of("openid", "email"),
                        null,
                        sandbox.authorizationEndpoint(),
                        sandbox.tokenEndpoint(),
                        null,
                        null,
                        null,
                        true,
                        Map.of("access_type", "offline", "prompt", "consent"),
                        null,
                        Map.of("rotation", "none")));
        return ConnectFlow.builder(
                        new ProviderRegistry(List.of(registration)),
                        new InMemoryTokenStore(),
                        new InMemoryPendingAuthorizationStore(clock),
                        new OAuth2TokenClient(JdkWebClients.builder().build(), clock, Duration.ofSeconds(10)))
                .events(event -> {})
                .clock(clock)
                .settings(new ConnectSettings(
                        Duration.ofMinutes(10), new ReturnToPolicy(List.of("https://app.example"), "/"), 5))
                .observations(observations)
                .build();
    }

    private AuthorizationCallback approve(ConnectFlow flow) {
        ConnectRedirect redirect = flow.start("google", "alice", "/", REDIRECT).block(TIMEOUT);
        AuthorizationRedirect answer = sandbox.approve(redirect.location());
        return AuthorizationCallback.ofCode(answer.state(), answer.code());
    }

    private long exchanges(String outcome) {
        var timer = registry.find(DefaultTokenRequestObservationConvention.EXCHANGE)
                .tags("registration", "google", "outcome", outcome)
                .timer();
        return timer == null ? 0 : timer.count();
    }
}

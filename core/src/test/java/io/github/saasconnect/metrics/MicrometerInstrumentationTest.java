package io.github.saasconnect.metrics;

import static io.github.saasconnect.testsupport.ScriptedTokenEndpoint.jsonBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.store.InMemoryTokenStore;
import io.github.saasconnect.store.StaleVersionException;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.testsupport.FlakyTokenStore;
import io.github.saasconnect.testsupport.TokenManagerFixture;
import io.github.saasconnect.token.TokenManager;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each report becomes the meter documented in the README, with its tags and nothing that identifies a user. */
class MicrometerInstrumentationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String OWNER = "alice@example.com";

    private final TokenManagerFixture fixture = new TokenManagerFixture();
    private final InstrumentedManagers managers = new InstrumentedManagers(fixture);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerInstrumentation instrumentation = new MicrometerInstrumentation(registry);

    @AfterEach
    void close() {
        managers.close();
        registry.close();
    }

    @Test
    void cacheLookupsAreFunctionCountersByRegistrationAndResultFromTheStart() {
        // Given
        ConnectionId id = fixture.seedExpired(OWNER);
        TokenManager manager = managers.manager(instrumentation);
        assertThat(cacheGets("hit")).isZero();
        assertThat(cacheGets("miss")).isZero();

        // When
        manager.accessToken(id).block(WAIT);
        manager.blocking().accessToken(id);

        // Then
        assertThat(cacheGets("miss")).isEqualTo(1);
        assertThat(cacheGets("hit")).isEqualTo(1);
    }

    @Test
    void aSuccessfulRefreshIsTimedWithOutcomeSuccess() {
        // Given
        ConnectionId id = fixture.seedExpired(OWNER);
        TokenManager manager = managers.manager(instrumentation);

        // When
        manager.accessToken(id).block(WAIT);

        // Then
        var timer = registry.get(MicrometerInstrumentation.REFRESH)
                .tags("registration", TokenManagerFixture.REGISTRATION, "outcome", "success").timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
    }

    @Test
    void aRejectedClientIsTimedAsClientMisconfiguredAndCountedWithItsErrorCode() {
        // Given a token endpoint that no longer accepts the client
        ConnectionId id = fixture.seedExpired(OWNER);
        fixture.endpoint.enqueue(jsonBody(401, "{\"error\":\"invalid_client\",\"error_description\":\"bad secret\"}"));
        TokenManager manager = managers.manager(instrumentation);

        // When
        assertThatThrownBy(() -> manager.accessToken(id).block(WAIT)).isInstanceOf(ClientMisconfiguredException.class);

        // Then
        assertThat(registry.get(MicrometerInstrumentation.REFRESH)
                .tags("registration", TokenManagerFixture.REGISTRATION, "outcome", "client_misconfigured").timer()
                .count()).isEqualTo(1);
        assertThat(registry.get(MicrometerInstrumentation.REJECTIONS)
                .tags("registration", TokenManagerFixture.REGISTRATION, "error", "invalid_client").counter()
                .count()).isEqualTo(1);
    }

    @Test
    void aDeadGrantIsTimedAsReauthorizationRequired() {
        // Given
        ConnectionId id = fixture.seedExpired(OWNER);
        fixture.endpoint.revokeAll();
        TokenManager manager = managers.manager(instrumentation);

        // When
        assertThatThrownBy(() -> manager.accessToken(id).block(WAIT))
                .isInstanceOf(ReauthorizationRequiredException.class);

        // Then
        assertThat(registry.get(MicrometerInstrumentation.REFRESH)
                .tags("outcome", "reauthorization_required").timer().count()).isEqualTo(1);
        assertThat(registry.find(MicrometerInstrumentation.REJECTIONS).counter()).isNull();
    }

    @Test
    void theManagersStoreOperationsAreTimedByStoreOperationAndOutcome() {
        // Given
        ConnectionId id = fixture.seedExpired(OWNER);
        TokenManager manager = managers.manager(instrumentation);

        // When
        manager.accessToken(id).block(WAIT);

        // Then the read and the two writes (lease, result) are there
        assertThat(storeOperations("memory", "read", "success")).isPositive();
        assertThat(storeOperations("memory", "write", "success")).isEqualTo(2);
    }

    @Test
    void aWriteTheStoreRefusesIsUnavailable() {
        // Given a store that takes the lease but refuses the result
        FlakyTokenStore flaky = new FlakyTokenStore(fixture.store);
        fixture.store = flaky;
        ConnectionId id = fixture.seedExpired(OWNER);
        flaky.refuseResultWrites(true);
        TokenManager manager = managers.manager(instrumentation);

        // When
        manager.accessToken(id).block(WAIT);

        // Then
        assertThat(storeOperations("flaky", "write", "unavailable")).isPositive();
        flaky.refuseResultWrites(false);
    }

    @Test
    void aLostCompareAndSetIsAConflict() {
        // Given
        ConnectionId id = fixture.seedExpired(OWNER);
        TokenStore store = InstrumentedTokenStore.wrap(fixture.store, instrumentation);
        var current = store.read(id).block(WAIT);

        // When
        assertThatThrownBy(() -> store.write(current.record(), current.version() + 7).block(WAIT))
                .isInstanceOf(StaleVersionException.class);
        store.list(TokenManagerFixture.REGISTRATION, null, 10).block(WAIT);
        store.delete(id).block(WAIT);

        // Then
        assertThat(storeOperations("memory", "write", "conflict")).isEqualTo(1);
        assertThat(storeOperations("memory", "list", "success")).isEqualTo(1);
        assertThat(storeOperations("memory", "delete", "success")).isEqualTo(1);
    }

    @Test
    void wrappingWithoutAnInstrumentationKeepsTheStore() {
        TokenStore store = new InMemoryTokenStore();

        assertThat(InstrumentedTokenStore.wrap(store, SaasConnectInstrumentation.NOOP)).isSameAs(store);
    }

    @Test
    void apiCallsAreTimedByStatusClass() {
        // When
        instrumentation.apiCall("github", 200, Duration.ofMillis(12));
        instrumentation.apiCall("github", 204, Duration.ofMillis(3));
        instrumentation.apiCall("github", 404, Duration.ofMillis(5));
        instrumentation.apiCall("github", 503, Duration.ofMillis(7));
        instrumentation.apiCall("github", 0, Duration.ofMillis(30_000));

        // Then
        assertThat(apiCalls("2xx")).isEqualTo(2);
        assertThat(apiCalls("4xx")).isEqualTo(1);
        assertThat(apiCalls("5xx")).isEqualTo(1);
        assertThat(apiCalls("io_error")).isEqualTo(1);
    }

    @Test
    void rateLimitWaitsAreTimedAsWaitedOrRefused() {
        // When
        instrumentation.rateLimited("github", Duration.ofSeconds(30), true);
        instrumentation.rateLimited("github", Duration.ofHours(1), false);

        // Then
        var waited = registry.get(MicrometerInstrumentation.RATE_LIMIT_WAITS).tags("outcome", "waited").timer();
        var refused = registry.get(MicrometerInstrumentation.RATE_LIMIT_WAITS).tags("outcome", "refused").timer();
        assertThat(waited.totalTime(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(30);
        assertThat(refused.count()).isEqualTo(1);
    }

    @Test
    void theLatestCensusIsAGaugePerRegistrationAndStatus() {
        // Given
        Instant at = fixture.clock.instant();
        instrumentation.census(new ConnectionCensus("github", at, Map.of(ConnectionStatus.ACTIVE, 120L)));

        // When a later sweep counts again
        instrumentation.census(new ConnectionCensus("github", at.plusSeconds(900),
                Map.of(ConnectionStatus.ACTIVE, 118L, ConnectionStatus.REAUTHORIZATION_REQUIRED, 2L)));

        // Then
        assertThat(connections("active")).isEqualTo(118);
        assertThat(connections("reauthorization_required")).isEqualTo(2);
        assertThat(connections("revoked")).isZero();
    }

    @Test
    void noTagCarriesAnOwnerATokenOrASecret() {
        // Given every kind of report, about a connection whose owner is an e-mail address
        ConnectionId id = fixture.seedExpired(OWNER);
        ConnectionId bob = fixture.seedExpired("bob-the-builder");
        TokenManager manager = managers.manager(instrumentation);
        manager.accessToken(id).block(WAIT);
        manager.blocking().accessToken(id);
        fixture.endpoint.enqueue(jsonBody(401, "{\"error\":\"invalid_client\",\"error_description\":\"for "
                + OWNER + "\"}"));
        assertThatThrownBy(() -> manager.accessToken(bob).block(WAIT)).isInstanceOf(ClientMisconfiguredException.class);
        fixture.endpoint.enqueue(jsonBody(400, "{\"error\":\"" + OWNER + "\"}"));
        fixture.clock.advance(Duration.ofHours(2));
        assertThatThrownBy(() -> manager.accessToken(id).block(WAIT)).isInstanceOf(ClientMisconfiguredException.class);
        instrumentation.census(new ConnectionCensus(TokenManagerFixture.REGISTRATION, fixture.clock.instant(),
                Map.of(ConnectionStatus.ACTIVE, 2L)));

        // When
        List<String> tagValues = new ArrayList<>();
        for (Meter meter : registry.getMeters()) {
            meter.getId().getTags().stream().map(Tag::getValue).forEach(tagValues::add);
        }

        // Then
        List<String> secrets = new ArrayList<>(fixture.endpoint.issuedTokens());
        secrets.addAll(List.of(OWNER, "alice", "bob-the-builder", TokenManagerFixture.CLIENT_SECRET,
                TokenManagerFixture.CLIENT_ID));
        assertThat(tagValues).isNotEmpty().allSatisfy(value -> assertThat(secrets)
                .noneSatisfy(secret -> assertThat(value).contains(secret)));
        assertThat(registry.get(MicrometerInstrumentation.REJECTIONS).tags("error", "other").counter().count())
                .isEqualTo(1);
    }

    private double cacheGets(String result) {
        return registry.get(MicrometerInstrumentation.CACHE_GETS)
                .tags("registration", TokenManagerFixture.REGISTRATION, "result", result).functionCounter().count();
    }

    private long storeOperations(String store, String operation, String outcome) {
        var timer = registry.find(MicrometerInstrumentation.STORE_OPERATIONS)
                .tags("store", store, "operation", operation, "outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    private long apiCalls(String status) {
        return registry.get(MicrometerInstrumentation.API_CALLS).tags("registration", "github", "status", status)
                .timer().count();
    }

    private double connections(String status) {
        return registry.get(MicrometerInstrumentation.CONNECTIONS).tags("registration", "github", "status", status)
                .gauge().value();
    }
}

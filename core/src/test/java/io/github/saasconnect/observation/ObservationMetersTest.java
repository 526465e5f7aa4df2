package io.github.saasconnect.observation;

import static io.github.saasconnect.testsupport.ScriptedTokenEndpoint.jsonBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.connection.ConnectionCensus;
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
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Each observation becomes the meter documented in the README, through Micrometer's meter handler and the
 * {@link SaasConnectMeterHandler}, with its tags and nothing that identifies a user.
 */
class ObservationMetersTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String OWNER = "alice@example.com";

    private final TokenManagerFixture fixture = new TokenManagerFixture();
    private final ObservedMeters observed = new ObservedMeters();
    private final SimpleMeterRegistry registry = observed.meters;

    @AfterEach
    void close() {
        fixture.close();
        observed.close();
    }

    private TokenManager manager() {
        fixture.observations = observed.observations;
        return fixture.manager();
    }

    @Test
    void aSuccessfulRefreshIsTimedWithOutcomeSuccess() {
        // Given
        ConnectionId id = fixture.seedExpired(OWNER);
        TokenManager manager = manager();

        // When
        manager.accessToken(id).block(WAIT);

        // Then
        var timer = registry.get(DefaultTokenRequestObservationConvention.REFRESH)
                .tags("registration", TokenManagerFixture.REGISTRATION, "outcome", "success")
                .timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
    }

    @Test
    void aRejectedClientIsTimedAsClientMisconfiguredAndCountedWithItsErrorCode() {
        // Given a token endpoint that no longer accepts the client
        ConnectionId id = fixture.seedExpired(OWNER);
        fixture.endpoint.enqueue(jsonBody(401, "{\"error\":\"invalid_client\",\"error_description\":\"bad secret\"}"));
        TokenManager manager = manager();

        // When
        assertThatThrownBy(() -> manager.accessToken(id).block(WAIT)).isInstanceOf(ClientMisconfiguredException.class);

        // Then
        assertThat(registry.get(DefaultTokenRequestObservationConvention.REFRESH)
                        .tags("registration", TokenManagerFixture.REGISTRATION, "outcome", "client_misconfigured")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(SaasConnectMeterHandler.REJECTIONS)
                        .tags("registration", TokenManagerFixture.REGISTRATION, "error", "invalid_client")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aDeadGrantIsTimedAsReauthorizationRequired() {
        // Given
        ConnectionId id = fixture.seedExpired(OWNER);
        fixture.endpoint.revokeAll();
        TokenManager manager = manager();

        // When
        assertThatThrownBy(() -> manager.accessToken(id).block(WAIT))
                .isInstanceOf(ReauthorizationRequiredException.class);

        // Then
        assertThat(registry.get(DefaultTokenRequestObservationConvention.REFRESH)
                        .tags("outcome", "reauthorization_required")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.find(SaasConnectMeterHandler.REJECTIONS).counter()).isNull();
    }

    @Test
    void theManagersStoreOperationsAreTimedByStoreOperationAndOutcome() {
        // Given
        ConnectionId id = fixture.seedExpired(OWNER);
        TokenManager manager = manager();

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
        TokenManager manager = manager();

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
        TokenStore store = ObservedTokenStore.of(fixture.store, observed.observations);
        var current = store.read(id).block(WAIT);

        // When
        assertThatThrownBy(() ->
                        store.write(current.record(), current.version() + 7).block(WAIT))
                .isInstanceOf(StaleVersionException.class);
        store.list(TokenManagerFixture.REGISTRATION, null, 10).block(WAIT);
        store.delete(id).block(WAIT);

        // Then
        assertThat(storeOperations("memory", "write", "conflict")).isEqualTo(1);
        assertThat(storeOperations("memory", "list", "success")).isEqualTo(1);
        assertThat(storeOperations("memory", "delete", "success")).isEqualTo(1);
    }

    @Test
    void anOwnersAccountsAreReadThroughTheWrappedStoreAndTimedOnce() {
        // Given a default connection and a named account of one owner
        ConnectionId id = fixture.seedExpired(OWNER);
        var current = fixture.store.read(id).block(WAIT);
        ConnectionId named = id.withAccount("account-2");
        fixture.store.write(current.record().withId(named), 0).block(WAIT);
        TokenStore store = ObservedTokenStore.of(fixture.store, observed.observations);

        // When
        List<ConnectionId> listed = store.accounts(id.registration(), id.owner())
                .map(v -> v.record().id())
                .collectList()
                .block(WAIT);

        // Then the wrapped store's own accounts(), not the interface default that knows only the default connection
        assertThat(listed).containsExactly(id, named);
        assertThat(storeOperations("memory", "accounts", "success")).isEqualTo(1);
    }

    @Test
    void aStoreIsNotWrappedForTheNoOpRegistryNorTwice() {
        TokenStore store = new InMemoryTokenStore();
        TokenStore observedStore = ObservedTokenStore.of(store, observed.observations);

        assertThat(ObservedTokenStore.of(store, ObservationRegistry.NOOP)).isSameAs(store);
        assertThat(ObservedTokenStore.of(observedStore, observed.observations)).isSameAs(observedStore);
    }

    @Test
    void apiCallsAreTimedByStatusClass() {
        // When
        for (int status : new int[] {200, 204, 404, 503, 0}) {
            Observed.call(
                    () -> status,
                    SaasConnectObservation.API_CALL,
                    observed.observations,
                    () -> new ApiCallContext("github", "github"),
                    ApiCallContext::status);
        }

        // Then
        assertThat(apiCalls("2xx")).isEqualTo(2);
        assertThat(apiCalls("4xx")).isEqualTo(1);
        assertThat(apiCalls("5xx")).isEqualTo(1);
        assertThat(apiCalls("io_error")).isEqualTo(1);
    }

    @Test
    void theLatestCensusIsAGaugePerRegistrationAndStatus() {
        // Given
        Instant at = fixture.clock.instant();
        swept(new ConnectionCensus("github", at, Map.of(ConnectionStatus.ACTIVE, 120L)));

        // When a later sweep counts again
        swept(new ConnectionCensus(
                "github",
                at.plusSeconds(900),
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
        TokenManager manager = manager();
        manager.accessToken(id).block(WAIT);
        manager.blocking().accessToken(id);
        fixture.endpoint.enqueue(
                jsonBody(401, "{\"error\":\"invalid_client\",\"error_description\":\"for " + OWNER + "\"}"));
        assertThatThrownBy(() -> manager.accessToken(bob).block(WAIT)).isInstanceOf(ClientMisconfiguredException.class);
        fixture.endpoint.enqueue(jsonBody(400, "{\"error\":\"" + OWNER + "\"}"));
        fixture.clock.advance(Duration.ofHours(2));
        assertThatThrownBy(() -> manager.accessToken(id).block(WAIT)).isInstanceOf(ClientMisconfiguredException.class);
        swept(new ConnectionCensus(
                TokenManagerFixture.REGISTRATION, fixture.clock.instant(), Map.of(ConnectionStatus.ACTIVE, 2L)));

        // When
        List<String> tagValues = observed.namesAndTagValues();

        // Then
        List<String> secrets = new ArrayList<>(fixture.endpoint.issuedTokens());
        secrets.addAll(List.of(
                OWNER, "alice", "bob-the-builder", TokenManagerFixture.CLIENT_SECRET, TokenManagerFixture.CLIENT_ID));
        assertThat(tagValues)
                .isNotEmpty()
                .allSatisfy(value -> assertThat(secrets)
                        .noneSatisfy(secret -> assertThat(value).contains(secret)));
        assertThat(registry.get(SaasConnectMeterHandler.REJECTIONS)
                        .tags("error", "other")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    /** A keep-alive sweep observation that ends with {@code census}. */
    private void swept(ConnectionCensus census) {
        Observed.mono(
                        Mono.just(census),
                        SaasConnectObservation.KEEP_ALIVE_SWEEP,
                        observed.observations,
                        () -> new KeepAliveSweepContext(census.registration(), "github"),
                        KeepAliveSweepContext::census)
                .block(WAIT);
    }

    private long storeOperations(String store, String operation, String outcome) {
        var timer = registry.find(DefaultStoreOperationObservationConvention.NAME)
                .tags("store", store, "operation", operation, "outcome", outcome)
                .timer();
        return timer == null ? 0 : timer.count();
    }

    private long apiCalls(String status) {
        return registry.get(DefaultApiCallObservationConvention.NAME)
                .tags("registration", "github", "status", status)
                .timer()
                .count();
    }

    private double connections(String status) {
        return registry.get(SaasConnectMeterHandler.CONNECTIONS)
                .tags("registration", "github", "status", status)
                .gauge()
                .value();
    }
}

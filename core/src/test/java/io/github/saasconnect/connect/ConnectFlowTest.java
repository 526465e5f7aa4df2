package io.github.saasconnect.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.saasconnect.connection.ConnectionError;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.connection.OwnerIds;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.event.AccountOutcome;
import io.github.saasconnect.event.ConnectionConnectedEvent;
import io.github.saasconnect.event.ConnectionDisconnectedEvent;
import io.github.saasconnect.event.ConnectionRecoveredEvent;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.http.JdkWebClients;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.oauth2.PkceChallenge;
import io.github.saasconnect.provider.GenericOAuth2ProviderType;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.provider.RegistrationSettings;
import io.github.saasconnect.store.InMemoryPendingAuthorizationStore;
import io.github.saasconnect.store.InMemoryTokenStore;
import io.github.saasconnect.store.PendingAuthorization;
import io.github.saasconnect.store.PendingAuthorizationStore;
import io.github.saasconnect.store.VersionedRecord;
import io.github.saasconnect.testkit.MutableClock;
import io.github.saasconnect.testkit.sandbox.AuthorizationRedirect;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.google.GoogleSandbox;
import io.github.saasconnect.testsupport.FlakyTokenStore;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * The connect flow against the Google sandbox, configured as the generic {@code oauth2} type: real HTTP on
 * loopback for the authorization URL, the code exchange with PKCE, and RFC 7009 revocation.
 */
class ConnectFlowTest {

    private static final URI REDIRECT = URI.create("https://app.example/saas-connect/callback/google");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String STALE_SECRET = "a-secret-the-provider-no-longer-takes";

    private final GoogleSandbox sandbox = GoogleSandbox.start();
    private final MutableClock clock = MutableClock.at(Instant.now());
    private final InMemoryTokenStore store = new InMemoryTokenStore();
    private final FlakyTokenStore flaky = new FlakyTokenStore(store);
    private final InMemoryPendingAuthorizationStore memory = new InMemoryPendingAuthorizationStore(clock);
    private final RecordingPendingStore pending = new RecordingPendingStore(memory);
    private final List<Object> events = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final ConnectFlow flow;

    ConnectFlowTest() {
        ProviderRegistry registry = new ProviderRegistry(List.of(
                registration("google", true, Map.of("access_type", "offline", "prompt", "consent")),
                registration("other", false, Map.of()),
                registration("stale", STALE_SECRET, true, Map.of())));
        OAuth2TokenClient client =
                new OAuth2TokenClient(JdkWebClients.builder().build(), clock, Duration.ofSeconds(10));
        flow = ConnectFlow.builder(registry, flaky, pending, client)
                .events(events::add)
                .clock(clock)
                .settings(new ConnectSettings(
                        Duration.ofMinutes(10), new ReturnToPolicy(List.of("https://app.example"), "/"), 5))
                .observations(ObservationRegistry.NOOP)
                .build();
        Logger root = (Logger) LoggerFactory.getLogger("io.github.saasconnect");
        root.setLevel(Level.DEBUG);
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger("io.github.saasconnect")).detachAppender(logs);
        sandbox.close();
    }

    private io.github.saasconnect.provider.ProviderRegistration registration(
            String id, boolean pkce, Map<String, String> parameters) {
        return registration(id, sandbox.client().clientSecret(), pkce, parameters);
    }

    private io.github.saasconnect.provider.ProviderRegistration registration(
            String id, String secret, boolean pkce, Map<String, String> parameters) {
        return new GenericOAuth2ProviderType()
                .register(new RegistrationSettings(
                        id,
                        "oauth2",
                        sandbox.client().clientId(),
                        Secret.of(secret),
                        List.of("openid", "email"),
                        null,
                        sandbox.authorizationEndpoint(),
                        sandbox.tokenEndpoint(),
                        sandbox.revocationEndpoint(),
                        null,
                        null,
                        pkce,
                        parameters,
                        null,
                        Map.of("rotation", "none")));
    }

    // ---- start ----

    @Test
    void startBuildsTheAuthorizationUrlWithAFreshStatePkceS256AndTheProvidersParameters() {
        ConnectRedirect redirect =
                flow.start("google", "alice", "/connections", REDIRECT).block(TIMEOUT);

        Map<String, String> q = query(redirect.location());
        assertThat(redirect.location().toString())
                .startsWith(sandbox.authorizationEndpoint().toString());
        assertThat(q.get("state")).matches("[A-Za-z0-9_-]{43}");
        assertThat(q)
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("access_type", "offline")
                .containsEntry("prompt", "consent")
                .containsEntry("redirect_uri", REDIRECT.toString())
                .containsEntry("client_id", sandbox.client().clientId())
                .containsEntry("response_type", "code");
        PendingAuthorization saved = pending.saved.get(0);
        assertThat(saved.key())
                .isEqualTo(PendingAuthorization.keyOf(q.get("state")))
                .isNotEqualTo(q.get("state"));
        assertThat(PkceChallenge.challengeOf(saved.codeVerifier().reveal())).isEqualTo(q.get("code_challenge"));
        assertThat(saved.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(saved.returnTo()).isEqualTo("/connections");
        assertThat(redirect.toString()).doesNotContain(q.get("state"));
    }

    @Test
    void everyStartHasItsOwnState() {
        String a = query(flow.start("google", "alice", null, REDIRECT)
                        .block(TIMEOUT)
                        .location())
                .get("state");
        String b = query(flow.start("google", "alice", null, REDIRECT)
                        .block(TIMEOUT)
                        .location())
                .get("state");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void startRefusesTheOwnerFormReservedForAppConnections() {
        assertThatThrownBy(
                        () -> flow.start("google", "app:12345", null, REDIRECT).block(TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not start with 'app:'");
        assertThat(pending.saved).isEmpty();
    }

    @Test
    void startSendsNoPkceWhereTheProviderTakesNone() {
        ConnectRedirect redirect = flow.start("other", "alice", null, REDIRECT).block(TIMEOUT);

        assertThat(query(redirect.location())).doesNotContainKeys("code_challenge", "code_challenge_method");
        assertThat(pending.saved.get(0).codeVerifier()).isNull();
        assertThat(pending.saved.get(0).returnTo()).isEqualTo("/");
    }

    @Test
    void startRefusesAnOpenRedirectAndSavesNothing() {
        assertFailure(
                flow.start("google", "alice", "//evil.example/phish", REDIRECT), ConnectFailure.INVALID_RETURN_TO);
        assertFailure(
                flow.start("google", "alice", "https://evil.example/", REDIRECT), ConnectFailure.INVALID_RETURN_TO);
        assertThat(pending.saved).isEmpty();
    }

    @Test
    void startAcceptsAnAbsoluteReturnAddressOnAnAllowedOrigin() {
        flow.start("google", "alice", "https://app.example/after", REDIRECT).block(TIMEOUT);
        assertThat(pending.saved.get(0).returnTo()).isEqualTo("https://app.example/after");
    }

    @Test
    void startRefusesAnUnknownRegistrationWithoutEchoingAMalformedId() {
        assertFailure(flow.start("nope", "alice", null, REDIRECT), ConnectFailure.UNKNOWN_REGISTRATION);
        assertThatThrownBy(() -> flow.start("<script>", "alice", null, REDIRECT).block(TIMEOUT))
                .hasMessageNotContaining("<script>");
    }

    @Test
    void startWithoutAnyRedirectUriSaysWhichPropertyToSet() {
        assertThatThrownBy(() -> flow.start("google", "alice", null).block(TIMEOUT))
                .hasMessageContaining("saas-connect.providers.google.redirect-uri");
    }

    // ---- complete ----

    @Test
    void completeExchangesTheCodeWithTheVerifierAndStoresAnActiveConnection() {
        Callback cb = approve("google", "alice", "/connections");

        ConnectResult result = flow.complete("google", "alice", cb.callback()).block(TIMEOUT);

        assertThat(result)
                .isEqualTo(new ConnectResult(
                        ConnectionId.of("google", "alice"),
                        "/connections",
                        false,
                        false,
                        Set.of(),
                        null,
                        AccountOutcome.NEW_CONNECTION,
                        null,
                        null));
        ConnectionRecord record = store.read(result.connection()).block(TIMEOUT).record();
        assertThat(record.status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(record.refreshToken()).isNotNull();
        assertThat(record.scopes()).contains("openid", "email");
        assertThat(sandbox.isAccessTokenValid(record.accessToken().reveal())).isTrue();
        assertThat(events).hasSize(1).first().isInstanceOf(ConnectionConnectedEvent.class);
        String form = sandbox.requests().all().stream()
                .filter(r -> r.endpoint() == Endpoint.TOKEN)
                .findFirst()
                .orElseThrow()
                .body();
        assertThat(form).contains("code_verifier=");
    }

    @Test
    void startingMoreThanTheLimitReplacesTheOldestWaitingAuthorizationOfThatOwnerAndRegistrationOnly() {
        List<String> states = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            states.add(query(flow.start("google", "alice", null, REDIRECT)
                            .block(TIMEOUT)
                            .location())
                    .get("state"));
        }
        flow.start("google", "bob", null, REDIRECT).block(TIMEOUT);
        flow.start("other", "alice", null, REDIRECT).block(TIMEOUT);

        assertThat(memory.size())
                .as("5 of alice's google starts, bob's, alice's other")
                .isEqualTo(7);
        for (String replaced : states.subList(0, 2)) {
            assertFailure(
                    flow.complete("google", "alice", AuthorizationCallback.ofCode(replaced, "code")),
                    ConnectFailure.STATE_UNKNOWN);
        }
        assertThat(memory.take(PendingAuthorization.keyOf(states.get(2))).block(TIMEOUT))
                .as("the third oldest is still waiting")
                .isNotNull();
    }

    @Test
    void aTakenAuthorizationNoLongerCountsAgainstTheLimit() {
        for (int i = 0; i < 5; i++) {
            Callback cb = approve("google", "alice", "/");
            flow.complete("google", "alice", cb.callback()).block(TIMEOUT);
        }
        Callback first = approve("google", "alice", "/");
        for (int i = 0; i < 4; i++) {
            flow.start("google", "alice", null, REDIRECT).block(TIMEOUT);
        }

        assertThat(flow.complete("google", "alice", first.callback()).block(TIMEOUT))
                .as("five waiting: nothing was replaced")
                .isNotNull();
    }

    @Test
    void aReconnectKeepsTheApplicationsTagsButTakesTheNewGrant() {
        flow.complete("google", "alice", approve("google", "alice", "/").callback())
                .block(TIMEOUT);
        ConnectionId id = ConnectionId.of("google", "alice");
        new Connections(registryOf(flow), store).tag(id, Map.of("plan", "pro")).block(TIMEOUT);
        String firstGeneration = store.read(id).block(TIMEOUT).record().generation();

        flow.complete("google", "alice", approve("google", "alice", "/").callback())
                .block(TIMEOUT);

        ConnectionRecord after = store.read(id).block(TIMEOUT).record();
        assertThat(after.generation()).isNotEqualTo(firstGeneration);
        assertThat(after.tags()).containsExactly(Map.entry("plan", "pro"));
    }

    private static ProviderRegistry registryOf(ConnectFlow flow) {
        return new ProviderRegistry(List.copyOf(flow.registrations()));
    }

    @Test
    void aStateCanBeUsedOnlyOnce() {
        Callback cb = approve("google", "alice", "/");
        flow.complete("google", "alice", cb.callback()).block(TIMEOUT);
        VersionedRecord before = store.read(ConnectionId.of("google", "alice")).block(TIMEOUT);
        events.clear();

        assertFailure(flow.complete("google", "alice", cb.callback()), ConnectFailure.STATE_UNKNOWN);

        assertThat(store.read(ConnectionId.of("google", "alice")).block(TIMEOUT).version())
                .isEqualTo(before.version());
        assertThat(events).isEmpty();
    }

    @Test
    void anUnknownStateIsRefusedAndChangesNothing() {
        assertFailure(
                flow.complete("google", "alice", AuthorizationCallback.ofCode("made-up-state", "code")),
                ConnectFailure.STATE_UNKNOWN);
        assertFailure(
                flow.complete("google", "alice", AuthorizationCallback.ofCode("x".repeat(5000), "code")),
                ConnectFailure.STATE_UNKNOWN);
        assertNothingChanged("alice");
    }

    @Test
    void aCallbackWithoutStateIsRefused() {
        assertFailure(
                flow.complete("google", "alice", AuthorizationCallback.ofCode(null, "code")),
                ConnectFailure.STATE_MISSING);
        assertNothingChanged("alice");
    }

    @Test
    void aStateOlderThanTenMinutesIsRefusedAndChangesNothing() {
        Callback cb = approve("google", "alice", "/");
        clock.advance(Duration.ofMinutes(10));

        assertFailure(flow.complete("google", "alice", cb.callback()), ConnectFailure.STATE_EXPIRED);
        assertNothingChanged("alice");
        assertThat(sandbox.requestCount(Endpoint.TOKEN)).isZero();
    }

    @Test
    void aStateIssuedForAnotherRegistrationIsRefusedAndChangesNothing() {
        Callback cb = approve("google", "alice", "/");

        assertFailure(flow.complete("other", "alice", cb.callback()), ConnectFailure.STATE_REGISTRATION_MISMATCH);
        assertNothingChanged("alice");
        assertThat(sandbox.requestCount(Endpoint.TOKEN)).isZero();
    }

    @Test
    void aStateIssuedToAnotherOwnerIsRefusedAndChangesNothing() {
        Callback cb = approve("google", "alice", "/");

        assertThatThrownBy(
                        () -> flow.complete("google", "mallory", cb.callback()).block(TIMEOUT))
                .isInstanceOfSatisfying(ConnectFlowException.class, e -> {
                    assertThat(e.failure()).isEqualTo(ConnectFailure.STATE_OWNER_MISMATCH);
                    assertThat(e.connection()).isNull();
                    assertThat(e.returnTo()).isNull();
                })
                .hasMessageNotContaining("alice");
        assertNothingChanged("alice");
        assertNothingChanged("mallory");
        assertThat(sandbox.requestCount(Endpoint.TOKEN)).isZero();
    }

    @Test
    void accessDeniedIsReportedWithTheSavedReturnAddressAndChangesNothing() {
        ConnectRedirect redirect =
                flow.start("google", "alice", "/connections", REDIRECT).block(TIMEOUT);
        AuthorizationRedirect denied = sandbox.deny(redirect.location());
        AuthorizationCallback callback =
                new AuthorizationCallback(denied.state(), null, denied.error(), denied.errorDescription());

        assertThatThrownBy(() -> flow.complete("google", "alice", callback).block(TIMEOUT))
                .isInstanceOfSatisfying(ConnectFlowException.class, e -> {
                    assertThat(e.failure()).isEqualTo(ConnectFailure.ACCESS_DENIED);
                    assertThat(e.errorCode()).isEqualTo("access_denied");
                    assertThat(e.returnTo()).isEqualTo("/connections");
                });
        assertNothingChanged("alice");
    }

    @Test
    void anotherProviderErrorIsReportedWithASanitisedCode() {
        ConnectRedirect redirect = flow.start("google", "alice", "/", REDIRECT).block(TIMEOUT);
        String state = query(redirect.location()).get("state");

        assertThatThrownBy(() -> flow.complete(
                                "google", "alice", AuthorizationCallback.ofError(state, "<b>bad\r\nthing</b>"))
                        .block(TIMEOUT))
                .isInstanceOfSatisfying(ConnectFlowException.class, e -> {
                    assertThat(e.failure()).isEqualTo(ConnectFailure.PROVIDER_ERROR);
                    assertThat(e.errorCode()).isEqualTo("invalid_error_code");
                })
                .hasMessageNotContaining("<b>");
    }

    @Test
    void aCallbackWithoutCodeIsRefusedAndChangesNothing() {
        Callback cb = approve("google", "alice", "/x");

        assertFailure(
                flow.complete("google", "alice", new AuthorizationCallback(cb.state(), null, null, null)),
                ConnectFailure.CODE_MISSING);
        assertNothingChanged("alice");
    }

    @Test
    void aCodeTheProviderRejectsChangesNothing() {
        Callback cb = approve("google", "alice", "/x");

        assertThatThrownBy(
                        () -> flow.complete("google", "alice", AuthorizationCallback.ofCode(cb.state(), "forged-code"))
                                .block(TIMEOUT))
                .isInstanceOfSatisfying(ConnectFlowException.class, e -> {
                    assertThat(e.failure()).isEqualTo(ConnectFailure.EXCHANGE_FAILED);
                    assertThat(e.returnTo()).isEqualTo("/x");
                })
                .hasMessageContaining("invalid_grant")
                .hasMessageNotContaining("forged-code");
        assertNothingChanged("alice");
    }

    @Test
    void aCodeTheProviderRejectsIsATryAgainFailureLoggedAtWarn() {
        Callback cb = approve("google", "alice", "/x");

        assertFailure(
                flow.complete("google", "alice", AuthorizationCallback.ofCode(cb.state(), "forged-code")),
                ConnectFailure.EXCHANGE_FAILED);

        assertThat(warnings())
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .startsWith("connect google:~" + OwnerIds.digest("alice")
                                + ": the connection could not be made (the user can try again)")
                        .contains("invalid_grant", "[connect_error=exchange_failed]")
                        .doesNotContain("forged-code"));
    }

    @Test
    void aClientTheProviderRejectsIsClientMisconfiguredAndLoggedAtWarnWithTheRegistration() {
        Callback cb = approve("stale", "alice", "/x");

        assertThatThrownBy(() -> flow.complete("stale", "alice", cb.callback()).block(TIMEOUT))
                .isInstanceOfSatisfying(ConnectFlowException.class, e -> {
                    assertThat(e.failure()).isEqualTo(ConnectFailure.CLIENT_MISCONFIGURED);
                    assertThat(e.errorCode()).isEqualTo("client_misconfigured");
                    assertThat(e.registration()).isEqualTo("stale");
                    assertThat(e.returnTo()).isEqualTo("/x");
                    assertThat(e.getCause()).isInstanceOf(ClientMisconfiguredException.class);
                })
                .hasMessageContaining("an administrator")
                .hasMessageContaining("invalid_client")
                .hasMessageContaining("saas-connect.providers.stale.client-id, client-secret");

        assertThat(store.read(ConnectionId.of("stale", "alice")).block(TIMEOUT)).isNull();
        assertThat(events).isEmpty();
        assertThat(warnings())
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .startsWith("connect stale:~" + OwnerIds.digest("alice") + ": ")
                        .contains(
                                "registration 'stale' was rejected by the provider with 'invalid_client'",
                                "[connect_error=client_misconfigured]")
                        .doesNotContain(
                                cb.state(),
                                cb.code(),
                                STALE_SECRET,
                                sandbox.client().clientSecret(),
                                pending.saved.get(0).codeVerifier().reveal()));
    }

    @Test
    void aReconsentReplacesAConnectionThatNeededReauthorizationAndPublishesRecovered() {
        flow.complete("google", "alice", approve("google", "alice", "/").callback())
                .block(TIMEOUT);
        ConnectionId id = ConnectionId.of("google", "alice");
        VersionedRecord broken = markReauthorizationRequired(id);
        events.clear();

        ConnectResult result = flow.complete(
                        "google", "alice", approve("google", "alice", "/").callback())
                .block(TIMEOUT);

        assertThat(result.replaced()).isTrue();
        assertThat(result.recovered()).isTrue();
        ConnectionRecord now = store.read(id).block(TIMEOUT).record();
        assertThat(now.status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(now.lastError()).isNull();
        assertThat(now.generation()).isNotEqualTo(broken.record().generation());
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOf(ConnectionConnectedEvent.class);
        assertThat(events.get(1)).isEqualTo(new ConnectionRecoveredEvent(id, clock.instant()));
    }

    // ---- adopt (tokens another client obtained: Spring Security's login) ----

    @Test
    void adoptStoresTheTokensAsAnActiveConnectionAndPublishesConnected() {
        ConnectResult result =
                flow.adopt("google", "alice", tokens("access-1", "refresh-1")).block(TIMEOUT);

        ConnectionId id = ConnectionId.of("google", "alice");
        assertThat(result.connection()).isEqualTo(id);
        assertThat(result.replaced()).isFalse();
        ConnectionRecord stored = store.read(id).block(TIMEOUT).record();
        assertThat(stored.status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(stored.refreshToken().reveal()).isEqualTo("refresh-1");
        assertThat(events)
                .containsExactly(new ConnectionConnectedEvent(id, clock.instant(), AccountOutcome.NEW_CONNECTION));
    }

    @Test
    void aLaterGrantWithoutRefreshTokenKeepsTheStoredOne() {
        flow.adopt("google", "alice", tokens("access-1", "refresh-1")).block(TIMEOUT);

        ConnectResult again =
                flow.adopt("google", "alice", tokens("access-2", null)).block(TIMEOUT);

        assertThat(again.replaced()).isTrue();
        ConnectionRecord stored =
                store.read(ConnectionId.of("google", "alice")).block(TIMEOUT).record();
        assertThat(stored.accessToken().reveal()).isEqualTo("access-2");
        assertThat(stored.refreshToken().reveal()).isEqualTo("refresh-1");
    }

    @Test
    void aGrantWithoutRefreshTokenDoesNotReviveADeadOne() {
        flow.adopt("google", "alice", tokens("access-1", "refresh-1")).block(TIMEOUT);
        ConnectionId id = ConnectionId.of("google", "alice");
        markReauthorizationRequired(id);

        ConnectResult again =
                flow.adopt("google", "alice", tokens("access-2", null)).block(TIMEOUT);

        assertThat(again.recovered()).isTrue();
        assertThat(store.read(id).block(TIMEOUT).record().refreshToken()).isNull();
    }

    /** Marks {@code id} as the token manager does after {@code invalid_grant}; returns the record as it was. */
    private VersionedRecord markReauthorizationRequired(ConnectionId id) {
        VersionedRecord current = store.read(id).block(TIMEOUT);
        store.write(
                        current.record()
                                .withStatus(
                                        ConnectionStatus.REAUTHORIZATION_REQUIRED,
                                        new ConnectionError(
                                                FailureKind.REAUTHORIZATION_REQUIRED,
                                                "invalid_grant",
                                                clock.instant())),
                        current.version())
                .block(TIMEOUT);
        return current;
    }

    private static TokenSet tokens(String access, String refresh) {
        return new TokenSet(
                Secret.of(access),
                Instant.now().plusSeconds(3600),
                "Bearer",
                Secret.ofNullable(refresh),
                null,
                Set.of("openid"),
                null,
                Map.of());
    }

    @Test
    void aFirstConnectionTheStoreDoesNotTakeIsRevokedAtTheProviderInsteadOfOrphaned() {
        Callback cb = approve("google", "alice", "/x");
        flaky.refuseResultWrites(true);

        assertFailure(flow.complete("google", "alice", cb.callback()), ConnectFailure.EXCHANGE_FAILED);

        assertThat(sandbox.requestCount(Endpoint.REVOCATION)).isEqualTo(1);
        assertThat(store.read(ConnectionId.of("google", "alice")).block(TIMEOUT))
                .isNull();
        assertThat(events).isEmpty();
        assertThat(warnings())
                .anySatisfy(line -> assertThat(line)
                        .startsWith("connect google:~" + OwnerIds.digest("alice")
                                + ": the store did not take the new connection")
                        .endsWith("the tokens the provider issued were revoked at the provider"))
                .anySatisfy(
                        line -> assertThat(line).contains("[connect_error=exchange_failed] [kind=STORE_UNAVAILABLE]"))
                .allSatisfy(line -> assertThat(line).doesNotContain(cb.code(), cb.state()));
    }

    @Test
    void aReconnectTheStoreDoesNotTakeRevokesNothingSoTheStoredGrantKeepsWorking() {
        flow.complete("google", "alice", approve("google", "alice", "/").callback())
                .block(TIMEOUT);
        ConnectionId id = ConnectionId.of("google", "alice");
        VersionedRecord before = store.read(id).block(TIMEOUT);
        flaky.refuseResultWrites(true);

        assertFailure(
                flow.complete("google", "alice", approve("google", "alice", "/").callback()),
                ConnectFailure.EXCHANGE_FAILED);

        assertThat(sandbox.requestCount(Endpoint.REVOCATION)).isZero();
        assertThat(store.read(id).block(TIMEOUT)).isEqualTo(before);
    }

    @Test
    void connectionsListsTheOwnersConnectionsWithoutTokens() {
        flow.complete("google", "alice", approve("google", "alice", "/").callback())
                .block(TIMEOUT);
        flow.complete("google", "bob", approve("google", "bob", "/").callback()).block(TIMEOUT);

        List<ConnectionSummary> alice = flow.connections("alice").collectList().block(TIMEOUT);

        assertThat(alice).hasSize(1);
        ConnectionSummary summary = alice.get(0);
        assertThat(summary.registration()).isEqualTo("google");
        assertThat(summary.providerType()).isEqualTo("oauth2");
        assertThat(summary.status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(summary.scopes()).contains("email", "openid");
        assertThat(summary.accessTokenExpiresAt()).isAfter(clock.instant());
        ConnectionRecord record =
                store.read(ConnectionId.of("google", "alice")).block(TIMEOUT).record();
        assertThat(summary.toString())
                .doesNotContain(record.accessToken().reveal())
                .doesNotContain(record.refreshToken().reveal());
    }

    // ---- disconnect ----

    @Test
    void disconnectRevokesAtTheProviderThenDeletes() {
        flow.complete("google", "alice", approve("google", "alice", "/").callback())
                .block(TIMEOUT);
        ConnectionId id = ConnectionId.of("google", "alice");
        String refresh = store.read(id).block(TIMEOUT).record().refreshToken().reveal();
        events.clear();

        DisconnectResult result = flow.disconnect("google", "alice").block(TIMEOUT);

        assertThat(result).isEqualTo(new DisconnectResult(id, true));
        assertThat(sandbox.requestCount(Endpoint.REVOCATION)).isEqualTo(1);
        String revocation = sandbox.requests().all().stream()
                .filter(r -> r.endpoint() == Endpoint.REVOCATION)
                .findFirst()
                .orElseThrow()
                .body();
        assertThat(java.net.URLDecoder.decode(revocation, java.nio.charset.StandardCharsets.UTF_8))
                .contains("token=" + refresh);
        assertThat(store.read(id).block(TIMEOUT)).isNull();
        assertThat(events).containsExactly(new ConnectionDisconnectedEvent(id, true, clock.instant()));
    }

    @Test
    void disconnectDeletesEvenWhenTheProviderCannotBeReached() {
        flow.complete("google", "alice", approve("google", "alice", "/").callback())
                .block(TIMEOUT);
        sandbox.close();

        DisconnectResult result = flow.disconnect("google", "alice").block(TIMEOUT);

        assertThat(result.revokedAtProvider()).isFalse();
        assertThat(store.read(ConnectionId.of("google", "alice")).block(TIMEOUT))
                .isNull();
    }

    @Test
    void disconnectOfAnAbsentConnectionIsRefused() {
        assertFailure(flow.disconnect("google", "nobody"), ConnectFailure.NOT_CONNECTED);
        assertThat(events).isEmpty();
    }

    // ---- secrets ----

    @Test
    void noStateCodeVerifierOrTokenAppearsInLogsOrFailureMessages() {
        List<String> messages = new ArrayList<>();
        List<String> secrets = new ArrayList<>();
        Callback ok = approve("google", "alice", "/");
        secrets.add(ok.state());
        secrets.add(ok.code());
        secrets.add(pending.saved.get(0).codeVerifier().reveal());
        flow.complete("google", "alice", ok.callback()).block(TIMEOUT);
        ConnectionRecord record =
                store.read(ConnectionId.of("google", "alice")).block(TIMEOUT).record();
        secrets.add(record.accessToken().reveal());
        secrets.add(record.refreshToken().reveal());
        for (var bad : List.of(ok.callback(), AuthorizationCallback.ofCode("unknown-state-value", "some-code-value"))) {
            try {
                flow.complete("google", "alice", bad).block(TIMEOUT);
            } catch (RuntimeException e) {
                messages.add(String.valueOf(e.getMessage()));
            }
        }
        secrets.add("unknown-state-value");
        secrets.add("some-code-value");
        Callback other = approve("google", "alice", "/");
        secrets.add(other.state());
        secrets.add(other.code());
        try {
            flow.complete("google", "mallory", other.callback()).block(TIMEOUT);
        } catch (RuntimeException e) {
            messages.add(e.getMessage());
        }
        flow.disconnect("google", "alice").block(TIMEOUT);

        logs.list.forEach(e -> messages.add(e.getFormattedMessage()));
        assertThat(messages).isNotEmpty();
        for (String secret : secrets) {
            assertThat(messages).allSatisfy(m -> assertThat(m).doesNotContain(secret));
        }
    }

    @Test
    void infoAndWarnLinesNameOwnersByDigestUnlessConfiguredPlain() {
        flow.complete("google", "alice", approve("google", "alice", "/").callback())
                .block(TIMEOUT);
        flow.disconnect("google", "alice").block(TIMEOUT);
        Callback forged = approve("google", "alice", "/");
        assertThatThrownBy(() -> flow.complete("google", "alice", AuthorizationCallback.ofCode(forged.state(), "x"))
                        .block(TIMEOUT))
                .isInstanceOf(ConnectFlowException.class);

        List<String> lines = logs.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
        assertThat(lines)
                .hasSizeGreaterThanOrEqualTo(3)
                .noneSatisfy(line -> assertThat(line).contains("alice"));
        assertThat(lines).contains("Connected google:~" + OwnerIds.digest("alice"));

        try {
            OwnerIds.configure(OwnerIds.Mode.PLAIN, null);
            logs.list.clear();
            flow.complete("google", "alice", approve("google", "alice", "/").callback())
                    .block(TIMEOUT);
            assertThat(logs.list)
                    .anySatisfy(e -> assertThat(e.getFormattedMessage()).isEqualTo("Connected google:alice"));
        } finally {
            OwnerIds.configure(OwnerIds.Mode.DIGEST, null);
        }
    }

    @Test
    void theAuthorizationRequestCarriesANonceThatThePendingAuthorizationKeeps() {
        ConnectRedirect redirect = flow.start("google", "alice", null, REDIRECT).block(TIMEOUT);

        assertThat(redirect.location().getQuery())
                .contains("nonce=" + pending.saved.get(0).nonce().reveal());
        assertThat(pending.saved.get(0).toString())
                .contains("nonce=true")
                .doesNotContain(pending.saved.get(0).nonce().reveal());
    }

    // ---- helpers ----

    private Callback approve(String registration, String owner, String returnTo) {
        ConnectRedirect redirect =
                flow.start(registration, owner, returnTo, REDIRECT).block(TIMEOUT);
        AuthorizationRedirect answer = sandbox.approve(redirect.location());
        assertThat(answer.code()).isNotNull();
        return new Callback(answer.state(), answer.code());
    }

    private List<String> warnings() {
        return logs.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private void assertNothingChanged(String owner) {
        assertThat(store.read(ConnectionId.of("google", owner)).block(TIMEOUT)).isNull();
        assertThat(store.read(ConnectionId.of("other", owner)).block(TIMEOUT)).isNull();
        assertThat(events).isEmpty();
    }

    private static void assertFailure(Mono<?> call, ConnectFailure expected) {
        assertThatThrownBy(() -> call.block(TIMEOUT))
                .isInstanceOfSatisfying(
                        ConnectFlowException.class, e -> assertThat(e.failure()).isEqualTo(expected));
    }

    private static Map<String, String> query(URI uri) {
        return UriComponentsBuilder.fromUri(uri).build().getQueryParams().toSingleValueMap().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(
                        Map.Entry::getKey,
                        e -> java.net.URLDecoder.decode(e.getValue(), java.nio.charset.StandardCharsets.UTF_8)));
    }

    private record Callback(String state, String code) {
        AuthorizationCallback callback() {
            return AuthorizationCallback.ofCode(state, code);
        }
    }

    /** Remembers what was saved, so a test can look at the verifier. */
    private static final class RecordingPendingStore implements PendingAuthorizationStore {
        final List<PendingAuthorization> saved = new CopyOnWriteArrayList<>();
        private final PendingAuthorizationStore delegate;

        RecordingPendingStore(PendingAuthorizationStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Mono<Void> save(PendingAuthorization authorization) {
            saved.add(authorization);
            return delegate.save(authorization);
        }

        @Override
        public Mono<PendingAuthorization> take(String key) {
            return delegate.take(key);
        }

        @Override
        public String name() {
            return "recording";
        }
    }
}

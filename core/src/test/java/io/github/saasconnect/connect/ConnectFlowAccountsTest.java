package io.github.saasconnect.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.OwnerIds;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.event.AccountChangeRefusedEvent;
import io.github.saasconnect.event.AccountOutcome;
import io.github.saasconnect.event.ConnectionConnectedEvent;
import io.github.saasconnect.http.JdkWebClients;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.provider.AccountIdentity;
import io.github.saasconnect.provider.AccountPolicy;
import io.github.saasconnect.provider.GenericOAuth2ProviderType;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.provider.RegistrationSettings;
import io.github.saasconnect.store.InMemoryPendingAuthorizationStore;
import io.github.saasconnect.store.InMemoryTokenStore;
import io.github.saasconnect.testkit.MutableClock;
import io.github.saasconnect.testkit.sandbox.AuthorizationRedirect;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.SandboxUser;
import io.github.saasconnect.testkit.sandbox.google.GoogleSandbox;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * Several provider accounts per owner and registration, and reconnects that come back as another account, against the
 * Google sandbox (generic {@code oauth2} type, the account being the ID token's {@code sub}).
 */
class ConnectFlowAccountsTest {

    private static final URI REDIRECT = URI.create("https://app.example/saas-connect/callback/multi");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern SUB = Pattern.compile("\"sub\"\\s*:\\s*\"([^\"]+)\"");

    private final GoogleSandbox sandbox = GoogleSandbox.start();
    private final MutableClock clock = MutableClock.at(Instant.now());
    private final InMemoryTokenStore store = new InMemoryTokenStore();
    private final List<Object> events = new CopyOnWriteArrayList<>();
    private final ConnectFlow flow;
    private final SandboxUser alice = sandbox.user("alice");
    private final SandboxUser bob = sandbox.user("bob");

    ConnectFlowAccountsTest() {
        ProviderRegistry registry = new ProviderRegistry(List.of(
                registration("multi", AccountPolicy.MULTIPLE),
                registration("single", AccountPolicy.SINGLE),
                registration(
                        "replacing",
                        new AccountPolicy(AccountPolicy.Accounts.SINGLE, AccountPolicy.OnAccountChange.REPLACE)),
                registration("keeping", AccountPolicy.SINGLE, Map.of("include_granted_scopes", "true"))));
        OAuth2TokenClient client =
                new OAuth2TokenClient(JdkWebClients.builder().build(), clock, Duration.ofSeconds(10));
        flow = ConnectFlow.builder(registry, store, new InMemoryPendingAuthorizationStore(clock), client)
                .events(events::add)
                .clock(clock)
                .build();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    /** The generic type, its account named by the ID token's {@code sub} (decoded, not checked: a test stand-in). */
    private ProviderRegistration registration(String id, AccountPolicy policy) {
        return registration(id, policy, Map.of());
    }

    private ProviderRegistration registration(String id, AccountPolicy policy, Map<String, String> parameters) {
        ProviderRegistration generic = new GenericOAuth2ProviderType()
                .register(new RegistrationSettings(
                        id,
                        "oauth2",
                        sandbox.client().clientId(),
                        Secret.of(sandbox.client().clientSecret()),
                        List.of("openid", "email"),
                        REDIRECT,
                        sandbox.authorizationEndpoint(),
                        sandbox.tokenEndpoint(),
                        sandbox.revocationEndpoint(),
                        null,
                        null,
                        true,
                        parameters,
                        null,
                        Map.of("rotation", "none")));
        return new ProviderRegistration(
                        generic.id(),
                        generic.descriptor().toBuilder()
                                .accountDiscovery((reg, tokens, http) -> Mono.just(Map.of("sub", sub(tokens))))
                                .accountIdentity(new AccountIdentity("sub", null, null, null))
                                .build(),
                        generic.clientId(),
                        generic.clientSecret(),
                        generic.scopes(),
                        generic.redirectUri(),
                        generic.refreshSkew())
                .withOptionalScopes(List.of("calendar"))
                .withAccounts(policy);
    }

    private static String sub(TokenSet tokens) {
        String payload = tokens.idToken().reveal().split("\\.")[1];
        Matcher m = SUB.matcher(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private ConnectResult connectAs(SandboxUser user, String registration, String account) {
        return connectAs(user, registration, account, List.of());
    }

    private ConnectResult connectAs(SandboxUser user, String registration, String account, List<String> scopes) {
        sandbox.signIn(user);
        ConnectRedirect redirect =
                flow.start(registration, "owner-1", "/", null, scopes, account).block(TIMEOUT);
        AuthorizationRedirect approved = sandbox.approve(redirect.location());
        return flow.complete(
                        registration,
                        "owner-1",
                        new AuthorizationCallback(approved.state(), approved.code(), null, null))
                .block(TIMEOUT);
    }

    private ConnectionRecord stored(ConnectionId id) {
        return store.read(id).block(TIMEOUT).record();
    }

    @Test
    void aSecondAccountBecomesItsOwnConnectionAndAReconnectUpdatesOnlyItsOwn() {
        ConnectionId first = ConnectionId.of("multi", "owner-1");
        ConnectionId second = first.withAccount(bob.id());

        ConnectResult a = connectAs(alice, "multi", null);
        store.write(
                        stored(first).withTags(Map.of("team", "red")),
                        store.read(first).block().version())
                .block();
        ConnectResult b = connectAs(bob, "multi", null);
        ConnectionRecord bobBefore = stored(second);

        assertThat(a.connection()).isEqualTo(first);
        assertThat(a.accountOutcome()).isEqualTo(AccountOutcome.NEW_CONNECTION);
        assertThat(b.connection()).isEqualTo(second);
        assertThat(b.accountOutcome()).isEqualTo(AccountOutcome.ADDED_ACCOUNT);
        assertThat(new Connections(flowRegistry(), store)
                        .list("owner-1")
                        .map(v -> v.id() + "=" + v.accountId())
                        .collectList()
                        .block(TIMEOUT))
                .containsExactly(first + "=" + alice.id(), second + "=" + bob.id());

        String aliceToken = stored(first).accessToken().reveal();
        ConnectResult again = connectAs(alice, "multi", alice.id());

        assertThat(again.connection()).isEqualTo(first);
        assertThat(again.accountOutcome()).isEqualTo(AccountOutcome.SAME_ACCOUNT);
        assertThat(again.otherAccountThanRequested()).isFalse();
        assertThat(stored(first).accessToken().reveal()).isNotEqualTo(aliceToken);
        assertThat(stored(first).tags()).containsEntry("team", "red");
        assertThat(store.read(second).block().version())
                .as("bob's connection untouched")
                .isEqualTo(store.read(second).block().version());
        assertThat(stored(second).accessToken().reveal())
                .isEqualTo(bobBefore.accessToken().reveal());
        assertThat(events)
                .filteredOn(ConnectionConnectedEvent.class::isInstance)
                .map(e -> ((ConnectionConnectedEvent) e).outcome())
                .containsExactly(
                        AccountOutcome.NEW_CONNECTION, AccountOutcome.ADDED_ACCOUNT, AccountOutcome.SAME_ACCOUNT);
    }

    @Test
    void aReconnectNamingOneAccountThatComesBackAsAnotherSaysSoAndLeavesTheNamedOne() {
        connectAs(alice, "multi", null);
        connectAs(bob, "multi", null);
        String aliceToken =
                stored(ConnectionId.of("multi", "owner-1")).accessToken().reveal();

        ConnectResult result = connectAs(bob, "multi", alice.id());

        assertThat(result.otherAccountThanRequested()).isTrue();
        assertThat(result.connection()).isEqualTo(ConnectionId.of("multi", "owner-1", bob.id()));
        assertThat(result.accountOutcome()).isEqualTo(AccountOutcome.SAME_ACCOUNT);
        assertThat(stored(ConnectionId.of("multi", "owner-1")).accessToken().reveal())
                .isEqualTo(aliceToken);
    }

    @Test
    void disconnectingOneAccountLeavesTheOther() {
        connectAs(alice, "multi", null);
        connectAs(bob, "multi", null);

        DisconnectResult gone = flow.disconnect("multi", "owner-1", bob.id()).block(TIMEOUT);

        assertThat(gone.connection()).isEqualTo(ConnectionId.of("multi", "owner-1", bob.id()));
        assertThat(store.read(gone.connection()).block()).isNull();
        assertThat(store.read(ConnectionId.of("multi", "owner-1")).block()).isNotNull();
        // the default connection is found by the account it holds, too
        assertThat(flow.disconnect("multi", "owner-1", alice.id())
                        .block(TIMEOUT)
                        .connection())
                .isEqualTo(ConnectionId.of("multi", "owner-1"));
        assertThatThrownBy(() -> flow.disconnect("multi", "owner-1", "nobody").block(TIMEOUT))
                .isInstanceOfSatisfying(
                        ConnectFlowException.class,
                        e -> assertThat(e.failure()).isEqualTo(ConnectFailure.NOT_CONNECTED));
    }

    @Test
    void aSingleConnectionRefusesAnotherAccountByDefaultAndKeepsTheStoredOne() {
        connectAs(alice, "single", null);
        ConnectionRecord before = stored(ConnectionId.of("single", "owner-1"));
        events.clear();

        assertThatThrownBy(() -> connectAs(bob, "single", null))
                .isInstanceOfSatisfying(ConnectFlowException.class, e -> {
                    assertThat(e.failure()).isEqualTo(ConnectFailure.ACCOUNT_CHANGED);
                    assertThat(e.errorCode()).isEqualTo("account_changed");
                    assertThat(e.returnTo()).isEqualTo("/");
                    assertThat(e.getMessage()).contains("on-account-change").doesNotContain(bob.id());
                });

        assertThat(stored(ConnectionId.of("single", "owner-1")).accessToken().reveal())
                .isEqualTo(before.accessToken().reveal());
        assertThat(events)
                .containsExactly(new AccountChangeRefusedEvent(
                        ConnectionId.of("single", "owner-1"), alice.id(), bob.id(), clock.instant()));
        assertThat(sandbox.requestCount(Endpoint.REVOCATION)).isZero();
        // the same account again is a plain reconnect
        assertThat(connectAs(alice, "single", null).accountOutcome()).isEqualTo(AccountOutcome.SAME_ACCOUNT);
    }

    @Test
    void aSingleConnectionThatReplacesRevokesTheReplacedGrant() {
        connectAs(alice, "replacing", null);
        ConnectionRecord before = stored(ConnectionId.of("replacing", "owner-1"));
        events.clear();

        ConnectResult result = connectAs(bob, "replacing", null);

        assertThat(result.accountOutcome()).isEqualTo(AccountOutcome.REPLACED_ACCOUNT);
        assertThat(result.connection()).isEqualTo(ConnectionId.of("replacing", "owner-1"));
        ConnectionRecord after = stored(ConnectionId.of("replacing", "owner-1"));
        assertThat(after.providerAttributes()).containsEntry("sub", bob.id());
        assertThat(after.accessToken().reveal())
                .isNotEqualTo(before.accessToken().reveal());
        assertThat(sandbox.requestCount(Endpoint.REVOCATION)).isEqualTo(1);
        assertThat(sandbox.isAccessTokenValid(before.accessToken().reveal())).isFalse();
        assertThat(events)
                .contains(new ConnectionConnectedEvent(
                        result.connection(), clock.instant(), AccountOutcome.REPLACED_ACCOUNT, alice.id(), true));
    }

    @Test
    void theAccountBeingReconnectedSurvivesThePendingStore() {
        ConnectRedirect redirect =
                flow.start("multi", "owner-1", "/", null, List.of(), "acct-7").block(TIMEOUT);

        assertThat(redirect.connection()).isEqualTo(ConnectionId.of("multi", "owner-1", "acct-7"));
        assertThat(UriComponentsBuilder.fromUri(redirect.location()).build().getQueryParams())
                .containsKey("state");
    }

    @Test
    void aReconnectWhereTheProviderForgetsEarlierGrantsAsksForTheConnectionsScopesAgain() {
        connectAs(alice, "multi", null, List.of("calendar"));
        connectAs(bob, "multi", null);
        assertThat(stored(ConnectionId.of("multi", "owner-1")).scopes()).contains("calendar");

        String again = flow.start("multi", "owner-1", "/", null, List.of(), alice.id())
                .block(TIMEOUT)
                .location()
                .toString();
        String bobs = flow.start("multi", "owner-1", "/", null, List.of(), bob.id())
                .block(TIMEOUT)
                .location()
                .toString();

        assertThat(scopes(again)).contains("calendar", "openid", "email");
        assertThat(scopes(bobs)).as("bob never granted it").doesNotContain("calendar");
    }

    @Test
    void aProviderThatKeepsEarlierGrantsIsNotAskedForThemAgain() {
        connectAs(alice, "keeping", null, List.of("calendar"));

        String again = flow.start("keeping", "owner-1", "/", null)
                .block(TIMEOUT)
                .location()
                .toString();

        assertThat(scopes(again)).doesNotContain("calendar");
        assertThat(again).contains("include_granted_scopes=true");
    }

    @Test
    void logLinesNameANamedAccountByDigestToo() {
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(ConnectFlow.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            connectAs(alice, "multi", null);
            connectAs(bob, "multi", null);
        } finally {
            logger.detachAppender(logs);
        }

        assertThat(logs.list)
                .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .contains("Connected multi:~" + OwnerIds.digest("owner-1") + "#~" + OwnerIds.digest(bob.id())
                        + " (added account)")
                .noneSatisfy(line -> assertThat(line).contains(bob.id()).contains("owner-1"));
    }

    private static List<String> scopes(String location) {
        String scope = UriComponentsBuilder.fromUriString(location)
                .build()
                .getQueryParams()
                .getFirst("scope");
        return List.of(java.net.URLDecoder.decode(scope, StandardCharsets.UTF_8).split(" "));
    }

    private ProviderRegistry flowRegistry() {
        return new ProviderRegistry(flow.registrations().stream().toList());
    }
}

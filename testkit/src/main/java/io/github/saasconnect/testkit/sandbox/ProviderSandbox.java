package io.github.saasconnect.testkit.sandbox;

import io.github.saasconnect.testkit.sandbox.internal.AuthorizationRules;
import io.github.saasconnect.testkit.sandbox.internal.AuthorizationStore;
import io.github.saasconnect.testkit.sandbox.internal.ClientAuthentication;
import io.github.saasconnect.testkit.sandbox.internal.ConsentPage;
import io.github.saasconnect.testkit.sandbox.internal.FormCodec;
import io.github.saasconnect.testkit.sandbox.internal.Grant;
import io.github.saasconnect.testkit.sandbox.internal.RefreshRotation;
import io.github.saasconnect.testkit.sandbox.internal.Route;
import io.github.saasconnect.testkit.sandbox.internal.SandboxRequest;
import io.github.saasconnect.testkit.sandbox.internal.SandboxResponse;
import io.github.saasconnect.testkit.sandbox.internal.TokenFormat;
import io.github.saasconnect.testkit.sandbox.internal.TokenIssuance;
import io.github.saasconnect.testkit.sandbox.internal.TokenPolicy;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A loopback HTTP server on {@code 127.0.0.1} (ephemeral port) that behaves on the wire like one OAuth provider and a
 * few of its APIs. Subclasses supply the provider's endpoints and rules; this class holds what every provider
 * shares: the registered client, users, grants and tokens, the consent flow, the clock, latency, faults and the
 * request log.
 *
 * <p>Start one with the provider's {@code start(...)} factory and close it when done (it is {@link AutoCloseable}).
 * Every knob may be turned while the server runs; handlers run on the server's event loop and the state is
 * thread-safe.
 */
public abstract class ProviderSandbox implements AutoCloseable {

    private final String providerName;
    private final Clock clock;
    private final AuthorizationStore store;
    private final Faults faults = new Faults();
    private final RequestLog requests = new RequestLog();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, RegisteredClient> clients = new LinkedHashMap<>();
    private final Map<String, SandboxUser> users = new LinkedHashMap<>();
    private final RegisteredClient defaultClient;
    private final AuthorizationFlow authorizationFlow;
    private volatile Duration latency = Duration.ZERO;
    private volatile ConsentMode consentMode;
    private volatile SandboxUser signedInUser;
    private volatile Set<String> grantOnly;
    private volatile ListFixture listFixture = ListFixture.of(25);
    private volatile SandboxServer server;

    /**
     * @param providerName name for pages and logs
     * @param options start options
     * @param format how codes and tokens look
     * @param defaultClient the client registered at start
     */
    protected ProviderSandbox(
            String providerName, SandboxOptions options, TokenFormat format, RegisteredClient defaultClient) {
        this.providerName = Objects.requireNonNull(providerName, "providerName");
        this.clock = options.clock();
        this.store = new AuthorizationStore(clock, format);
        this.consentMode = options.consentMode();
        this.defaultClient = Objects.requireNonNull(defaultClient, "defaultClient");
        this.clients.put(defaultClient.clientId(), defaultClient);
        this.authorizationFlow = new AuthorizationFlow(this, store);
    }

    /** Binds the server; called by each provider's factory once the subclass is fully built. */
    protected final void listen() {
        SandboxServer started = new SandboxServer(providerName, routes(), faults, requests, clock, () -> latency);
        started.start();
        this.server = started;
    }

    // ---- What a provider supplies ----

    /** The provider's endpoints. */
    protected abstract List<Route> routes();

    /** The provider's authorization endpoint rules. */
    protected abstract AuthorizationRules authorizationRules();

    /** A new user in the provider's id format; {@code sequence} counts from 1. */
    protected abstract SandboxUser newUser(String login, int sequence);

    /** The token rules for tokens carrying {@code scopes}. */
    protected abstract TokenPolicy tokenPolicy(Set<String> scopes);

    /** Scopes of a connection seeded with {@link #connect(SandboxUser)}. */
    protected abstract Set<String> defaultScopes();

    /** URL of the authorization endpoint. */
    public abstract URI authorizationEndpoint();

    /** URL of the token endpoint. */
    public abstract URI tokenEndpoint();

    /**
     * The scopes an approved authorization grants.
     *
     * @param approved the requested scopes the user approved
     * @param previouslyGranted scopes of the user's live grant for this client, empty if none
     * @param parameters the authorization request's parameters
     * @return the scopes the code's tokens carry
     */
    protected Set<String> grantedScopes(
            Set<String> approved, Set<String> previouslyGranted, Map<String, String> parameters) {
        return approved;
    }

    /** Whether a seeded connection gets a refresh token. */
    protected boolean seedsRefreshToken(Set<String> scopes) {
        return true;
    }

    /** Whether {@link #revokeGrant(SandboxUser)} also kills live access tokens (it always kills refresh tokens). */
    protected boolean revocationKillsAccessTokens() {
        return true;
    }

    // ---- Server ----

    /** Root URL of the server, e.g. {@code http://127.0.0.1:53211}. */
    public URI baseUrl() {
        if (server == null) {
            throw new IllegalStateException(providerName + " sandbox is not started");
        }
        return server.baseUrl();
    }

    /** {@link #baseUrl()} with {@code path} appended. */
    public URI url(String path) {
        return URI.create(baseUrl() + path);
    }

    /** Stops the server and drops open connections. */
    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }

    /** The clock every expiry and window is read from. */
    public Clock clock() {
        return clock;
    }

    // ---- Knobs ----

    /** Delays every response by {@code delay} (wall-clock time). {@link Duration#ZERO} turns it off. */
    public void latency(Duration delay) {
        this.latency = Objects.requireNonNull(delay, "delay");
    }

    /** Faults queued for the next requests. */
    public Faults faults() {
        return faults;
    }

    /** Every request received so far. */
    public RequestLog requests() {
        return requests;
    }

    /** How many requests hit endpoints of this kind (shorthand for {@code requests().count(endpoint)}). */
    public long requestCount(Endpoint endpoint) {
        return requests.count(endpoint);
    }

    /** What the authorization endpoint does with the next requests. */
    public void consentMode(ConsentMode mode) {
        this.consentMode = Objects.requireNonNull(mode, "mode");
    }

    /**
     * The user grants only these of the requested scopes on auto-approve (partial consent). Call with no arguments
     * to grant nothing; call {@link #grantAllRequestedScopes()} to undo.
     */
    public void grantOnly(String... scopes) {
        this.grantOnly = Set.of(scopes);
    }

    /** Undoes {@link #grantOnly(String...)}. */
    public void grantAllRequestedScopes() {
        this.grantOnly = null;
    }

    /** The data behind the provider's paginated list endpoint (25 items by default). */
    public void listFixture(ListFixture fixture) {
        this.listFixture = Objects.requireNonNull(fixture, "fixture");
    }

    /** What the authorization endpoint currently does with a request. */
    public ConsentMode consentMode() {
        return consentMode;
    }

    /** The scopes of {@link #grantOnly(String...)}, or {@code null} when every requested scope is granted. */
    Set<String> grantOnlyScopes() {
        return grantOnly;
    }

    String providerName() {
        return providerName;
    }

    /** The user whose login or email is {@code loginOrEmail}, ignoring case. */
    synchronized Optional<SandboxUser> findUser(String loginOrEmail) {
        return users.values().stream()
                .filter(user -> user.login().equalsIgnoreCase(loginOrEmail)
                        || user.email().equalsIgnoreCase(loginOrEmail))
                .findFirst();
    }

    /** The current list data. */
    protected ListFixture listFixture() {
        return listFixture;
    }

    // ---- Clients and users ----

    /** The client registered at start. */
    public RegisteredClient client() {
        return defaultClient;
    }

    /** Registers another client. */
    public synchronized void registerClient(RegisteredClient client) {
        clients.put(client.clientId(), client);
    }

    /** The registered client with this id, or {@code null}. */
    public synchronized RegisteredClient client(String clientId) {
        return clientId == null ? null : clients.get(clientId);
    }

    /** The user with this login, created on first use. */
    public synchronized SandboxUser user(String login) {
        Objects.requireNonNull(login, "login");
        return users.computeIfAbsent(login, key -> newUser(key, users.size() + 1));
    }

    /** The user with this provider id, if known. */
    public synchronized Optional<SandboxUser> userById(String id) {
        return users.values().stream().filter(user -> user.id().equals(id)).findFirst();
    }

    /** The user the authorization endpoint signs in as unless the request names one ({@code alice} by default). */
    public SandboxUser signedInUser() {
        SandboxUser user = signedInUser;
        return user != null ? user : user("alice");
    }

    /** Makes {@code user} the one the authorization endpoint signs in as. */
    public void signIn(SandboxUser user) {
        this.signedInUser = Objects.requireNonNull(user, "user");
    }

    // ---- Grants and tokens ----

    /** Seeds a connection for {@code user} with the provider's default scopes. */
    public SeededConnection connect(SandboxUser user) {
        return connect(user, defaultScopes());
    }

    /**
     * Seeds a connection without a browser: records consent and issues a live access token (and refresh token where
     * the provider issues one) for the default client, as a code exchange would.
     */
    public SeededConnection connect(SandboxUser user, Set<String> scopes) {
        Grant grant = store.consent(user, defaultClient.clientId(), scopes);
        TokenIssuance issuance = store.issueTokens(grant.id(), scopes, tokenPolicy(scopes), seedsRefreshToken(scopes));
        return new SeededConnection(
                user,
                issuance.accessToken().value(),
                issuance.refreshToken() == null ? null : issuance.refreshToken().value(),
                issuance.accessToken().expiresAt(),
                scopes);
    }

    /**
     * Issues an app token for the default client acting as {@code principal} (a service principal, an installation,
     * an impersonated user): no refresh token, valid for {@code lifetime}, accepted by the sandbox's API like any
     * access token.
     */
    protected final TokenIssuance issueAppToken(String principal, Set<String> scopes, Duration lifetime) {
        Grant grant = store.consent(user(principal), defaultClient.clientId(), scopes);
        TokenPolicy policy =
                new TokenPolicy(lifetime, RefreshRotation.NONE, Duration.ZERO, null, false, null, false, 0);
        return store.issueTokens(grant.id(), scopes, policy, false);
    }

    /**
     * The user withdraws consent for the default client, as from the provider's account settings: every refresh
     * token under the grant dies (and live access tokens too, where the provider kills them).
     *
     * @return whether the user had a live grant
     */
    public boolean revokeGrant(SandboxUser user) {
        return store.revokeGrant(user.id(), defaultClient.clientId(), revocationKillsAccessTokens());
    }

    /** Makes a refresh token expired from now on, whatever its lifetime. */
    public void expireRefreshToken(String refreshToken) {
        if (!store.expireRefreshToken(refreshToken)) {
            throw new IllegalArgumentException("No such refresh token in the " + providerName + " sandbox");
        }
    }

    /** Makes an access token expired from now on. */
    public void expireAccessToken(String accessToken) {
        if (!store.expireAccessToken(accessToken)) {
            throw new IllegalArgumentException("No such access token in the " + providerName + " sandbox");
        }
    }

    /** Whether the sandbox would accept this access token on its APIs right now. */
    public boolean isAccessTokenValid(String accessToken) {
        return store.checkAccessToken(accessToken).valid();
    }

    // ---- Authorization without a browser ----

    /**
     * Runs an authorization request URL (as the code under test built it) as if the user clicked Approve, whatever
     * the consent mode, and returns where the browser would be sent.
     *
     * @throws IllegalStateException when the provider would show an error page instead of redirecting
     */
    public AuthorizationRedirect approve(URI authorizationUrl) {
        return decide(authorizationUrl, AuthorizationFlow.Decision.APPROVE);
    }

    /** Like {@link #approve(URI)}, as if the user clicked Deny. */
    public AuthorizationRedirect deny(URI authorizationUrl) {
        return decide(authorizationUrl, AuthorizationFlow.Decision.DENY);
    }

    private AuthorizationRedirect decide(URI authorizationUrl, AuthorizationFlow.Decision decision) {
        Map<String, String> parameters = FormCodec.decode(authorizationUrl.getRawQuery());
        SandboxResponse response = authorizationFlow.run(parameters, authorizationUrl.getPath(), decision, false);
        if (response.status() != 302) {
            throw new IllegalStateException(providerName + " sandbox did not redirect (HTTP " + response.status()
                    + "): " + response.bodyText());
        }
        return new AuthorizationRedirect(URI.create(response.header("Location")));
    }

    // ---- For provider implementations ----

    /** The grant and token store. */
    protected final AuthorizationStore store() {
        return store;
    }

    /** Randomness for ids and tokens. */
    protected final SecureRandom random() {
        return random;
    }

    /** Authenticates the client of a token request with the provider's accepted methods. */
    protected final ClientAuthentication authenticateClient(
            SandboxRequest request, Set<ClientAuthentication.Method> allowed) {
        return ClientAuthentication.of(request, allowed, this::client);
    }

    /** Handles the authorization endpoint: GET shows consent (or auto-decides); POST is the consent form. */
    protected final SandboxResponse authorize(SandboxRequest request) {
        Map<String, String> parameters = request.parameters();
        AuthorizationFlow.Decision decision = null;
        if ("POST".equals(request.method())) {
            String value = parameters.get("decision");
            decision = "approve".equals(value)
                    ? AuthorizationFlow.Decision.APPROVE
                    : "deny".equals(value) ? AuthorizationFlow.Decision.DENY : null;
        }
        return authorizationFlow.run(parameters, request.path(), decision, parameters.containsKey(ConsentPage.MARKER));
    }
}

package io.github.saasconnect.client;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.http.JdkWebClients;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.provider.ClientAuthentication;
import io.github.saasconnect.provider.ProviderDescriptor;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.provider.RefreshTokenLifetime;
import io.github.saasconnect.provider.RefreshTokenRotation;
import io.github.saasconnect.resilience.Backoff;
import io.github.saasconnect.resilience.RefreshResilience;
import io.github.saasconnect.resilience.ResilienceSettings;
import io.github.saasconnect.store.InMemoryTokenStore;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.testkit.MutableClock;
import io.github.saasconnect.testkit.sandbox.ProviderSandbox;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.SeededConnection;
import io.github.saasconnect.testkit.sandbox.bitbucket.BitbucketSandbox;
import io.github.saasconnect.testkit.sandbox.docusign.DocuSignAccount;
import io.github.saasconnect.testkit.sandbox.docusign.DocuSignSandbox;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import io.github.saasconnect.testkit.sandbox.google.GoogleSandbox;
import io.github.saasconnect.testkit.sandbox.microsoft.MicrosoftSandbox;
import io.github.saasconnect.token.TokenManager;
import io.github.saasconnect.token.TokenManagerSettings;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A provider sandbox with the code under test wired to it the way an application would: a registration describing
 * the sandbox's endpoints (as the providers module would), an in-memory store, a {@link TokenManager} and
 * {@link ProviderClients}, all on the sandbox's clock. Rate-limit waits are recorded so tests can follow them in
 * virtual time.
 */
public final class ApiFixture<S extends ProviderSandbox> implements AutoCloseable {

    public static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    public final MutableClock clock = MutableClock.at(START);
    public final S sandbox;
    public final TokenStore store = new InMemoryTokenStore();
    public final List<Object> events = new CopyOnWriteArrayList<>();
    public final BlockingQueue<Duration> waits = new LinkedBlockingQueue<>();
    public final List<Duration> refusedWaits = new CopyOnWriteArrayList<>();
    public final List<Duration> slept = new CopyOnWriteArrayList<>();
    public final ProviderRegistration registration;
    public ResilienceSettings resilience = new ResilienceSettings(
            2,
            Duration.ofMillis(1),
            1.5,
            Duration.ofMillis(5),
            Duration.ofSeconds(2),
            50f,
            10,
            5,
            Duration.ofSeconds(30),
            64);
    public ClientSettings clientSettings = ClientSettings.defaults();
    /** Where the token managers and {@link #clients()} made afterwards observe their work. */
    public ObservationRegistry observations = ObservationRegistry.NOOP;

    private final List<TokenManager> managers = new ArrayList<>();
    private RefreshResilience sharedResilience;
    private TokenManager tokens;
    private ProviderClients clients;

    private ApiFixture(Function<SandboxOptions, S> start, Function<S, ProviderRegistration> registration) {
        this.sandbox = start.apply(SandboxOptions.defaults().withClock(clock));
        this.registration = registration.apply(sandbox);
    }

    /** Google: API at the sandbox root ({@code /drive/v3/files}); refresh tokens kept, 6 months idle. */
    public static ApiFixture<GoogleSandbox> google() {
        return google(b -> b);
    }

    /** Like {@link #google()}, with the descriptor's strategies changed by {@code customizer}. */
    public static ApiFixture<GoogleSandbox> google(UnaryOperator<ProviderDescriptor.Builder> customizer) {
        return new ApiFixture<>(
                GoogleSandbox::start,
                s -> registration(
                        "google",
                        s,
                        s.authorizationEndpoint(),
                        s.tokenEndpoint(),
                        s.baseUrl(),
                        RefreshTokenRotation.NONE,
                        RefreshTokenLifetime.idle(Duration.ofDays(180)),
                        List.of(),
                        customizer));
    }

    /** Microsoft: Graph at the sandbox root ({@code /v1.0/...}); rotating refresh tokens dying after 90 idle days. */
    public static ApiFixture<MicrosoftSandbox> microsoft() {
        return microsoft(b -> b);
    }

    /** Like {@link #microsoft()}, with the descriptor's strategies changed by {@code customizer}. */
    public static ApiFixture<MicrosoftSandbox> microsoft(UnaryOperator<ProviderDescriptor.Builder> customizer) {
        return new ApiFixture<>(
                MicrosoftSandbox::start,
                s -> registration(
                        "microsoft",
                        s,
                        s.authorizationEndpoint(),
                        s.tokenEndpoint(),
                        s.baseUrl(),
                        RefreshTokenRotation.ROTATES_OLD_STAYS_VALID,
                        RefreshTokenLifetime.idle(Duration.ofDays(90)),
                        List.of("offline_access"),
                        customizer));
    }

    /** GitHub.com: GitHub App user tokens, strict rotation, a fixed refresh-token expiry from the response. */
    public static ApiFixture<GitHubSandbox> github() {
        return github(b -> b);
    }

    /** Like {@link #github()}, with the descriptor's strategies changed by {@code customizer}. */
    public static ApiFixture<GitHubSandbox> github(UnaryOperator<ProviderDescriptor.Builder> customizer) {
        return new ApiFixture<>(GitHubSandbox::start, s -> githubRegistration(s, customizer));
    }

    /** GitHub Enterprise Server: the API under {@code /api/v3}. */
    public static ApiFixture<GitHubSandbox> githubEnterpriseServer() {
        return new ApiFixture<>(GitHubSandbox::startEnterpriseServer, s -> githubRegistration(s, b -> b));
    }

    private static ProviderRegistration githubRegistration(
            GitHubSandbox s, UnaryOperator<ProviderDescriptor.Builder> customizer) {
        return registration(
                "github",
                s,
                s.authorizationEndpoint(),
                s.tokenEndpoint(),
                s.apiBaseUrl(),
                RefreshTokenRotation.STRICT,
                new RefreshTokenLifetime(null, true),
                List.of(),
                customizer);
    }

    /**
     * DocuSign: Basic client authentication, strict rotation, 30 days; the API base URL comes from each connection's
     * {@code base_uri} (as the DocuSign adapter does), never from the descriptor, which points nowhere.
     */
    public static ApiFixture<DocuSignSandbox> docusign() {
        return docusign(b -> b);
    }

    /** Like {@link #docusign()}, with the descriptor's strategies changed by {@code customizer}. */
    public static ApiFixture<DocuSignSandbox> docusign(UnaryOperator<ProviderDescriptor.Builder> customizer) {
        return new ApiFixture<>(
                DocuSignSandbox::start,
                s -> registration(
                        "docusign",
                        s,
                        s.authorizationEndpoint(),
                        s.tokenEndpoint(),
                        URI.create("http://127.0.0.1:1/unused"),
                        RefreshTokenRotation.STRICT,
                        RefreshTokenLifetime.idle(Duration.ofDays(30)),
                        List.of(),
                        ClientAuthentication.CLIENT_SECRET_BASIC,
                        b -> customizer.apply(b.apiBaseUriResolver((registration, record) ->
                                URI.create(record.attributes().get("base_uri") + "/restapi")))));
    }

    /** Bitbucket Cloud: Basic client authentication, the 2.0 API at {@code /2.0}, 3 months idle. */
    public static ApiFixture<BitbucketSandbox> bitbucket() {
        return bitbucket(b -> b);
    }

    /** Like {@link #bitbucket()}, with the descriptor's strategies changed by {@code customizer}. */
    public static ApiFixture<BitbucketSandbox> bitbucket(UnaryOperator<ProviderDescriptor.Builder> customizer) {
        return new ApiFixture<>(
                BitbucketSandbox::start,
                s -> registration(
                        "bitbucket",
                        s,
                        s.authorizationEndpoint(),
                        s.tokenEndpoint(),
                        s.baseUrl(),
                        RefreshTokenRotation.ROTATES_WITH_GRACE_PERIOD,
                        RefreshTokenLifetime.idle(Duration.ofDays(90)),
                        List.of(),
                        ClientAuthentication.CLIENT_SECRET_BASIC,
                        customizer));
    }

    /** Any sandbox, described by the caller. */
    public static <T extends ProviderSandbox> ApiFixture<T> of(
            Function<SandboxOptions, T> start, Function<T, ProviderRegistration> registration) {
        return new ApiFixture<>(start, registration);
    }

    /**
     * A registration named {@code type} for a sandbox, with the standard strategies unless {@code customizer} changes
     * them (the providers module's tests plug in each provider's rate-limit signals and paging style).
     */
    public static ProviderRegistration registration(
            String type,
            ProviderSandbox s,
            URI authorization,
            URI token,
            URI apiBase,
            RefreshTokenRotation rotation,
            RefreshTokenLifetime lifetime,
            List<String> requiredScopes,
            UnaryOperator<ProviderDescriptor.Builder> customizer) {
        return registration(
                type,
                s,
                authorization,
                token,
                apiBase,
                rotation,
                lifetime,
                requiredScopes,
                ClientAuthentication.CLIENT_SECRET_POST,
                customizer);
    }

    /** Like the above, with the client authentication the provider requires. */
    public static ProviderRegistration registration(
            String type,
            ProviderSandbox s,
            URI authorization,
            URI token,
            URI apiBase,
            RefreshTokenRotation rotation,
            RefreshTokenLifetime lifetime,
            List<String> requiredScopes,
            ClientAuthentication clientAuthentication,
            UnaryOperator<ProviderDescriptor.Builder> customizer) {
        ProviderDescriptor descriptor = customizer
                .apply(ProviderDescriptor.builder(type)
                        .authorizationUri(authorization)
                        .tokenUri(token)
                        .apiBaseUri(apiBase)
                        .clientAuthentication(clientAuthentication)
                        .scopeDelimiters(" ", "[ ,]+")
                        .requiredScopes(requiredScopes)
                        .rotation(rotation)
                        .refreshTokenLifetime(lifetime))
                .build();
        return new ProviderRegistration(
                type,
                descriptor,
                s.client().clientId(),
                Secret.of(s.client().clientSecret()),
                List.of(),
                null,
                Duration.ofSeconds(60));
    }

    public TokenManager tokens() {
        if (tokens == null) {
            tokens = newTokenManager("instance-1");
        }
        return tokens;
    }

    /** Another instance sharing the store (for multi-instance tests). */
    public TokenManager newTokenManager(String instanceId) {
        TokenManager manager = TokenManager.builder(
                        store,
                        new OAuth2TokenClient(JdkWebClients.builder().build(), clock, Duration.ofSeconds(10)),
                        new ProviderRegistry(List.of(registration)))
                .resilience(resilience())
                .events(events::add)
                .clock(clock)
                .settings(new TokenManagerSettings(
                        instanceId,
                        Duration.ofSeconds(30),
                        Duration.ofMillis(2),
                        Duration.ofSeconds(60),
                        new Backoff(Duration.ofMillis(5), 2.0, Duration.ofMillis(50)),
                        Duration.ofSeconds(30)))
                .observations(observations)
                .build();
        managers.add(manager);
        return manager;
    }

    public RefreshResilience resilience() {
        if (sharedResilience == null) {
            sharedResilience = RefreshResilience.withSettings(resilience, clock);
        }
        return sharedResilience;
    }

    public ProviderClients clients() {
        if (clients == null) {
            clients = ProviderClients.builder(
                            new ProviderRegistry(List.of(registration)), tokens(), store, resilience())
                    .clock(clock)
                    .settings(clientSettings)
                    .rateLimitListener((connection, wait, reason, waiting) -> {
                        if (waiting) {
                            waits.add(wait);
                        } else {
                            refusedWaits.add(wait);
                        }
                    })
                    .sleeper(slept::add)
                    .observations(observations)
                    .build();
        }
        return clients;
    }

    /** The wait the client scheduled for the next rate-limited answer (blocks until it is scheduled). */
    public Duration nextWait() {
        try {
            Duration wait = waits.poll(10, TimeUnit.SECONDS);
            if (wait == null) {
                throw new AssertionError("no rate-limit wait was scheduled within 10 s");
            }
            return wait;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Connects the sandbox user {@code owner} and stores the connection, its access token valid. */
    public ConnectionId connect(String owner) {
        return connect(owner, Map.of(), false);
    }

    /** Like {@link #connect(String)}, with the stored access token already expired, so the first call refreshes. */
    public ConnectionId connectExpired(String owner) {
        return connect(owner, Map.of(), true);
    }

    public ConnectionId connect(String owner, Map<String, String> attributes, boolean expired) {
        SeededConnection seeded = sandbox.connect(sandbox.user(owner));
        Instant now = clock.instant();
        ConnectionId id = ConnectionId.of(registration.id(), owner);
        Instant refreshExpiry =
                registration.descriptor().refreshTokenLifetime().fixedFromResponse() && seeded.refreshToken() != null
                        ? now.plus(GitHubSandbox.DOCUMENTED_REFRESH_TOKEN_LIFETIME)
                        : null;
        ConnectionRecord record = new ConnectionRecord(
                ConnectionRecord.CURRENT_SCHEMA,
                id,
                ConnectionStatus.ACTIVE,
                Secret.ofNullable(seeded.refreshToken()),
                refreshExpiry,
                Secret.of(seeded.accessToken()),
                expired ? now.minusSeconds(1) : seeded.accessTokenExpiresAt(),
                "Bearer",
                seeded.scopes(),
                attributes,
                now,
                now,
                null,
                null,
                "g1");
        store.write(record, 0).block();
        return id;
    }

    /**
     * Connects a DocuSign sandbox user and stores the connection with its default account's {@code account_id} and
     * {@code base_uri}, as the adapter's discovery would; {@code baseUri} overrides the latter when not {@code null}.
     */
    public ConnectionId connectDocuSign(String owner, String baseUri) {
        DocuSignSandbox docusign = (DocuSignSandbox) sandbox;
        DocuSignAccount account = docusign.accounts(docusign.user(owner)).get(0);
        return connect(
                owner,
                Map.of("account_id", account.accountId(), "base_uri", baseUri != null ? baseUri : account.baseUri()),
                false);
    }

    /** The access token stored for {@code id}. */
    public String storedAccessToken(ConnectionId id) {
        return store.read(id).block().record().accessToken().reveal();
    }

    public ConnectionRecord stored(ConnectionId id) {
        return store.read(id).block().record();
    }

    @Override
    public void close() {
        managers.forEach(TokenManager::close);
        sandbox.close();
    }
}

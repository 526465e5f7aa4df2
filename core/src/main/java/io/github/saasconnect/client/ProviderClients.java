package io.github.saasconnect.client;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.http.JdkWebClients;
import io.github.saasconnect.observation.ObservedTokenStore;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.resilience.RefreshResilience;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.token.TokenManager;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.DefaultUriBuilderFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP clients that call a provider's API on behalf of one connection (DESIGN §9).
 *
 * <pre>{@code
 * WebClient github = clients.webClient("github");
 * github.get().uri("/user/repos").attributes(ProviderClients.connection(id)).retrieve()...   // connection per request
 * clients.webClient(id).get().uri("/user/repos").retrieve()...                                // client bound to one
 * }</pre>
 *
 * Every request: a relative URL is resolved against the connection's API base URL (the descriptor's, GitHub
 * Enterprise Server's {@code /api/v3}, DocuSign's per-account {@code base_uri}); {@code Authorization: Bearer} comes
 * from the {@link TokenManager}; a 401 invalidates the token, refreshes and retries once (a second 401 fails with
 * {@link ApiUnauthorizedException}), and a rejected token that cannot be refreshed is not sent again: the connection
 * is marked for reauthorization and the call fails with
 * {@link io.github.saasconnect.failure.ReauthorizationRequiredException}; rate limits are waited out per the
 * provider's {@link io.github.saasconnect.provider.RateLimitSignals} within {@link ClientSettings}, beyond which the
 * call fails with {@link io.github.saasconnect.failure.RateLimitedException} carrying the time to retry; and each
 * call runs through the registration's API circuit breaker ({@link RefreshResilience#apiBreaker(String)}, not the
 * token endpoint's), which records one outcome per call, its final answer: 5xx and lost answers count as failures,
 * rate limits and the 401 that led to a refresh not at all. Tokens never reach logs, messages or hosts outside the
 * API's domain.
 */
public final class ProviderClients {

    /** Request attribute naming the {@link ConnectionId} a request is made for. */
    public static final String CONNECTION_ATTRIBUTE = ProviderClients.class.getName() + ".connection";

    /** Request attribute carrying the API base URL a bound client already knows. */
    static final String API_BASE_ATTRIBUTE = ProviderClients.class.getName() + ".apiBase";

    private final ProviderRegistry registry;
    private final TokenManager tokens;
    private final TokenStore store;
    private final RefreshResilience resilience;
    private final Supplier<WebClient.Builder> webClients;
    private final Supplier<RestClient.Builder> restClients;
    private final Clock clock;
    private final ClientSettings settings;
    private final RateLimitListener listener;
    private final RegistrationApi.Sleeper sleeper;
    private final ObservationRegistry observations;
    private final ObjectMapper json;
    private final ConcurrentHashMap<String, Clients> byRegistration = new ConcurrentHashMap<>();

    private ProviderClients(Builder b) {
        this.observations = b.observations;
        this.registry = b.registry;
        this.tokens = b.tokens;
        this.store = ObservedTokenStore.of(b.store, b.observations);
        this.resilience = b.resilience;
        this.webClients = b.webClients;
        this.restClients = b.restClients;
        this.clock = b.clock;
        this.settings = b.settings;
        this.listener = b.listener;
        this.sleeper = b.sleeper;
        this.json = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /**
     * A builder of clients over {@code registry}'s registrations, with tokens from {@code tokens}, connections read
     * from {@code store} and each registration's resilience from {@code resilience}. Everything else has a default:
     * plain {@code WebClient}/{@code RestClient} builders, the UTC system clock, {@link ClientSettings#defaults()},
     * no rate-limit listener and no observations.
     */
    public static Builder builder(
            ProviderRegistry registry, TokenManager tokens, TokenStore store, RefreshResilience resilience) {
        return new Builder(registry, tokens, store, resilience);
    }

    /** Sets {@link #CONNECTION_ATTRIBUTE}: {@code .attributes(ProviderClients.connection(id))}. */
    public static Consumer<Map<String, Object>> connection(ConnectionId id) {
        Objects.requireNonNull(id, "id");
        return attributes -> attributes.put(CONNECTION_ATTRIBUTE, id);
    }

    /** The registration's WebClient; each request names its connection with {@link #connection(ConnectionId)}. */
    public WebClient webClient(String registration) {
        return clients(registration).web;
    }

    /** A WebClient bound to {@code connection}: requests need not name it. */
    public WebClient webClient(ConnectionId connection) {
        return bindWeb(clients(connection.registration()).web, connection, null);
    }

    /**
     * A WebClient bound to a stored connection whose record is at hand (jobs): its API base URL comes from the
     * record, so no store read is needed.
     */
    public WebClient webClient(ConnectionRecord record) {
        Clients c = clients(record.id().registration());
        return bindWeb(c.web, record.id(), c.api.bases.of(record).orElse(null));
    }

    /** The registration's RestClient; each request names its connection with {@link #connection(ConnectionId)}. */
    public RestClient restClient(String registration) {
        return clients(registration).rest;
    }

    /** A RestClient bound to {@code connection}. */
    public RestClient restClient(ConnectionId connection) {
        return bindRest(clients(connection.registration()).rest, connection, null);
    }

    /** A RestClient bound to a stored connection whose record is at hand. */
    public RestClient restClient(ConnectionRecord record) {
        Clients c = clients(record.id().registration());
        return bindRest(c.rest, record.id(), c.api.bases.of(record).orElse(null));
    }

    /** A paginator following the registration's paging style, with the configured page limit. */
    public Paginator paginator(String registration) {
        ProviderRegistration r = registry.get(registration);
        return new Paginator(r.id(), r.descriptor().pagingStyle(), settings.maxPages(), json);
    }

    /** The settings in force. */
    public ClientSettings settings() {
        return settings;
    }

    private static WebClient bindWeb(WebClient client, ConnectionId id, URI base) {
        return client.mutate()
                .defaultRequest(spec -> {
                    spec.attribute(CONNECTION_ATTRIBUTE, id);
                    if (base != null) {
                        spec.attribute(API_BASE_ATTRIBUTE, base);
                    }
                })
                .build();
    }

    private static RestClient bindRest(RestClient client, ConnectionId id, URI base) {
        return client.mutate()
                .defaultRequest(spec -> {
                    spec.attribute(CONNECTION_ATTRIBUTE, id);
                    if (base != null) {
                        spec.attribute(API_BASE_ATTRIBUTE, base);
                    }
                })
                .build();
    }

    private Clients clients(String registration) {
        Clients existing = byRegistration.get(registration);
        return existing != null ? existing : byRegistration.computeIfAbsent(registration, this::create);
    }

    private Clients create(String id) {
        ProviderRegistration registration = registry.get(id);
        RegistrationApi api = new RegistrationApi(
                registration,
                tokens,
                new ApiBaseUris(registration, store, tokens),
                resilience.apiBreaker(id),
                resilience.apiRetry(id, ApiRetry.config(settings)),
                registration.descriptor().rateLimitSignals(),
                settings,
                clock,
                listener,
                observations);
        WebClient web = webClients
                .get()
                .clone()
                .uriBuilderFactory(new DefaultUriBuilderFactory())
                .filter(new ApiCallFilter(api))
                .build();
        RestClient rest = restClients
                .get()
                .clone()
                .uriBuilderFactory(new DefaultUriBuilderFactory())
                .requestInterceptor(new ApiCallInterceptor(api, sleeper))
                .build();
        return new Clients(api, web, rest);
    }

    private record Clients(RegistrationApi api, WebClient web, RestClient rest) {}

    @Override
    public String toString() {
        return "ProviderClients[registrations=" + registry.all().size() + ", settings=" + settings + "]";
    }

    /** Builds {@link ProviderClients}; every setting but the four collaborators has a default. */
    public static final class Builder {

        private final ProviderRegistry registry;
        private final TokenManager tokens;
        private final TokenStore store;
        private final RefreshResilience resilience;
        private Supplier<WebClient.Builder> webClients = JdkWebClients::builder;
        private Supplier<RestClient.Builder> restClients = RestClient::builder;
        private Clock clock = Clock.systemUTC();
        private ClientSettings settings = ClientSettings.defaults();
        private RateLimitListener listener = RateLimitListener.NONE;
        private RegistrationApi.Sleeper sleeper = RegistrationApi.Sleeper.THREAD;
        private ObservationRegistry observations = ObservationRegistry.NOOP;

        private Builder(
                ProviderRegistry registry, TokenManager tokens, TokenStore store, RefreshResilience resilience) {
            this.registry = Objects.requireNonNull(registry, "registry");
            this.tokens = Objects.requireNonNull(tokens, "tokens");
            this.store = Objects.requireNonNull(store, "store");
            this.resilience = Objects.requireNonNull(resilience, "resilience");
        }

        /**
         * Where the WebClient builder comes from, asked for on first use rather than at application start (a connector
         * costs tens of milliseconds of startup an application only needs once it calls an API); by default
         * {@link JdkWebClients#builder()}.
         */
        public Builder webClients(Supplier<WebClient.Builder> webClients) {
            this.webClients = Objects.requireNonNull(webClients, "webClients");
            return this;
        }

        /** Where the RestClient builder comes from, asked for on first use. */
        public Builder restClients(Supplier<RestClient.Builder> restClients) {
            this.restClients = Objects.requireNonNull(restClients, "restClients");
            return this;
        }

        /** The time source for rate-limit resets and waits. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Retry, rate-limit and paging bounds. */
        public Builder settings(ClientSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Told of every rate-limit wait, taken or refused. */
        public Builder rateLimitListener(RateLimitListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** How blocking clients wait; tests record the waits instead of sleeping. */
        Builder sleeper(RegistrationApi.Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** Observes API calls and rate-limit waits ({@link ObservationRegistry#NOOP}: nothing is observed). */
        public Builder observations(ObservationRegistry observations) {
            this.observations = Objects.requireNonNull(observations, "observations");
            return this;
        }

        public ProviderClients build() {
            return new ProviderClients(this);
        }
    }
}

package io.github.saasconnect.token;

import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.OwnerIds;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.event.ConnectionConnectedEvent;
import io.github.saasconnect.event.ConnectionDisconnectedEvent;
import io.github.saasconnect.event.ConnectionEvent;
import io.github.saasconnect.failure.AppAccessRevokedException;
import io.github.saasconnect.failure.ConnectionNotFoundException;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.failure.ShuttingDownException;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.observation.ObservedTokenStore;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.resilience.RefreshResilience;
import io.github.saasconnect.resilience.ResilienceSettings;
import io.github.saasconnect.store.TokenStore;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import reactor.core.publisher.Mono;

/**
 * Hands out valid access tokens for connections.
 *
 * <ol>
 *   <li>A cached token outside its refresh window is returned at once: no lock, no allocation.</li>
 *   <li>Otherwise one refresh per connection runs in this JVM; concurrent callers share it.</li>
 *   <li>Across instances the refresh lease, taken by compare-and-set through the {@link TokenStore}, lets one
 *       instance call the token endpoint; the others wait for its result.</li>
 *   <li>A refreshed token set the store did not take is served from memory and written again until it lands.</li>
 *   <li>A dead grant marks the connection and fails with {@link ReauthorizationRequiredException}.</li>
 *   <li>At {@link #shutdown(Duration) shutdown} no new refresh starts, and the ones under way are waited for.</li>
 * </ol>
 * An app connection ({@link ConnectionId#app}) takes the same cache, single flight, resilience, observation and
 * shutdown path, but its token is minted by the registration's
 * {@link io.github.saasconnect.provider.AppTokenMinter} instead of refreshed: no store, no lease, no refresh token.
 * When a refresh fails for any other reason while the current token (the cached one, else the stored one)
 * has not expired yet, that token is still served. All time comes from the injected {@link Clock}.
 *
 * <p>Cache hits and misses are counted per registration in a {@link CacheCounter} (lock-free, allocation-free, no
 * observation on a hit); refreshes and store operations are observed on the {@link ObservationRegistry}
 * ({@link io.github.saasconnect.observation.SaasConnectObservation}).
 */
public final class TokenManager implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TokenManager.class);

    private final ProviderRegistry registry;
    private final Clock clock;
    private final TokenManagerSettings settings;
    private final PendingWrites pending;
    private final ConnectionRefresher refresher;
    private final AppTokens appTokens;
    private final InFlightRefreshes inFlight = new InFlightRefreshes();
    private final SingleFlight<ConnectionId, AccessToken> flights = new SingleFlight<>();
    /** The longest a cached token is served without looking at the store (tokens that never expire included). */
    static final Duration CACHE_MAX_AGE = Duration.ofHours(1);

    /** How many cache additions pass between two sweeps of entries no hit can serve. */
    static final int PURGE_EVERY = 1024;

    private final ConcurrentHashMap<ConnectionId, CachedToken> cache = new ConcurrentHashMap<>();
    private final AtomicLong cached = new AtomicLong();
    private final ConcurrentHashMap<ConnectionId, Secret> rejected = new ConcurrentHashMap<>();
    private final BlockingTokenManager blocking;
    private final Map<String, CacheCounter> cacheCounters;
    private final CacheCounter unregistered = new CacheCounter();

    private TokenManager(Builder b) {
        TokenStore store = b.store;
        OAuth2TokenClient client = b.client;
        ProviderRegistry registry = b.registry;
        Clock clock = b.clock;
        TokenManagerSettings settings = b.settings;
        ObservationRegistry observations = b.observations;
        ApplicationEventPublisher events = b.events;
        RefreshResilience resilience = b.resilience != null
                ? b.resilience
                : RefreshResilience.withSettings(ResilienceSettings.defaults(), clock);
        TokenStore observed = ObservedTokenStore.of(store, observations);
        this.registry = registry;
        this.clock = clock;
        this.settings = settings;
        this.pending = new PendingWrites(observed, settings.pendingWrites());
        this.refresher = new ConnectionRefresher(
                observed, client, resilience, pending, events, clock, settings, observations, inFlight);
        this.appTokens = new AppTokens(client, resilience, events, clock, observations, inFlight);
        this.blocking = new BlockingTokenManager(this, settings.blockingTimeout());
        Map<String, CacheCounter> counters = new HashMap<>();
        for (ProviderRegistration r : registry.all()) {
            CacheCounter counter = new CacheCounter();
            counters.put(r.id(), counter);
        }
        this.cacheCounters = Map.copyOf(counters);
    }

    /** A valid access token for {@code id}, refreshed when it is inside its refresh window. */
    public Mono<AccessToken> accessToken(ConnectionId id) {
        CachedToken hit = cache.get(id);
        if (hit != null && clock.millis() < hit.hitUntilMillis) {
            hit.counter.hit();
            return hit.mono;
        }
        cacheCounter(id.registration()).miss();
        return flights.join(id, this::load);
    }

    /**
     * Refreshes {@code id} now if {@code olderThan} is after its last refresh, even when its access token is
     * still valid (keep-alive for providers whose refresh tokens die when idle). Instances share the lease, so
     * several sweeping together refresh once.
     */
    public Mono<AccessToken> refreshIfOlderThan(ConnectionId id, Instant olderThan) {
        return refreshIfOlderThan(id, olderThan, true);
    }

    /**
     * {@link #refreshIfOlderThan} for a caller that holds the connection's {@linkplain
     * io.github.saasconnect.store.JobClaims job claim} for this sweep, so no other instance sweeps it now: the refresh
     * lease is taken only where a second concurrent refresh would kill the grant (strict rotation), as for any token
     * request, which saves the lease's record write. The re-read still refreshes only a connection that is still idle.
     */
    public Mono<AccessToken> refreshClaimedIfOlderThan(ConnectionId id, Instant olderThan) {
        return refreshIfOlderThan(id, olderThan, false);
    }

    private Mono<AccessToken> refreshIfOlderThan(ConnectionId id, Instant olderThan, boolean leaseAlways) {
        return flights.join(
                id,
                key -> obtain(
                        key,
                        new RefreshDemand(
                                (record, now) -> record.lastRefreshedAt().isBefore(olderThan) || isDue(record, now),
                                leaseAlways)));
    }

    /**
     * Forgets the cached token of {@code id} after an API answered 401 with it: the next call refreshes, even
     * if the stored expiry says the token is still valid. That token is never handed out again: when the
     * connection has no refresh token and the store still holds it, the next call marks the connection
     * {@code REAUTHORIZATION_REQUIRED}, publishes a {@code ReauthorizationRequiredEvent} and fails with
     * {@link ReauthorizationRequiredException}.
     */
    public void invalidate(AccessToken rejectedToken) {
        ConnectionId id = rejectedToken.connection();
        rejected.put(id, rejectedToken.value());
        cache.computeIfPresent(id, (k, c) -> c.token.value().sameAs(rejectedToken.value()) ? null : c);
    }

    /** Drops everything cached for {@code id} (after a disconnect or reconnect). */
    public void evict(ConnectionId id) {
        cache.remove(id);
        rejected.remove(id);
        pending.landed(id);
    }

    /** The settings in force. */
    public TokenManagerSettings settings() {
        return settings;
    }

    /**
     * Drops what is cached for a connection that was just (re)connected or disconnected, so that the next call
     * reads the new grant or finds none; other events are ignored. The connect flow publishes those events and
     * does not know the token manager: where the manager is a Spring bean this method is an event listener,
     * ordered ahead of the application's own listeners (which may ask for a token at once); elsewhere, forward
     * the flow's events here.
     */
    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public void onConnectionEvent(ConnectionEvent event) {
        if (event instanceof ConnectionConnectedEvent || event instanceof ConnectionDisconnectedEvent) {
            evict(event.connection());
        }
    }

    /** The blocking facade, for jobs that are not reactive. */
    public BlockingTokenManager blocking() {
        return blocking;
    }

    /** Refreshed token sets not yet written to the store (they are being retried). */
    public int pendingWrites() {
        return pending.size();
    }

    /**
     * The cached token when it is outside its refresh window, counted as a hit; else {@code null}, counted nowhere
     * (the caller goes on to {@link #accessToken}, which counts). Allocates nothing.
     */
    AccessToken hit(ConnectionId id) {
        CachedToken hit = cache.get(id);
        if (hit != null && clock.millis() < hit.hitUntilMillis) {
            hit.counter.hit();
            return hit.token;
        }
        return null;
    }

    /** The cached token when it is outside its refresh window, else {@code null}. Allocates nothing. */
    AccessToken cachedToken(ConnectionId id) {
        CachedToken hit = cache.get(id);
        return hit != null && clock.millis() < hit.hitUntilMillis ? hit.token : null;
    }

    private Mono<AccessToken> load(ConnectionId id) {
        AccessToken fresh = cachedToken(id);
        if (fresh != null) {
            return Mono.just(fresh);
        }
        return obtain(id, new RefreshDemand(this::isDue, false));
    }

    private Mono<AccessToken> obtain(ConnectionId id, RefreshDemand due) {
        if (id.isApp()) {
            return mint(id);
        }
        return Mono.defer(() -> {
                    ProviderRegistration registration = registry.get(id.registration());
                    // a rejected token coming back means the store holds it and nothing can refresh it
                    return refresher
                            .obtain(registration, id, due)
                            .flatMap(token -> wasRejected(token)
                                    ? refresher.rejectedWithoutRefresh(registration, token)
                                    : Mono.just(token))
                            .doOnNext(token -> remember(registration, token));
                })
                .onErrorResume(
                        e -> !(e instanceof ReauthorizationRequiredException)
                                && !(e instanceof ConnectionNotFoundException)
                                && !(e instanceof IllegalArgumentException),
                        e -> stillValid(id, e));
    }

    /**
     * An app connection: minted, not read from the store. On failure the cached token serves while unexpired, as for
     * a refresh; there is no stored one to fall back on.
     */
    private Mono<AccessToken> mint(ConnectionId id) {
        return Mono.defer(() -> {
                    ProviderRegistration registration = registry.get(id.registration());
                    return appTokens.mint(registration, id).doOnNext(token -> remember(registration, token));
                })
                .onErrorResume(
                        e -> !(e instanceof IllegalArgumentException) && !(e instanceof AppAccessRevokedException),
                        e -> {
                            CachedToken c = cache.get(id);
                            if (c != null && unexpired(c.token) && !wasRejected(c.token)) {
                                logServing("cached", c.token, e);
                                return Mono.just(c.token);
                            }
                            return Mono.error(e);
                        });
    }

    private boolean isDue(ConnectionRecord record, Instant now) {
        Secret bad = rejected.get(record.id());
        if (bad != null && bad.sameAs(record.accessToken())) {
            return true;
        }
        return RefreshWindow.due(
                record, registry.get(record.id().registration()).refreshSkew(), now);
    }

    private void remember(ProviderRegistration registration, AccessToken token) {
        ConnectionId id = token.connection();
        Secret bad = rejected.get(id);
        if (bad != null && !bad.sameAs(token.value())) {
            rejected.remove(id, bad);
        }
        // computed once here, so that a cache hit only compares two longs
        Instant now = clock.instant();
        Instant refreshAt = RefreshWindow.refreshAt(now, token.expiresAt(), registration.refreshSkew());
        long maxAge = now.plus(CACHE_MAX_AGE).toEpochMilli();
        cache.put(
                id,
                new CachedToken(
                        token,
                        Mono.just(token),
                        refreshAt == null ? maxAge : Math.min(refreshAt.toEpochMilli(), maxAge),
                        cacheCounter(registration.id())));
        if (cached.incrementAndGet() % PURGE_EVERY == 0) {
            dropStaleEntries();
        }
    }

    /**
     * Drops the cached entries no hit can serve any more (past their refresh time or {@link #CACHE_MAX_AGE}). Every
     * entry is added by a miss, so running this every {@link #PURGE_EVERY} additions keeps the cache at the
     * connections used within the last hour or so, plus at most that many.
     *
     * @return how many entries were dropped
     */
    int dropStaleEntries() {
        long now = clock.millis();
        int before = cache.size();
        cache.values().removeIf(c -> c.hitUntilMillis <= now);
        return before - cache.size();
    }

    /** How many connections have a token in this manager's cache. */
    public int cachedConnections() {
        return cache.size();
    }

    /**
     * A refresh failed: serve the current token while it has not expired, else report the failure. The current
     * token is the cached one, else the stored one (an instance that just started has nothing cached).
     */
    private Mono<AccessToken> stillValid(ConnectionId id, Throwable failure) {
        CachedToken c = cache.get(id);
        if (c != null && unexpired(c.token)) {
            logServing("cached", c.token, failure);
            return Mono.just(c.token);
        }
        return refresher
                .storedToken(id)
                .filter(token -> unexpired(token) && !wasRejected(token))
                .doOnNext(token -> logServing("stored", token, failure))
                .switchIfEmpty(Mono.error(failure));
    }

    private static void logServing(String which, AccessToken token, Throwable failure) {
        // a refresh refused at shutdown is expected; any other failure is worth a warning
        if (failure instanceof ShuttingDownException) {
            log.debug(
                    "not refreshing {} while shutting down; serving the {} token until it expires at {}",
                    OwnerIds.of(token.connection()),
                    which,
                    token.expiresAt());
        } else {
            log.warn(
                    "refresh of {} failed ({}); serving the {} token until it expires at {}",
                    OwnerIds.of(token.connection()),
                    failure.getClass().getSimpleName(),
                    which,
                    token.expiresAt());
        }
    }

    private boolean unexpired(AccessToken token) {
        return token.expiresAt() == null || clock.instant().isBefore(token.expiresAt());
    }

    private boolean wasRejected(AccessToken token) {
        Secret bad = rejected.get(token.connection());
        return bad != null && bad.sameAs(token.value());
    }

    /**
     * Takes part in a graceful shutdown: starts no new refresh (callers get the current token while it is valid,
     * else a {@link ShuttingDownException}; cache hits are served as ever), lets the refreshes under way finish and
     * store their results, and gives refreshed token sets the store has not taken yet their final writes, all
     * within {@code gracePeriod}. Logs a warning with the counts when the period runs out first.
     *
     * @return what was left unfinished
     */
    public ShutdownReport shutdown(Duration gracePeriod) {
        long deadline = System.nanoTime() + gracePeriod.toNanos();
        inFlight.close();
        int refreshing = inFlight.count();
        if (refreshing > 0 || pending.size() > 0) {
            log.info(
                    "token manager stopping: waiting up to {} ms for {} refresh(es) in flight and {} refreshed token "
                            + "set(s) not yet stored",
                    gracePeriod.toMillis(),
                    refreshing,
                    pending.size());
        }
        int unwritten = pending.size();
        try {
            inFlight.awaitNone(left(deadline));
            unwritten = pending.flushNow(left(deadline));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ShutdownReport report = new ShutdownReport(inFlight.count(), unwritten);
        if (!report.complete()) {
            log.warn(
                    "token manager shutdown grace period of {} ms ran out with {} refresh(es) still in flight and {} "
                            + "refreshed token set(s) not written to the token store: a provider that rotates refresh tokens "
                            + "may already have replaced the stored ones, and those connections would need the user again; "
                            + "raise saas-connect.token.shutdown-grace-period",
                    gracePeriod.toMillis(),
                    report.refreshesInFlight(),
                    report.pendingWrites());
        }
        return report;
    }

    /** Starts refreshes again after {@link #shutdown(Duration)} (an application context stopped and restarted). */
    public void resume() {
        inFlight.open();
    }

    private static Duration left(long deadlineNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    @Override
    public void close() {
        refresher.close();
        pending.close();
    }

    /**
     * The cache hits and misses of {@code registration}, counted from the start; bind them as function counters (the
     * auto-configuration makes {@code saasconnect.token.cache.gets} of them).
     */
    public CacheCounter cacheCounter(String registration) {
        CacheCounter counter = cacheCounters.get(registration);
        return counter != null ? counter : unregistered;
    }

    /**
     * A cached token, served by a cache hit until {@code hitUntilMillis}: its refresh time, but no more than
     * {@link #CACHE_MAX_AGE} after it was cached, so an entry of a connection nobody asks for again can go.
     */
    private record CachedToken(AccessToken token, Mono<AccessToken> mono, long hitUntilMillis, CacheCounter counter) {}

    /**
     * A builder of a token manager over {@code store}, refreshing through {@code client} for {@code registry}'s
     * registrations. Everything else has a default: Resilience4j with {@link ResilienceSettings#defaults()}, no event
     * publisher, the UTC system clock, {@link TokenManagerSettings#defaults()} and no observations.
     */
    public static Builder builder(TokenStore store, OAuth2TokenClient client, ProviderRegistry registry) {
        return new Builder(store, client, registry);
    }

    /** Builds a {@link TokenManager}; every setting but the three collaborators has a default. */
    public static final class Builder {

        private final TokenStore store;
        private final OAuth2TokenClient client;
        private final ProviderRegistry registry;
        private @Nullable RefreshResilience resilience;
        private ApplicationEventPublisher events = event -> {};
        private Clock clock = Clock.systemUTC();
        private TokenManagerSettings settings = TokenManagerSettings.defaults();
        private ObservationRegistry observations = ObservationRegistry.NOOP;

        private Builder(TokenStore store, OAuth2TokenClient client, ProviderRegistry registry) {
            this.store = Objects.requireNonNull(store, "store");
            this.client = Objects.requireNonNull(client, "client");
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /** Retry, circuit breaker and bulkhead per registration (default: private registries, default settings). */
        public Builder resilience(RefreshResilience resilience) {
            this.resilience = Objects.requireNonNull(resilience, "resilience");
            return this;
        }

        /** Where connection events go (refreshed, reauthorization required ...). */
        public Builder events(ApplicationEventPublisher events) {
            this.events = Objects.requireNonNull(events, "events");
            return this;
        }

        /** The only time source of the token manager: expiries, refresh windows, leases. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Skew, lease, pending-write and timeout settings. */
        public Builder settings(TokenManagerSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Where refreshes and store operations are observed ({@link ObservationRegistry#NOOP}: nowhere). */
        public Builder observations(ObservationRegistry observations) {
            this.observations = Objects.requireNonNull(observations, "observations");
            return this;
        }

        public TokenManager build() {
            return new TokenManager(this);
        }
    }
}

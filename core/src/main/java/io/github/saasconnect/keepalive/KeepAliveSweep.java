package io.github.saasconnect.keepalive;

import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionCensus;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.OwnerIds;
import io.github.saasconnect.event.RefreshTokenExpiringEvent;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.job.SharedJob;
import io.github.saasconnect.job.internal.StoredConnections;
import io.github.saasconnect.observation.KeepAliveSweepContext;
import io.github.saasconnect.observation.Observed;
import io.github.saasconnect.observation.ObservedTokenStore;
import io.github.saasconnect.observation.SaasConnectObservation;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.provider.RefreshTokenLifetime;
import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.JobClaim;
import io.github.saasconnect.store.JobClaims;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.VersionedRecord;
import io.github.saasconnect.token.TokenManager;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps idle connections alive and visible (DESIGN §10). For each active connection of each registration:
 * <ul>
 *   <li>when the provider's {@link RefreshTokenLifetime#maxIdle()} says refresh tokens die unused (Microsoft 90 days,
 *       Google 6 months, DocuSign 30 days, Bitbucket 3 months) and the connection has not been refreshed for that
 *       long minus {@link KeepAliveSettings#idleMargin()} (never more than half of it), it is refreshed through
 *       {@link TokenManager#refreshIfOlderThan}; the refresh lease and the re-read make instances sweeping together
 *       refresh each connection once. With the store's {@link JobClaims} the sweep is a shared job
 *       ({@value #JOB}, one period per {@link KeepAliveSettings#interval()}): an instance first claims a due
 *       connection, and only the one that gets the claim refreshes it, through
 *       {@link TokenManager#refreshClaimedIfOlderThan} (no lease write where the provider's old refresh token
 *       survives its use); the others count it in {@link KeepAliveReport#claimedByOthers()};</li>
 *   <li>when the record states a fixed refresh-token expiry (GitHub's {@code refresh_token_expires_in}) within
 *       {@link KeepAliveSettings#expiryWarning()}, a {@link RefreshTokenExpiringEvent} is published, once per
 *       connection and expiry on this instance.</li>
 * </ul>
 */
public final class KeepAliveSweep {

    /** The name the sweep's claims go by. */
    public static final String JOB = "saas-connect-keep-alive";

    /** How long an instance's claim on a connection lasts (at most the interval): far beyond one refresh. */
    static final Duration CLAIM_LAPSE = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(KeepAliveSweep.class);

    private final TokenStore store;
    private final TokenManager tokens;
    private final ProviderRegistry registry;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final KeepAliveSettings settings;
    private final ConcurrentHashMap<ConnectionId, Instant> warned = new ConcurrentHashMap<>();
    private final ObservationRegistry observations;
    private final @Nullable JobClaims claims;
    private final String replica;

    /**
     * @param observations where each registration's sweep is observed, with the census of its connections by status
     *     (health and metrics show the latest), and the store operations ({@link ObservationRegistry#NOOP}: nowhere)
     */
    public KeepAliveSweep(
            TokenStore store,
            TokenManager tokens,
            ProviderRegistry registry,
            ApplicationEventPublisher events,
            Clock clock,
            KeepAliveSettings settings,
            ObservationRegistry observations) {
        this(store, tokens, registry, events, clock, settings, observations, null, "");
    }

    /**
     * A sweep shared by the instances that run it: each due connection is claimed in {@code claims} as
     * {@code replica} (unique per running process) before it is refreshed.
     */
    public KeepAliveSweep(
            TokenStore store,
            TokenManager tokens,
            ProviderRegistry registry,
            ApplicationEventPublisher events,
            Clock clock,
            KeepAliveSettings settings,
            ObservationRegistry observations,
            @Nullable JobClaims claims,
            String replica) {
        this.claims = claims;
        this.replica = Objects.requireNonNull(replica, "replica");
        this.observations = Objects.requireNonNull(observations, "observations");
        this.store = ObservedTokenStore.of(Objects.requireNonNull(store, "store"), observations);
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Sweeps every registration, one after the other. */
    public Mono<KeepAliveReport> sweep() {
        return Flux.fromIterable(registry.all())
                .concatMap(r -> sweep(r.id()))
                .reduce(KeepAliveReport.EMPTY, KeepAliveReport::plus);
    }

    /** Sweeps the connections of one registration. */
    public Mono<KeepAliveReport> sweep(String registration) {
        ProviderRegistration r = registry.get(registration);
        return Mono.defer(() -> {
                    Instant now = clock.instant();
                    Duration maxIdle = r.descriptor().refreshTokenLifetime().maxIdle();
                    Instant refreshOlderThan = maxIdle == null ? null : now.minus(refreshAfter(maxIdle));
                    Instant periodStart = SharedJob.of(JOB, settings.interval()).periodStart(now);
                    Counts counts = new Counts();
                    ConnectionCensus.Tally census = ConnectionCensus.tally(registration);
                    return StoredConnections.pages(store, registration, settings.listPageSize())
                            .doOnNext(page -> page.unreadable().forEach(unreadable -> {
                                counts.unreadable.incrementAndGet();
                                census.count(ConnectionStatus.UNREADABLE);
                            }))
                            .concatMapIterable(ConnectionPage::records, 1)
                            .map(VersionedRecord::record)
                            .doOnNext(record -> census.count(record.status()))
                            .filter(record -> record.status() == ConnectionStatus.ACTIVE)
                            .flatMap(
                                    record -> visit(record, now, periodStart, refreshOlderThan, counts),
                                    settings.concurrency())
                            .then(Mono.fromSupplier(() -> {
                                KeepAliveReport report = counts.report();
                                log.debug("keep-alive sweep of registration '{}': {}", registration, report);
                                if (report.unreadable() > 0) {
                                    log.warn(
                                            "keep-alive sweep of registration '{}' met {} record(s) the store cannot "
                                                    + "read; those connections are not kept alive (see the store's "
                                                    + "warnings for which files or paths, and why)",
                                            registration,
                                            report.unreadable());
                                }
                                return new Swept(report, census.census(clock.instant()));
                            }));
                })
                .as(sweep -> Observed.mono(
                        sweep,
                        SaasConnectObservation.KEEP_ALIVE_SWEEP,
                        observations,
                        () -> new KeepAliveSweepContext(
                                registration, r.descriptor().type()),
                        (context, swept) -> context.census(swept.census())))
                .map(Swept::report);
    }

    /** What the walk over one registration's connections found. */
    private record Swept(KeepAliveReport report, ConnectionCensus census) {}

    /** How long a connection may stay unrefreshed: the idle limit minus the margin, but at most half of it. */
    Duration refreshAfter(Duration maxIdle) {
        Duration withMargin = maxIdle.minus(settings.idleMargin());
        Duration half = maxIdle.dividedBy(2);
        return withMargin.compareTo(half) > 0 ? withMargin : half;
    }

    private Mono<Void> visit(
            ConnectionRecord record, Instant now, Instant periodStart, Instant refreshOlderThan, Counts counts) {
        counts.examined.incrementAndGet();
        warnOfFixedExpiry(record, now, counts);
        if (refreshOlderThan == null
                || record.refreshToken() == null
                || !record.lastRefreshedAt().isBefore(refreshOlderThan)) {
            return Mono.empty();
        }
        if (claims == null) {
            return refresh(record, tokens.refreshIfOlderThan(record.id(), refreshOlderThan), counts);
        }
        Instant claimedAt = clock.instant();
        JobClaim claim = new JobClaim(JOB, record.id(), periodStart, replica, claimedAt, claimedAt.plus(claimLapse()));
        return claims.claim(claim)
                .flatMap(outcome -> {
                    if (!outcome.mine()) {
                        counts.claimedByOthers.incrementAndGet();
                        return Mono.<Void>empty();
                    }
                    return refresh(record, tokens.refreshClaimedIfOlderThan(record.id(), refreshOlderThan), counts)
                            .then(claims.complete(claim))
                            .then();
                })
                .onErrorResume(e -> {
                    counts.failed.incrementAndGet();
                    log.warn(
                            "keep-alive could not claim {} ({}); trying again next sweep",
                            record.id(),
                            e.getClass().getSimpleName());
                    return Mono.empty();
                });
    }

    private Duration claimLapse() {
        return settings.interval().compareTo(CLAIM_LAPSE) < 0 ? settings.interval() : CLAIM_LAPSE;
    }

    private Mono<Void> refresh(ConnectionRecord record, Mono<AccessToken> refreshing, Counts counts) {
        ConnectionId id = record.id();
        return refreshing
                .doOnNext(token -> {
                    if (!token.value().sameAs(record.accessToken())) {
                        counts.refreshed.incrementAndGet();
                        log.debug("keep-alive refreshed {} (idle since {})", id, record.lastRefreshedAt());
                    }
                })
                .then()
                .onErrorResume(e -> {
                    if (e instanceof ReauthorizationRequiredException) {
                        counts.reauthorizationRequired.incrementAndGet();
                    } else {
                        counts.failed.incrementAndGet();
                        log.warn(
                                "keep-alive refresh of {} failed ({}); trying again next sweep",
                                OwnerIds.of(id),
                                e.getClass().getSimpleName());
                    }
                    return Mono.empty();
                });
    }

    private void warnOfFixedExpiry(ConnectionRecord record, Instant now, Counts counts) {
        Instant expiresAt = record.refreshTokenExpiresAt();
        if (expiresAt == null) {
            warned.remove(record.id());
            return;
        }
        if (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(settings.expiryWarning()))) {
            return;
        }
        if (!expiresAt.equals(warned.put(record.id(), expiresAt))) {
            counts.expiringWarned.incrementAndGet();
            log.info(
                    "refresh token of {} expires at {}; the user must connect again before then",
                    OwnerIds.of(record.id()),
                    expiresAt);
            events.publishEvent(new RefreshTokenExpiringEvent(record.id(), expiresAt, now));
        }
    }

    private static final class Counts {

        final AtomicInteger examined = new AtomicInteger();
        final AtomicInteger refreshed = new AtomicInteger();
        final AtomicInteger expiringWarned = new AtomicInteger();
        final AtomicInteger reauthorizationRequired = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger unreadable = new AtomicInteger();
        final AtomicInteger claimedByOthers = new AtomicInteger();

        KeepAliveReport report() {
            return new KeepAliveReport(
                    examined.get(),
                    refreshed.get(),
                    expiringWarned.get(),
                    reauthorizationRequired.get(),
                    failed.get(),
                    unreadable.get(),
                    claimedByOthers.get());
        }
    }
}

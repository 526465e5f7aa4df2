package io.github.saasconnect.token;

import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionError;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.connection.OwnerIds;
import io.github.saasconnect.connection.RefreshLease;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.event.ConnectionRefreshedEvent;
import io.github.saasconnect.event.ReauthorizationRequiredEvent;
import io.github.saasconnect.failure.ConnectionNotFoundException;
import io.github.saasconnect.failure.ReauthorizationCause;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.failure.ShuttingDownException;
import io.github.saasconnect.failure.TransientFailureException;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.observation.Observed;
import io.github.saasconnect.observation.SaasConnectObservation;
import io.github.saasconnect.observation.TokenRequestContext;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.resilience.RefreshResilience;
import io.github.saasconnect.store.StaleVersionException;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.VersionedRecord;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import reactor.core.publisher.Mono;

/**
 * The refresh protocol for one connection across instances: read, take the refresh lease by compare-and-set,
 * call the token endpoint, store the result (or hold it as pending), and handle a dead grant.
 */
final class ConnectionRefresher {

    private static final Logger log = LoggerFactory.getLogger(ConnectionRefresher.class);
    private static final int MAX_CAS_LOSSES = 50;

    private final TokenStore store;
    private final OAuth2TokenClient client;
    private final RefreshResilience resilience;
    private final PendingWrites pending;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TokenManagerSettings settings;
    private final ObservationRegistry observations;
    private final InFlightRefreshes inFlight;
    private volatile boolean closed;

    ConnectionRefresher(
            TokenStore store,
            OAuth2TokenClient client,
            RefreshResilience resilience,
            PendingWrites pending,
            ApplicationEventPublisher events,
            Clock clock,
            TokenManagerSettings settings,
            ObservationRegistry observations,
            InFlightRefreshes inFlight) {
        this.store = store;
        this.client = client;
        this.resilience = resilience;
        this.pending = pending;
        this.events = events;
        this.clock = clock;
        this.settings = settings;
        this.observations = observations;
        this.inFlight = inFlight;
    }

    /**
     * A valid access token for {@code id}, refreshing it when {@code due} says the stored one will not do. The
     * refresh lease is taken where a second concurrent refresh would kill the grant (strict rotation), and for every
     * provider when the demand {@linkplain RefreshDemand#leaseAlways() says so}.
     */
    Mono<AccessToken> obtain(ProviderRegistration registration, ConnectionId id, RefreshDemand due) {
        return attempt(registration, id, due, Duration.ZERO, 0);
    }

    /**
     * The stored access token of {@code id} (or the pending one) while the connection is active; empty when there
     * is none or the store cannot be read.
     */
    Mono<AccessToken> storedToken(ConnectionId id) {
        return read(id).map(VersionedRecord::record)
                .filter(record -> record.status() == ConnectionStatus.ACTIVE)
                .map(ConnectionRecord::toAccessToken)
                .onErrorResume(e -> Mono.empty());
    }

    private Mono<AccessToken> attempt(
            ProviderRegistration registration, ConnectionId id, RefreshDemand due, Duration waited, int casLosses) {
        return read(id).flatMap(current -> {
            ConnectionRecord record = current.record();
            Instant now = clock.instant();
            if (record.status() != ConnectionStatus.ACTIVE) {
                String code = record.lastError() == null
                        ? record.status().name()
                        : record.lastError().code();
                return Mono.error(new ReauthorizationRequiredException(
                        registration.id(), id, ReauthorizationCause.ALREADY_MARKED, code, null));
            }
            if (!due.test(record, now)) {
                return Mono.just(record.toAccessToken());
            }
            if (record.refreshToken() == null) {
                if (record.accessTokenExpiresAt() == null || now.isBefore(record.accessTokenExpiresAt())) {
                    return Mono.just(record.toAccessToken());
                }
                return markReauthorizationRequired(
                        registration,
                        id,
                        null,
                        null,
                        new ReauthorizationRequiredException(
                                registration.id(), id, ReauthorizationCause.NO_REFRESH_TOKEN, "no_refresh_token", null),
                        due,
                        0);
            }
            if (!due.leaseAlways() && !registration.descriptor().rotation().oldTokenDiesOnUse()) {
                return refreshWithoutLease(registration, current, due);
            }
            RefreshLease lease = record.lease();
            if (lease != null && lease.isLiveAt(now) && !lease.holder().equals(settings.instanceId())) {
                // bounded by the time waited (virtual-time friendly), not by the clock, which tests may hold still
                if (waited.compareTo(settings.leaseWait()) >= 0 || closed) {
                    return Mono.error(new TransientFailureException(
                            registration.id(),
                            id,
                            0,
                            closed
                                    ? "the token manager was closed while waiting for another instance's refresh"
                                    : "another instance (" + lease.holder()
                                            + ") kept holding the refresh lease for longer "
                                            + "than saas-connect.token.lease-wait (" + settings.leaseWait() + ")",
                            null));
                }
                Duration poll = settings.leasePollInterval();
                return Mono.delay(poll)
                        .then(Mono.defer(() -> attempt(registration, id, due, waited.plus(poll), casLosses)));
            }
            if (!inFlight.tryStart()) {
                return Mono.error(new ShuttingDownException(registration.id(), id));
            }
            RefreshLease mine = new RefreshLease(
                    settings.instanceId(),
                    now.plus(settings.leaseDuration()),
                    UUID.randomUUID().toString());
            ConnectionRecord leased = record.withLease(mine);
            log.debug("{} taking the refresh lease at version {} (after waiting {})", id, current.version(), waited);
            return store.write(leased, current.version())
                    .map(Optional::of)
                    .onErrorResume(StaleVersionException.class, e -> Mono.just(Optional.empty()))
                    .flatMap(version -> {
                        if (version.isEmpty()) {
                            return Mono.just(Optional.<AccessToken>empty());
                        }
                        log.debug("{} took the refresh lease, now version {}", id, version.get());
                        return refreshUnderLease(registration, leased, version.get(), due)
                                .map(Optional::of);
                    })
                    // counted out once the result is stored (or held) and the lease is gone, before a lost
                    // lease race starts over as a new refresh
                    .doFinally(signal -> inFlight.finished())
                    .flatMap(token -> {
                        if (token.isPresent()) {
                            return Mono.just(token.get());
                        }
                        if (casLosses >= MAX_CAS_LOSSES) {
                            return Mono.error(new TransientFailureException(
                                    registration.id(),
                                    id,
                                    0,
                                    "lost the refresh lease race " + casLosses + " times in a row",
                                    null));
                        }
                        return attempt(registration, id, due, waited, casLosses + 1);
                    });
        });
    }

    /**
     * The refresh of a provider whose old refresh token survives its use (Google, Microsoft, Bitbucket's grace
     * period): two instances refreshing at once both get working tokens, so no lease is taken. One read, the token
     * request, and one compare-and-set write of the result at the version read; a lost race is reconciled like a
     * lease taken over ({@link #reconcile}). Within this instance the single flight still makes it one request.
     */
    private Mono<AccessToken> refreshWithoutLease(
            ProviderRegistration registration, VersionedRecord current, RefreshDemand due) {
        ConnectionRecord record = current.record();
        ConnectionId id = record.id();
        if (!inFlight.tryStart()) {
            return Mono.error(new ShuttingDownException(registration.id(), id));
        }
        Secret used = record.refreshToken();
        return refresh(registration, id, used)
                .flatMap(tokens -> persist(
                        record,
                        current.version(),
                        registration
                                .descriptor()
                                .refreshTokenLifetime()
                                .onRefresh(tokens, record.refreshTokenExpiresAt())))
                .onErrorResume(
                        ReauthorizationRequiredException.class,
                        e -> afterDeadGrant(registration, id, used, null, e, due))
                .doFinally(signal -> inFlight.finished());
    }

    private Mono<TokenSet> refresh(ProviderRegistration registration, ConnectionId id, Secret used) {
        return Observed.mono(
                resilience.decorate(registration.id(), id, client.refresh(registration, id, used)),
                SaasConnectObservation.TOKEN_REFRESH,
                observations,
                () -> new TokenRequestContext(
                        TokenRequestContext.Grant.REFRESH_TOKEN,
                        registration.id(),
                        registration.descriptor().type()));
    }

    private Mono<AccessToken> refreshUnderLease(
            ProviderRegistration registration, ConnectionRecord leased, long leaseVersion, RefreshDemand due) {
        ConnectionId id = leased.id();
        Secret used = leased.refreshToken();
        return refresh(registration, id, used)
                .flatMap(tokens -> persist(
                        leased,
                        leaseVersion,
                        registration
                                .descriptor()
                                .refreshTokenLifetime()
                                .onRefresh(tokens, leased.refreshTokenExpiresAt())))
                .onErrorResume(
                        ReauthorizationRequiredException.class,
                        e -> afterDeadGrant(registration, id, used, leased.lease(), e, due))
                .onErrorResume(
                        e -> !(e instanceof ReauthorizationRequiredException),
                        e -> releaseLease(leased, leaseVersion).then(Mono.error(e)));
    }

    /**
     * Stores the tokens of a refresh of {@code read} (leased by us, or not leased at all) at {@code version}. A lease
     * that is not ours stays on the record: an instance of an earlier version may hold it.
     */
    private Mono<AccessToken> persist(ConnectionRecord read, long version, TokenSet tokens) {
        RefreshLease lease = read.lease();
        RefreshLease ours = lease != null && lease.holder().equals(settings.instanceId()) ? lease : null;
        ConnectionRecord updated = read.refreshedWith(tokens, clock.instant()).withLease(ours == null ? lease : null);
        Secret replaced = read.refreshToken();
        return store.write(updated, version)
                .doOnNext(v -> pending.landed(updated.id()))
                .thenReturn(updated)
                .onErrorResume(StaleVersionException.class, e -> reconcile(updated, replaced, 0))
                .onErrorResume(e -> !(e instanceof StaleVersionException), e -> {
                    pending.hold(updated, replaced, ours);
                    return Mono.just(updated);
                })
                .map(stored -> {
                    events.publishEvent(new ConnectionRefreshedEvent(updated.id(), updated.lastRefreshedAt()));
                    return stored.toAccessToken();
                });
    }

    /**
     * Our lease was taken over while we refreshed. Store our tokens unless someone else stored newer ones:
     * if the stored refresh token is still the one we used, nobody else succeeded. A stored record of another
     * generation is a new connection (disconnected and connected again meanwhile): it is served, never ours.
     */
    private Mono<ConnectionRecord> reconcile(ConnectionRecord updated, Secret replaced, int tries) {
        return store.read(updated.id())
                .flatMap(current -> {
                    ConnectionRecord stored = current.record();
                    if (!stored.generation().equals(updated.generation())) {
                        log.debug(
                                "{} was connected again while it was refreshed; serving the new connection",
                                updated.id());
                        return Mono.just(stored);
                    }
                    boolean nobodyElseRotated = stored.refreshToken() == null
                            || stored.refreshToken().sameAs(replaced);
                    if (!nobodyElseRotated) {
                        log.debug("kept the tokens another instance stored for {}", updated.id());
                        return Mono.just(updated);
                    }
                    return store.write(
                                    updated.withLease(
                                            stored.lease() != null
                                                            && stored.lease()
                                                                    .holder()
                                                                    .equals(settings.instanceId())
                                                    ? null
                                                    : stored.lease()),
                                    current.version())
                            .doOnNext(v -> pending.landed(updated.id()))
                            .thenReturn(updated)
                            .onErrorResume(
                                    StaleVersionException.class,
                                    e -> tries < MAX_CAS_LOSSES
                                            ? reconcile(updated, replaced, tries + 1)
                                            : Mono.error(e));
                })
                .switchIfEmpty(Mono.just(updated));
    }

    /**
     * The provider rejected the refresh token. Another holder may have rotated it meanwhile: re-read, and
     * only when the store still holds the token we used, mark the connection.
     */
    private Mono<AccessToken> afterDeadGrant(
            ProviderRegistration registration,
            ConnectionId id,
            Secret used,
            RefreshLease ours,
            ReauthorizationRequiredException e,
            RefreshDemand due) {
        return read(id).flatMap(current -> {
            ConnectionRecord record = current.record();
            if (record.status() == ConnectionStatus.ACTIVE
                    && record.refreshToken() != null
                    && !record.refreshToken().sameAs(used)) {
                log.debug("refresh token of {} was rotated by another holder; using theirs", id);
                return againWithoutOurLease(registration, current, ours, due);
            }
            return markReauthorizationRequired(registration, id, used, ours, e, due, 0);
        });
    }

    private Mono<AccessToken> markReauthorizationRequired(
            ProviderRegistration registration,
            ConnectionId id,
            Secret used,
            RefreshLease ours,
            ReauthorizationRequiredException e,
            RefreshDemand due,
            int tries) {
        return read(id).flatMap(current -> {
            ConnectionRecord record = current.record();
            if (used != null
                    && record.refreshToken() != null
                    && !record.refreshToken().sameAs(used)) {
                return againWithoutOurLease(registration, current, ours, due);
            }
            if (record.status() != ConnectionStatus.ACTIVE) {
                return Mono.error(e.connection() == null ? e.about(id) : e);
            }
            return mark(current, e)
                    .then(Mono.<AccessToken>error(e.connection() == null ? e.about(id) : e))
                    .onErrorResume(
                            StaleVersionException.class,
                            stale -> tries < MAX_CAS_LOSSES
                                    ? markReauthorizationRequired(registration, id, used, ours, e, due, tries + 1)
                                    : Mono.error(e));
        });
    }

    /**
     * An API rejected {@code token} and the connection has no refresh token to replace it. Re-read: when the store
     * still holds that token, nothing will ever make it valid again, so mark the connection (once, by
     * compare-and-set) and fail; when it holds another one (a reconnect, another instance), serve that instead.
     */
    Mono<AccessToken> rejectedWithoutRefresh(ProviderRegistration registration, AccessToken token) {
        ConnectionId id = token.connection();
        return rejectedWithoutRefresh(
                new ReauthorizationRequiredException(
                        registration.id(), id, ReauthorizationCause.NO_REFRESH_TOKEN, "access_token_rejected", null),
                token,
                0);
    }

    private Mono<AccessToken> rejectedWithoutRefresh(ReauthorizationRequiredException e, AccessToken token, int tries) {
        return read(token.connection()).flatMap(current -> {
            ConnectionRecord record = current.record();
            if (record.status() != ConnectionStatus.ACTIVE) {
                return Mono.error(e);
            }
            if (!token.value().sameAs(record.accessToken())) {
                return Mono.just(record.toAccessToken());
            }
            return mark(current, e)
                    .then(Mono.<AccessToken>error(e))
                    .onErrorResume(
                            StaleVersionException.class,
                            stale -> tries < MAX_CAS_LOSSES
                                    ? rejectedWithoutRefresh(e, token, tries + 1)
                                    : Mono.error(e));
        });
    }

    /** Writes {@code current} as needing reauthorization; once it landed, logs it and publishes the event. */
    private Mono<Long> mark(VersionedRecord current, ReauthorizationRequiredException e) {
        ConnectionId id = current.record().id();
        Instant now = clock.instant();
        ConnectionRecord marked = current.record()
                .withStatus(
                        ConnectionStatus.REAUTHORIZATION_REQUIRED,
                        new ConnectionError(FailureKind.REAUTHORIZATION_REQUIRED, e.errorCode(), now));
        return store.write(marked, current.version()).doOnNext(v -> {
            pending.landed(id);
            log.info(
                    "{} needs the user to connect again ({}, provider error '{}')",
                    OwnerIds.of(id),
                    e.reason(),
                    e.errorCode());
            events.publishEvent(new ReauthorizationRequiredEvent(id, e.reason(), e.errorCode(), now));
        });
    }

    /**
     * Starts over after another holder's rotation made our attempt moot. Its writer kept our lease on the
     * record; release it first, or every other instance would wait for it to lapse before refreshing.
     */
    private Mono<AccessToken> againWithoutOurLease(
            ProviderRegistration registration, VersionedRecord current, RefreshLease ours, RefreshDemand due) {
        RefreshLease stored = current.record().lease();
        Mono<Void> release =
                ours != null && stored != null && stored.attemptId().equals(ours.attemptId())
                        ? releaseLease(current.record(), current.version())
                        : Mono.empty();
        return release.then(
                Mono.defer(() -> attempt(registration, current.record().id(), due, Duration.ZERO, 0)));
    }

    private Mono<Void> releaseLease(ConnectionRecord leased, long leaseVersion) {
        return store.write(leased.withLease(null), leaseVersion).then().onErrorResume(e -> {
            log.debug(
                    "could not release the refresh lease of {} ({}); it lapses on its own",
                    leased.id(),
                    e.getClass().getSimpleName());
            return Mono.empty();
        });
    }

    /** Stops waiting on other instances' leases: waiting callers fail instead of polling on after shutdown. */
    void close() {
        closed = true;
    }

    private Mono<VersionedRecord> read(ConnectionId id) {
        return store.read(id)
                .switchIfEmpty(Mono.error(() -> new ConnectionNotFoundException(id)))
                .map(pending::overlay);
    }
}

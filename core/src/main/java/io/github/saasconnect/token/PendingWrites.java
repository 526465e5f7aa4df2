package io.github.saasconnect.token;

import io.github.resilience4j.core.IntervalFunction;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.OwnerIds;
import io.github.saasconnect.connection.RefreshLease;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.resilience.Backoff;
import io.github.saasconnect.store.StaleVersionException;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.VersionedRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Refreshed token sets that the store has not taken yet. A rotated refresh token may be the only valid one
 * in the world, so it is kept here, served from here, and written again in the background until it lands
 * or a newer token set makes it obsolete.
 */
final class PendingWrites implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PendingWrites.class);
    /** Past this many attempts every wait is {@code max-backoff} anyway; it keeps the attempt an {@code int}. */
    private static final int MAX_DOUBLINGS = 64;

    private final TokenStore store;
    private final IntervalFunction backoff;
    private final ConcurrentHashMap<ConnectionId, Pending> pending = new ConcurrentHashMap<>();
    private final Disposable.Composite flushes = Disposables.composite();

    PendingWrites(TokenStore store, Backoff backoff) {
        this.store = store;
        this.backoff = backoff.intervals(0.5);
    }

    /**
     * Keeps {@code record}, which replaced {@code replaced}, and writes it until it lands.
     *
     * @param lease the refresh lease the record was obtained under; released when the record lands
     */
    void hold(ConnectionRecord record, Secret replaced, RefreshLease lease) {
        Pending entry = new Pending(record.withLease(null), replaced, lease == null ? null : lease.attemptId());
        pending.put(record.id(), entry);
        log.warn(
                "token store '{}' did not take the refreshed tokens of {}; serving them from memory and retrying "
                        + "the write in the background",
                store.name(),
                OwnerIds.of(record.id()));
        flushes.add(untilLanded(entry)
                .subscribe(
                        ok -> {},
                        e -> log.error("gave up writing the refreshed tokens of {}", OwnerIds.of(record.id()), e)));
    }

    /**
     * At shutdown: writes every pending record once more right away, and again (with the usual backoff) until each
     * has landed or become obsolete, or {@code within} has passed. The background writes go on meanwhile; whichever
     * lands first wins the compare-and-set and the other finds nothing left to do.
     *
     * @return how many refreshed token sets are still not in the store
     */
    int flushNow(Duration within) {
        if (!pending.isEmpty()) {
            Flux.fromIterable(List.copyOf(pending.values()))
                    .flatMap(this::untilLanded)
                    .then()
                    .timeout(within, Mono.empty())
                    .onErrorResume(e -> Mono.empty())
                    .block();
        }
        return pending.size();
    }

    /**
     * Writes {@code entry} again and again until it lands, waiting as Resilience4j's interval function of the
     * configured backoff says. Not a Resilience4j {@code Retry}: that one gives up after a number of attempts, and
     * this write must not, because a rotated refresh token may be the only valid one there is; nor is it a failing
     * call that the retry metrics should count. So it stays a scheduled re-attempt that shares only the waits.
     */
    private Mono<Void> untilLanded(Pending entry) {
        return flush(entry)
                .retryWhen(Retry.from(failures -> failures.concatMap(failure -> Mono.delay(
                        Duration.ofMillis(backoff.apply((int) Math.min(failure.totalRetries() + 1, MAX_DOUBLINGS)))))));
    }

    /** The stored record, or the pending one when that is newer; the version is always the store's. */
    VersionedRecord overlay(VersionedRecord stored) {
        Pending p = pending.get(stored.record().id());
        if (p == null || !p.record.generation().equals(stored.record().generation())) {
            return stored;
        }
        if (!p.isNewerThan(stored.record())) {
            pending.remove(stored.record().id(), p);
            return stored;
        }
        return new VersionedRecord(p.record.withLease(stored.record().lease()), stored.version());
    }

    /** A refresh landed newer tokens for {@code id}: whatever was pending is obsolete. */
    void landed(ConnectionId id) {
        pending.remove(id);
    }

    int size() {
        return pending.size();
    }

    private Mono<Void> flush(Pending entry) {
        ConnectionId id = entry.record.id();
        return Mono.defer(() -> {
                    if (pending.get(id) != entry) {
                        return Mono.empty();
                    }
                    return store.read(id)
                            .flatMap(current -> {
                                if (!entry.isNewerThan(current.record())
                                        || !current.record().generation().equals(entry.record.generation())) {
                                    pending.remove(id, entry);
                                    return Mono.<Void>empty();
                                }
                                return store.write(
                                                entry.record.withLease(entry.leaseToKeep(
                                                        current.record().lease())),
                                                current.version())
                                        .doOnNext(v -> {
                                            pending.remove(id, entry);
                                            log.info(
                                                    "refreshed tokens of {} are now in token store '{}'",
                                                    OwnerIds.of(id),
                                                    store.name());
                                        })
                                        .then();
                            })
                            .switchIfEmpty(Mono.fromRunnable(() -> pending.remove(id, entry)));
                })
                .onErrorResume(StaleVersionException.class, e -> Mono.error(new RetryNow()));
    }

    @Override
    public void close() {
        flushes.dispose();
        if (!pending.isEmpty()) {
            log.warn(
                    "{} refreshed token set(s) were not yet written to token store '{}' at shutdown: {}",
                    pending.size(),
                    store.name(),
                    pending.keySet().stream().map(OwnerIds::of).toList());
        }
    }

    private record Pending(ConnectionRecord record, Secret replaced, String attemptId) {

        /**
         * The lease to write back with the record: another holder's stays, but the lease of the attempt that
         * produced this record is over and goes, else other instances would wait for a refresh that has ended.
         */
        RefreshLease leaseToKeep(RefreshLease stored) {
            return stored != null && stored.attemptId().equals(attemptId) ? null : stored;
        }

        /** Whether the store still holds what this replaced (or something older). */
        boolean isNewerThan(ConnectionRecord stored) {
            if (record.refreshToken() != null
                    && record.refreshToken().sameAs(stored.refreshToken())
                    && record.accessToken().sameAs(stored.accessToken())) {
                return false;
            }
            return stored.refreshToken() == null
                    || stored.refreshToken().sameAs(replaced)
                    || stored.lastRefreshedAt().isBefore(record.lastRefreshedAt());
        }
    }

    /** A lost compare-and-set race: read again and retry. */
    private static final class RetryNow extends RuntimeException {
        RetryNow() {
            super("compare-and-set race lost; retrying", null, false, false);
        }
    }
}

package io.github.saasconnect.importing;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.store.StaleVersionException;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.UnreadableRecordException;
import io.github.saasconnect.store.VersionedRecord;
import io.github.saasconnect.token.TokenManager;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Imports grants obtained elsewhere with the same OAuth clients, so users need not connect again.
 *
 * <p>For each grant: a registration that is not configured, or a record the store holds but cannot read, is not
 * touched (rejected, skipped). A stored record refreshed at or after the grant's {@link ImportedGrant#issuedAt()} (or
 * any stored record, when the grant does not say) is newer: skipped. Otherwise the grant is written by
 * compare-and-set (a record written meanwhile wins: skipped) and, unless told not to, verified by one refresh through
 * the {@link TokenManager}, which stores what the provider returns (a rotated refresh token included). A grant the
 * provider refuses as dead is rejected and not kept: the record it replaced, if any, is put back. The token manager
 * publishes its usual events meanwhile (a dead grant's {@code ReauthorizationRequiredEvent} included).
 *
 * <p>Nothing is logged here; the {@link ImportReport} and its outcomes never quote a token.
 */
public final class TokenImport {

    /** Stands in for an access token the grant does not carry; stored already expired, so it is never handed out. */
    private static final Secret NO_ACCESS_TOKEN = Secret.of("imported-without-access-token");

    private final TokenStore store;
    private final TokenManager tokens;
    private final ProviderRegistry registry;
    private final Clock clock;

    public TokenImport(TokenStore store, TokenManager tokens, ProviderRegistry registry, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Imports {@code grants}; the report has one outcome per grant, in their order. */
    public Mono<ImportReport> importAll(Flux<ImportedGrant> grants, ImportOptions options) {
        return grants.flatMapSequential(grant -> importOne(grant, options), options.concurrency())
                .collectList()
                .map(ImportReport::new);
    }

    /** Imports {@code grants}; the report has one outcome per grant, in their order. */
    public Mono<ImportReport> importAll(Iterable<ImportedGrant> grants, ImportOptions options) {
        return importAll(Flux.fromIterable(grants), options);
    }

    private Mono<ImportOutcome> importOne(ImportedGrant grant, ImportOptions options) {
        ConnectionId id = grant.connection();
        if (registry.all().stream().noneMatch(r -> r.id().equals(id.registration()))) {
            return Mono.just(outcome(
                    id,
                    ImportOutcome.Result.REJECTED,
                    "no registration '" + id.registration() + "' is configured (saas-connect.providers.*)"));
        }
        return store.read(id)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(existing -> replace(grant, existing.orElse(null), options))
                .onErrorResume(
                        UnreadableRecordException.class,
                        e -> Mono.just(outcome(
                                id,
                                ImportOutcome.Result.SKIPPED,
                                "the store holds a record of it that cannot be read; it is left untouched")));
    }

    private Mono<ImportOutcome> replace(
            ImportedGrant grant, @Nullable VersionedRecord existing, ImportOptions options) {
        ConnectionId id = grant.connection();
        if (existing != null && isNewer(existing.record(), grant)) {
            return Mono.just(outcome(
                    id,
                    ImportOutcome.Result.SKIPPED,
                    "the store holds a newer record (refreshed "
                            + existing.record().lastRefreshedAt()
                            + (grant.issuedAt() == null ? "; the grant does not say when it was issued" : "") + ")"));
        }
        return store.write(record(grant), existing == null ? 0 : existing.version())
                .doOnNext(version -> tokens.evict(id))
                .flatMap(version -> options.verify()
                        ? verify(id, existing)
                        : Mono.just(outcome(id, ImportOutcome.Result.IMPORTED, "stored without verification")))
                .onErrorResume(
                        StaleVersionException.class,
                        e -> Mono.just(outcome(
                                id, ImportOutcome.Result.SKIPPED, "the record was written by someone else meanwhile")));
    }

    private static boolean isNewer(ConnectionRecord stored, ImportedGrant grant) {
        return grant.issuedAt() == null || !stored.lastRefreshedAt().isBefore(grant.issuedAt());
    }

    private Mono<ImportOutcome> verify(ConnectionId id, @Nullable VersionedRecord replaced) {
        return tokens.refreshIfOlderThan(id, Instant.MAX)
                .map(token -> outcome(id, ImportOutcome.Result.IMPORTED, "verified by one refresh"))
                .onErrorResume(
                        ReauthorizationRequiredException.class,
                        e -> undo(id, replaced)
                                .thenReturn(outcome(
                                        id,
                                        ImportOutcome.Result.REJECTED,
                                        "the provider refused the refresh token (" + e.errorCode() + ", " + e.reason()
                                                + "); not kept")))
                .onErrorResume(
                        SaasConnectException.class,
                        e -> Mono.just(outcome(
                                id,
                                ImportOutcome.Result.IMPORTED_UNVERIFIED,
                                "stored, but the verifying refresh failed (" + e.kind()
                                        + "); its first use refreshes again")));
    }

    /** Removes a rejected grant's record, putting back the one it replaced. */
    private Mono<Void> undo(ConnectionId id, @Nullable VersionedRecord replaced) {
        return store.read(id)
                .flatMap(current -> replaced == null
                        ? store.delete(id)
                        : store.write(replaced.record(), current.version()).then())
                .doFinally(signal -> tokens.evict(id));
    }

    private ConnectionRecord record(ImportedGrant grant) {
        Instant now = clock.instant();
        boolean withAccessToken = grant.accessToken() != null && grant.accessTokenExpiresAt() != null;
        return new ConnectionRecord(
                ConnectionRecord.CURRENT_SCHEMA,
                grant.connection(),
                ConnectionStatus.ACTIVE,
                grant.refreshToken(),
                null,
                withAccessToken ? grant.accessToken() : NO_ACCESS_TOKEN,
                // an access token of unknown lifetime is treated as expired: refreshed before it is ever handed out
                withAccessToken ? grant.accessTokenExpiresAt() : Instant.EPOCH,
                "Bearer",
                grant.scopes(),
                Map.of(),
                now,
                grant.issuedAt() != null && grant.issuedAt().isBefore(now) ? grant.issuedAt() : now,
                null,
                null,
                UUID.randomUUID().toString());
    }

    private static ImportOutcome outcome(ConnectionId id, ImportOutcome.Result result, String detail) {
        return new ImportOutcome(id, result, detail);
    }
}

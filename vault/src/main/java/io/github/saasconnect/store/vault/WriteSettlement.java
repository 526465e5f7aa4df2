package io.github.saasconnect.store.vault;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.failure.StoreUnavailableException;
import io.github.saasconnect.store.StaleVersionException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.vault.support.Versioned;
import reactor.core.publisher.Mono;

/**
 * Writes a connection's secret with check-and-set and, when the write fails or its answer is lost, settles by
 * reading the key whether our write landed, someone else's did (a stale version), or the outcome is unknown.
 * It never writes blindly again.
 */
final class WriteSettlement {

    private static final Logger log = LoggerFactory.getLogger(WriteSettlement.class);

    private final VaultKeyValue kv;
    private final VaultCallPolicy calls;

    WriteSettlement(VaultKeyValue kv, VaultCallPolicy calls) {
        this.kv = kv;
        this.calls = calls;
    }

    /** Writes {@code data}, with a new write id added, over version {@code cas} ({@code 0}: only if absent). */
    Mono<LandedWrite> write(ConnectionId id, String path, Map<String, Object> data, int cas) {
        return Mono.defer(() -> {
            WriteId writeId = WriteId.random();
            writeId.addTo(data);
            AtomicInteger attempts = new AtomicInteger();
            return calls.checkAndSet(Mono.defer(() -> {
                        attempts.incrementAndGet();
                        return kv.put(path, data, cas);
                    }))
                    .map(meta -> LandedWrite.answered(meta, cas == 0))
                    .onErrorResume(
                            e -> !VaultCallPolicy.isOurs(e),
                            e -> settle(id, path, data, writeId, cas, attempts.get(), e));
        });
    }

    private Mono<LandedWrite> settle(
            ConnectionId id,
            String path,
            Map<String, Object> data,
            WriteId writeId,
            int cas,
            int attempts,
            Throwable error) {
        VaultErrors.Failure failure = VaultErrors.classify(error);
        if (failure.kind() == VaultErrors.Kind.CAS_MISMATCH && cas > 0 && attempts == 1 && !kv.mayResendWrites()) {
            // Sent once, answered once: the conflict is someone else's write. (The common lost race: no read.)
            return Mono.error(new StaleVersionException(id, cas));
        }
        return switch (failure.kind()) {
            case CAS_MISMATCH ->
                readKey(id, path, failure)
                        .flatMap(current -> {
                            if (writeId.made(current)) {
                                // A client that resent the request after a lost answer: the first copy landed.
                                return Mono.just(LandedWrite.readBack(current, cas == 0));
                            }
                            if (cas == 0 && !current.hasData()) {
                                // Latest version soft-deleted or destroyed (by hand): absent to us; create on top of
                                // it.
                                int over = current.getVersion().getVersion();
                                return calls.checkAndSet(kv.put(path, data, over))
                                        .map(meta -> LandedWrite.answered(meta, true))
                                        .onErrorResume(
                                                e -> !VaultCallPolicy.isOurs(e),
                                                e -> Mono.error(
                                                        VaultErrors.classify(e).kind() == VaultErrors.Kind.CAS_MISMATCH
                                                                ? new StaleVersionException(id, cas)
                                                                : e));
                            }
                            return Mono.<LandedWrite>error(new StaleVersionException(id, cas));
                        })
                        .switchIfEmpty(Mono.error(() -> new StaleVersionException(id, cas)));
            case REJECTED, UNKNOWN_OUTCOME ->
                readKey(id, path, failure)
                        .flatMap(current -> {
                            if (writeId.made(current)) {
                                log.debug(
                                        "write to {} landed although Vault's answer was lost ({})",
                                        id,
                                        failure.detail());
                                return Mono.just(LandedWrite.readBack(current, cas == 0));
                            }
                            int currentVersion = current.getVersion().getVersion();
                            if (currentVersion > cas) {
                                // Ours may be the version right after the one we wrote over, replaced since.
                                return calls.idempotent(kv.get(path, cas + 1))
                                        .onErrorMap(e -> unknownOutcome(id, failure, e))
                                        .filter(writeId::made)
                                        .map(mine -> new LandedWrite(cas + 1, null, cas == 0, false))
                                        .switchIfEmpty(Mono.error(() -> new StaleVersionException(id, cas)));
                            }
                            if (currentVersion < cas) {
                                return Mono.<LandedWrite>error(new StaleVersionException(id, cas));
                            }
                            return Mono.<LandedWrite>error(notApplied(id, failure, error));
                        })
                        .switchIfEmpty(Mono.defer(() -> Mono.error(
                                cas == 0 ? notApplied(id, failure, error) : new StaleVersionException(id, cas))));
            default -> Mono.error(error);
        };
    }

    private Mono<Versioned<Map<String, Object>>> readKey(ConnectionId id, String path, VaultErrors.Failure failure) {
        return calls.idempotent(kv.get(path)).onErrorMap(e -> unknownOutcome(id, failure, e));
    }

    private static StoreUnavailableException notApplied(ConnectionId id, VaultErrors.Failure failure, Throwable cause) {
        return new StoreUnavailableException(
                VaultTokenStore.NAME,
                id,
                "the write did not reach Vault (" + failure.detail() + "); nothing was changed",
                cause);
    }

    private static StoreUnavailableException unknownOutcome(
            ConnectionId id, VaultErrors.Failure failure, Throwable readError) {
        return new StoreUnavailableException(
                VaultTokenStore.NAME,
                id,
                "Vault did not confirm a write ("
                        + failure.detail() + ") and could not be read to find out whether it landed ("
                        + VaultErrors.classify(readError).detail() + "); keep the record and write it again later",
                readError);
    }
}

package io.github.saasconnect.store.vault;

import java.util.List;
import java.util.Map;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.core.VaultVersionedKeyValueOperations;
import org.springframework.vault.support.VaultMetadataRequest;
import org.springframework.vault.support.Versioned;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * {@link VaultKeyValue} over the blocking {@link VaultOperations} (RestClient), for applications that have a
 * {@code VaultTemplate} and no reactive one. Every call runs on {@code scheduler}, never on the caller's thread.
 */
final class BlockingVaultKeyValue implements VaultKeyValue {

    private final VaultVersionedKeyValueOperations kv;
    private final Scheduler scheduler;
    private final VaultOperations operations;

    BlockingVaultKeyValue(VaultOperations operations, String mount, Scheduler scheduler) {
        this.operations = operations;
        this.kv = operations.opsForVersionedKeyValue(mount);
        this.scheduler = scheduler;
    }

    @Override
    public Mono<Boolean> tokenKnown() {
        return Mono.fromCallable(() -> {
                    operations.read(LOOKUP_SELF);
                    return true;
                })
                .subscribeOn(scheduler)
                .onErrorResume(
                        e -> VaultErrors.classify(e).kind() == VaultErrors.Kind.PERMISSION_DENIED,
                        e -> Mono.just(false));
    }

    @Override
    public Mono<Versioned<Map<String, Object>>> get(String path) {
        return Mono.fromCallable(() -> kv.get(path)).subscribeOn(scheduler);
    }

    @Override
    public Mono<Versioned<Map<String, Object>>> get(String path, int version) {
        return Mono.fromCallable(() -> kv.<Map<String, Object>>get(path, Versioned.Version.from(version)))
                .subscribeOn(scheduler);
    }

    @Override
    public Mono<Versioned.Metadata> put(String path, Map<String, Object> data, int cas) {
        return Mono.fromCallable(() -> kv.put(path, Versioned.create(data, Versioned.Version.from(cas))))
                .subscribeOn(scheduler);
    }

    @Override
    public Mono<Void> putMetadata(String path, VaultMetadataRequest request) {
        return Mono.<Void>fromRunnable(() -> kv.opsForKeyValueMetadata().put(path, request))
                .subscribeOn(scheduler);
    }

    @Override
    public Mono<Void> deleteMetadata(String path) {
        return Mono.<Void>fromRunnable(() -> kv.opsForKeyValueMetadata().delete(path))
                .subscribeOn(scheduler);
    }

    @Override
    public Flux<String> list(String path) {
        return Mono.fromCallable(() -> kv.list(path)).subscribeOn(scheduler).flatMapIterable(List::copyOf);
    }

    @Override
    public boolean mayResendWrites() {
        // The request factory is the application's; HttpURLConnection resends a POST whose answer was lost.
        return true;
    }
}

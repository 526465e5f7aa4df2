package io.github.saasconnect.store.vault;

import java.util.Map;
import org.springframework.vault.core.ReactiveVaultOperations;
import org.springframework.vault.core.ReactiveVaultVersionedKeyValueOperations;
import org.springframework.vault.support.VaultMetadataRequest;
import org.springframework.vault.support.Versioned;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link VaultKeyValue} over {@link ReactiveVaultOperations} (WebClient): nothing blocks. */
final class ReactiveVaultKeyValue implements VaultKeyValue {

    private final ReactiveVaultOperations operations;
    private final ReactiveVaultVersionedKeyValueOperations kv;

    ReactiveVaultKeyValue(ReactiveVaultOperations operations, String mount) {
        this.operations = operations;
        this.kv = operations.opsForVersionedKeyValue(mount);
    }

    @Override
    public Mono<Boolean> tokenKnown() {
        return operations
                .read(LOOKUP_SELF)
                .thenReturn(true)
                .defaultIfEmpty(true)
                .onErrorResume(
                        e -> VaultErrors.classify(e).kind() == VaultErrors.Kind.PERMISSION_DENIED,
                        e -> Mono.just(false));
    }

    @Override
    public Mono<Versioned<Map<String, Object>>> get(String path) {
        return kv.get(path);
    }

    @Override
    public Mono<Versioned<Map<String, Object>>> get(String path, int version) {
        return kv.get(path, Versioned.Version.from(version));
    }

    @Override
    public Mono<Versioned.Metadata> put(String path, Map<String, Object> data, int cas) {
        // A Versioned body always carries options.cas; Version.from(0) is "unversioned", which sends cas 0.
        return kv.put(path, Versioned.create(data, Versioned.Version.from(cas)));
    }

    @Override
    public Mono<Void> putMetadata(String path, VaultMetadataRequest request) {
        return kv.opsForKeyValueMetadata().put(path, request);
    }

    @Override
    public Mono<Void> deleteMetadata(String path) {
        return kv.opsForKeyValueMetadata().delete(path);
    }

    @Override
    public Flux<String> list(String path) {
        return kv.list(path);
    }

    @Override
    public boolean mayResendWrites() {
        // Reactor Netty never sends a request again once it was written.
        return false;
    }
}

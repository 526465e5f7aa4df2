package io.github.saasconnect.store.vault;

import java.util.Map;
import org.springframework.vault.support.VaultMetadataRequest;
import org.springframework.vault.support.Versioned;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The few KV v2 calls the store makes, over either Spring Vault template. Paths are inside the mount. Errors are
 * Spring Vault's and the HTTP client's as they come; {@link VaultErrors} reads them.
 */
interface VaultKeyValue {

    /** The path every token may read to look itself up. */
    String LOOKUP_SELF = "auth/token/lookup-self";

    /** The current version: empty when the key has none; a {@link Versioned} without data when it is deleted. */
    Mono<Versioned<Map<String, Object>>> get(String path);

    /** One version, as {@link #get(String)}. */
    Mono<Versioned<Map<String, Object>>> get(String path, int version);

    /** Writes {@code data} with {@code options.cas = cas}. */
    Mono<Versioned.Metadata> put(String path, Map<String, Object> data, int cas);

    /** Writes the key's metadata (every field of the request). */
    Mono<Void> putMetadata(String path, VaultMetadataRequest request);

    /** Removes the key, every version and its metadata, for good. */
    Mono<Void> deleteMetadata(String path);

    /** The names directly under folder {@code path}; empty when there are none. */
    Flux<String> list(String path);

    /**
     * Whether Vault still knows the client's token: its own {@code auth/token/lookup-self}, which every token may call,
     * answers rather than refusing with 403. Tells an expired or revoked token from a policy that denies a path.
     */
    Mono<Boolean> tokenKnown();

    /**
     * Whether the HTTP client may send a write again by itself after a lost answer (the JDK's HttpURLConnection
     * does), so that a check-and-set conflict can be our own first copy.
     */
    boolean mayResendWrites();
}

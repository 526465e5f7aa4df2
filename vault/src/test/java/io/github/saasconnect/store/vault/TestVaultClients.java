package io.github.saasconnect.store.vault;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.saasconnect.resilience.Backoff;
import io.github.saasconnect.testkit.vault.Capability;
import io.github.saasconnect.testkit.vault.VaultPolicy;
import io.github.saasconnect.testkit.vault.VaultTestServer;
import java.net.URI;
import java.time.Duration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.ReactiveVaultTemplate;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.VaultToken;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** Spring Vault clients for tests: each one its own connection pool, as separate instances would have. */
public final class TestVaultClients {

    /** The token of {@link #STORE_POLICY} on test servers that register it. */
    public static final String STORE_TOKEN = "saas-connect-store-token";

    /** Exactly the policy VAULT-STORE.md documents for the default layout, in the test server's form. */
    public static final VaultPolicy STORE_POLICY = VaultPolicy.named("saas-connect-store")
            .allow("secret/data/saas-connect/connections/*", Capability.CREATE, Capability.READ, Capability.UPDATE)
            .allow(
                    "secret/metadata/saas-connect/connections/*",
                    Capability.CREATE,
                    Capability.UPDATE,
                    Capability.DELETE,
                    Capability.LIST);

    private TestVaultClients() {}

    /** A reactive template with its own connection pool, authenticating with {@code token}. */
    public static ReactiveVaultTemplate reactive(URI uri, String token) {
        HttpClient http = HttpClient.create(ConnectionProvider.builder("vault-client")
                        .maxConnections(32)
                        .pendingAcquireMaxCount(-1)
                        .build())
                .responseTimeout(Duration.ofSeconds(20));
        return new ReactiveVaultTemplate(
                VaultEndpoint.from(uri), new ReactorClientHttpConnector(http), () -> Mono.just(VaultToken.of(token)));
    }

    /** A blocking template (RestClient on the JDK's HttpURLConnection), authenticating with {@code token}. */
    public static VaultTemplate blocking(URI uri, String token) {
        return new VaultTemplate(VaultEndpoint.from(uri), new TokenAuthentication(token));
    }

    /** The key-value client the store would use on {@code vault}'s {@code secret} mount, reactive. */
    static VaultKeyValue keyValue(VaultTestServer vault) {
        return new ReactiveVaultKeyValue(reactive(vault.uri(), vault.token()), "secret");
    }

    /** A call policy with test-short backoffs (5 to 20 ms, Retry-After capped at 50 ms) and three attempts. */
    static VaultCallPolicy quickCalls(CircuitBreakerConfig breaker) {
        return new VaultCallPolicy(
                Duration.ofSeconds(10),
                3,
                new Backoff(Duration.ofMillis(5), 2.0, Duration.ofMillis(20)),
                Duration.ofMillis(50),
                "test",
                breaker);
    }
}

package io.github.saasconnect.oauth2;

import com.nimbusds.jose.jwk.JWKSet;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.failure.TransientFailureException;
import io.github.saasconnect.provider.IdTokenRules;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * One registration's JWK Set, fetched with the application's non-blocking HTTP client and kept for
 * {@link #MAX_AGE}. A token whose {@code kid} the kept set lacks (the provider rotated its keys) makes one new fetch,
 * at most one per {@link #MIN_REFETCH_INTERVAL}, so tokens with made-up key ids cannot make us hammer the provider.
 * Where the registration names only an issuer, its discovery document says where the set is, and must name the same
 * issuer (OpenID Connect Discovery §4.3).
 */
final class JwkSetCache {

    static final Duration MAX_AGE = Duration.ofHours(1);
    static final Duration MIN_REFETCH_INTERVAL = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {};

    private record Fetched(Mono<JWKSet> keys, Instant at) {}

    private final String registration;
    private final IdTokenRules rules;
    private final Supplier<WebClient> http;
    private final Clock clock;
    private final AtomicReference<Fetched> current = new AtomicReference<>();
    private final AtomicReference<Instant> lastRefetch = new AtomicReference<>(Instant.MIN);

    JwkSetCache(String registration, IdTokenRules rules, Supplier<WebClient> http, Clock clock) {
        this.registration = registration;
        this.rules = rules;
        this.http = http;
        this.clock = clock;
    }

    /** The kept set, fetched first when there is none or it is older than {@link #MAX_AGE}. */
    Mono<JWKSet> keys(ConnectionId connection) {
        Instant now = clock.instant();
        Fetched fetched = current.get();
        if (fetched == null || !now.isBefore(fetched.at().plus(MAX_AGE))) {
            fetched = fetch(connection, fetched, now);
        }
        return fetched.keys();
    }

    /**
     * The set fetched again because it lacks a token's key, or empty when the last such fetch was less than
     * {@link #MIN_REFETCH_INTERVAL} ago.
     */
    Mono<JWKSet> refetch(ConnectionId connection) {
        Instant now = clock.instant();
        Instant last = lastRefetch.get();
        if (now.isBefore(last.plus(MIN_REFETCH_INTERVAL)) || !lastRefetch.compareAndSet(last, now)) {
            return Mono.empty();
        }
        return fetch(connection, current.get(), now).keys();
    }

    private Fetched fetch(ConnectionId connection, Fetched replaced, Instant now) {
        Mono<JWKSet> keys = jwkSetUri(connection)
                .flatMap(uri -> http.get()
                        .get()
                        .uri(uri)
                        .retrieve()
                        .bodyToMono(String.class)
                        .timeout(TIMEOUT))
                .map(body -> parse(connection, body))
                .onErrorMap(e -> !(e instanceof ClientMisconfiguredException), e -> unavailable(connection, e))
                .cache(v -> Duration.ofMillis(Long.MAX_VALUE), e -> Duration.ZERO, () -> Duration.ZERO);
        Fetched next = new Fetched(keys, now);
        // a racing caller's fetch is as good as ours: keep whichever got in first
        return current.compareAndSet(replaced, next) ? next : current.get();
    }

    private Mono<URI> jwkSetUri(ConnectionId connection) {
        if (rules.jwkSetUri() != null) {
            return Mono.just(rules.jwkSetUri());
        }
        URI issuer = rules.discoveryIssuer();
        String base = issuer.toString().endsWith("/")
                ? issuer.toString().substring(0, issuer.toString().length() - 1)
                : issuer.toString();
        return http.get()
                .get()
                .uri(URI.create(base + "/.well-known/openid-configuration"))
                .retrieve()
                .bodyToMono(MAP)
                .timeout(TIMEOUT)
                .map(document -> {
                    if (!issuer.toString().equals(document.get("issuer")) && !base.equals(document.get("issuer"))) {
                        throw misconfigured(
                                connection,
                                "the discovery document of " + issuer + " names another "
                                        + "issuer; check the registration's issuer-uri");
                    }
                    if (!(document.get("jwks_uri") instanceof String jwks)) {
                        throw misconfigured(connection, "the discovery document of " + issuer + " has no jwks_uri");
                    }
                    return URI.create(jwks);
                });
    }

    private JWKSet parse(ConnectionId connection, String body) {
        try {
            return JWKSet.parse(body);
        } catch (ParseException e) {
            throw new TransientFailureException(
                    registration, connection, 0, "the provider's JWK Set is not valid JSON Web Keys", null);
        }
    }

    private TransientFailureException unavailable(ConnectionId connection, Throwable e) {
        if (e instanceof TransientFailureException t) {
            return t;
        }
        return new TransientFailureException(
                registration,
                connection,
                0,
                "the provider's signing keys could not be fetched to check the ID token ("
                        + e.getClass().getSimpleName() + ")",
                e);
    }

    private ClientMisconfiguredException misconfigured(ConnectionId connection, String detail) {
        return new ClientMisconfiguredException(registration, connection, "issuer_mismatch", detail);
    }
}

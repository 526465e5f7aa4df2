package io.github.saasconnect.provider.github;

import com.nimbusds.jwt.JWTClaimsSet;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.failure.AppCredentialException;
import io.github.saasconnect.signing.JwsSigner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;

/**
 * The JWT a GitHub App authenticates as itself with (providers.md §3.9): RS256, {@code iat} 60 seconds in the past
 * (GitHub's advice against clock drift), {@code exp} nine minutes ahead (GitHub refuses more than ten), {@code iss}
 * the app id or client id. One JWT serves every installation-token request until a minute before it
 * expires: GitHub accepts it for its whole life, and signing per request would cost an RSA signature (or a Vault call)
 * for each of hundreds of installations. The callers that arrive while it is being signed share that one signature.
 */
final class GitHubAppJwt {

    static final Duration BACKDATE = Duration.ofSeconds(60);
    static final Duration LIFETIME = Duration.ofMinutes(9);
    /** A JWT is not handed out in its last minute, so that a slow request cannot arrive with it expired. */
    static final Duration REUSE_MARGIN = Duration.ofMinutes(1);

    private static final Duration FOREVER = Duration.ofMillis(Long.MAX_VALUE);

    private final String registration;
    private final String issuer;
    private final JwsSigner signer;
    private final AtomicReference<Signing> current = new AtomicReference<>();

    /**
     * One signature, shared by every caller from {@code issuedAt} until {@code reuseUntil}: its result is cached
     * once it succeeds, so the callers that arrive while it is being made wait for it instead of signing again.
     */
    private record Signing(Mono<Secret> jwt, Instant issuedAt, Instant reuseUntil) {

        boolean serves(Instant now) {
            return now.isBefore(reuseUntil) && !now.isBefore(issuedAt);
        }
    }

    GitHubAppJwt(String registration, String issuer, JwsSigner signer) {
        this.registration = registration;
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    /**
     * An app JWT valid for at least another minute by {@code clock}: the last one, the one being signed, or a fresh
     * one. A failed signature is not kept: the next caller tries again.
     */
    Mono<Secret> sign(Clock clock, ConnectionId connection) {
        Instant now = clock.instant();
        Signing last = current.get();
        while (last == null || !last.serves(now)) {
            Signing next = new Signing(signed(now), now, now.plus(LIFETIME).minus(REUSE_MARGIN));
            if (current.compareAndSet(last, next)) {
                last = next;
                break;
            }
            last = current.get();
        }
        return last.jwt()
                .onErrorMap(
                        e -> !(e instanceof AppCredentialException),
                        e -> new AppCredentialException(
                                registration,
                                connection,
                                "could not sign the GitHub App JWT of registration '" + registration + "' ("
                                        + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                                null));
    }

    private Mono<Secret> signed(Instant now) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .issueTime(Date.from(now.minus(BACKDATE)))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .build();
        return Mono.defer(() -> signer.sign(signer.header().build(), claims))
                .map(Secret::of)
                // kept once signed (whether it still serves is the injected clock's to say); a failure is not kept
                .cache(jwt -> FOREVER, error -> Duration.ZERO, () -> Duration.ZERO);
    }

    @Override
    public String toString() {
        return "GitHubAppJwt[iss=" + issuer + ", " + signer + "]";
    }
}

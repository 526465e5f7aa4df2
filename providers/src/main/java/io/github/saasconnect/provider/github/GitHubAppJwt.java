package io.github.saasconnect.provider.github;

import com.nimbusds.jwt.JWTClaimsSet;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.failure.AppCredentialException;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.signing.JwsSigner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The JWT a GitHub App authenticates as itself with (providers.md §3.9): RS256, {@code iat} 60 seconds in the past
 * (GitHub's advice against clock drift), {@code exp} nine minutes ahead (GitHub refuses more than ten), {@code iss}
 * the app id or client id. One JWT serves every installation-token request until a minute before it
 * expires: GitHub accepts it for its whole life, and signing per request would cost an RSA signature (or a Vault call)
 * for each of hundreds of installations. The callers that arrive while it is being signed share that one signature.
 * A JWT GitHub refuses is dropped and, if it was reused, signed anew once ({@link #authenticated}), so that a key
 * rotated in the signer (a new Vault Transit key version, the old public key deleted on GitHub) or a clock GitHub
 * disagrees with costs one refused request, not the rest of the JWT's life.
 */
final class GitHubAppJwt {

    static final Duration BACKDATE = Duration.ofSeconds(60);
    static final Duration LIFETIME = Duration.ofMinutes(9);
    /** A JWT is not handed out in its last minute, so that a slow request cannot arrive with it expired. */
    static final Duration REUSE_MARGIN = Duration.ofMinutes(1);

    private static final Duration FOREVER = Duration.ofMillis(Long.MAX_VALUE);
    /** The error code of a {@link #refusal}. */
    private static final String REFUSED = "http_401";

    private final String registration;
    private final String issuer;
    private final JwsSigner signer;
    private final AtomicReference<Signing> current = new AtomicReference<>();

    /**
     * An app JWT as handed to one caller.
     *
     * @param bearer the JWT
     * @param reused whether it was signed before this caller asked (for an earlier request), so that GitHub may have
     *     stopped accepting it since; a JWT signed for this very call that GitHub refuses would be refused again
     */
    record AppJwt(Secret bearer, boolean reused) {}

    /**
     * One signature, shared by every caller from {@code issuedAt} until {@code reuseUntil}: its result is cached
     * once it succeeds, so the callers that arrive while it is being made wait for it instead of signing again.
     */
    private static final class Signing {

        private final Instant issuedAt;
        private final Instant reuseUntil;
        private final Mono<Secret> jwt;
        private volatile @Nullable Secret signed;

        Signing(Mono<Secret> signature, Instant issuedAt, Instant reuseUntil) {
            this.issuedAt = issuedAt;
            this.reuseUntil = reuseUntil;
            // kept once signed (whether it still serves is the injected clock's to say); a failure is not kept
            this.jwt = signature
                    .doOnNext(value -> signed = value)
                    .cache(value -> FOREVER, error -> Duration.ZERO, () -> Duration.ZERO);
        }

        boolean serves(Instant now) {
            return now.isBefore(reuseUntil) && !now.isBefore(issuedAt);
        }

        boolean holds(Secret value) {
            return value.equals(signed);
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
    Mono<AppJwt> sign(Clock clock, @Nullable ConnectionId connection) {
        Instant now = clock.instant();
        Signing last = current.get();
        boolean reused = true;
        while (last == null || !last.serves(now)) {
            Signing next = new Signing(signature(now), now, now.plus(LIFETIME).minus(REUSE_MARGIN));
            if (current.compareAndSet(last, next)) {
                last = next;
                reused = false;
                break;
            }
            last = current.get();
        }
        boolean wasReused = reused;
        return last.jwt
                .map(bearer -> new AppJwt(bearer, wasReused))
                .onErrorMap(
                        e -> !(e instanceof AppCredentialException),
                        e -> new AppCredentialException(
                                registration,
                                connection,
                                "could not sign the GitHub App JWT of registration '" + registration + "' ("
                                        + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                                null));
    }

    /**
     * {@code request} sent with the app JWT. A JWT GitHub refuses (a {@link #refusal}) is dropped, so that the next
     * caller signs a new one. When the refused JWT was signed for an earlier request, the request is sent once more
     * with a new one: GitHub may have stopped accepting the old one (a key rotated in the signer, a clock that moved
     * past its {@code exp}), and reusing the JWT must not fail a call that signing per request would have made. A JWT
     * signed for this very call that GitHub refuses is the registration's misconfiguration, and is not sent again.
     */
    <T> Mono<T> authenticated(Clock clock, @Nullable ConnectionId connection, Function<Secret, Mono<T>> request) {
        return sign(clock, connection)
                .flatMap(jwt -> send(jwt, request)
                        .onErrorResume(
                                e -> jwt.reused() && isRefusal(e),
                                e -> sign(clock, connection).flatMap(fresh -> send(fresh, request))));
    }

    private <T> Mono<T> send(AppJwt jwt, Function<Secret, Mono<T>> request) {
        return request.apply(jwt.bearer()).doOnError(GitHubAppJwt::isRefusal, e -> refused(jwt.bearer()));
    }

    /** GitHub's 401 to a request authenticated by the app JWT: it refused the JWT. */
    static ClientMisconfiguredException refusal(String registration, @Nullable ConnectionId connection) {
        return new ClientMisconfiguredException(
                registration,
                connection,
                REFUSED,
                "GitHub refused the app JWT: check app.issuer (the app id or client id), that app.private-key is the "
                        + "app's current key, and the clock");
    }

    private static boolean isRefusal(Throwable e) {
        return e instanceof ClientMisconfiguredException refusal && REFUSED.equals(refusal.errorCode());
    }

    /**
     * GitHub refused {@code jwt}: it is no longer handed out, and the next caller signs a new one. Callers that were
     * refused the same JWT at the same time drop it once, so they share the one new signature.
     */
    private void refused(Secret jwt) {
        Signing last = current.get();
        if (last != null && last.holds(jwt)) {
            current.compareAndSet(last, null);
        }
    }

    private Mono<Secret> signature(Instant now) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .issueTime(Date.from(now.minus(BACKDATE)))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .build();
        return Mono.defer(() -> signer.sign(signer.header().build(), claims)).map(Secret::of);
    }

    @Override
    public String toString() {
        return "GitHubAppJwt[iss=" + issuer + ", " + signer + "]";
    }
}

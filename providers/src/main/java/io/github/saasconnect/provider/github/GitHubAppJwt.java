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
import reactor.core.publisher.Mono;

/**
 * The JWT a GitHub App authenticates as itself with (providers.md §3.9): RS256, {@code iat} 60 seconds in the past
 * (GitHub's advice against clock drift), {@code exp} nine minutes ahead (GitHub refuses more than ten), {@code iss}
 * the app id or client id.
 */
final class GitHubAppJwt {

    static final Duration BACKDATE = Duration.ofSeconds(60);
    static final Duration LIFETIME = Duration.ofMinutes(9);

    private final String registration;
    private final String issuer;
    private final JwsSigner signer;

    GitHubAppJwt(String registration, String issuer, JwsSigner signer) {
        this.registration = registration;
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    /** A fresh app JWT, dated by {@code clock}. */
    Mono<Secret> sign(Clock clock, ConnectionId connection) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .issueTime(Date.from(now.minus(BACKDATE)))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .build();
        return signer.sign(signer.header().build(), claims)
                .map(Secret::of)
                .onErrorMap(
                        e -> !(e instanceof AppCredentialException),
                        e -> new AppCredentialException(
                                registration,
                                connection,
                                "could not sign the GitHub App JWT of registration '" + registration + "' ("
                                        + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                                null));
    }

    @Override
    public String toString() {
        return "GitHubAppJwt[iss=" + issuer + ", " + signer + "]";
    }
}

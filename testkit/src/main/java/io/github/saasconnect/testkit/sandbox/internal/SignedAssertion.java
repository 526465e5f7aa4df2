package io.github.saasconnect.testkit.sandbox.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;

/**
 * A JWT an app presented (a client assertion, a GitHub App JWT, a JWT bearer grant), parsed and checked with Nimbus
 * the way a provider would.
 */
public record SignedAssertion(SignedJWT jwt, JWTClaimsSet claims) {

    private static final Set<JWSAlgorithm> RSA = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256);

    /** The assertion in {@code value}, or empty when it is no signed JWT. */
    public static Optional<SignedAssertion> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(value);
            return Optional.of(new SignedAssertion(jwt, jwt.getJWTClaimsSet()));
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    /** The header's algorithm. */
    public JWSAlgorithm algorithm() {
        return jwt.getHeader().getAlgorithm();
    }

    /** Whether it is signed with {@code RS256} or {@code PS256} by the private half of {@code key}. */
    public boolean verifiedBy(RSAPublicKey key) {
        if (!RSA.contains(algorithm())) {
            return false;
        }
        try {
            return jwt.verify(new RSASSAVerifier(key));
        } catch (JOSEException e) {
            return false;
        }
    }

    /**
     * Whether {@code iat} and {@code exp} are present, {@code iat} not after {@code now} plus {@code skew}, {@code exp}
     * not before {@code now} minus {@code skew}, and the assertion lives at most {@code maxLifetime}: the timing rule
     * of JWT bearer grants (Google's service accounts, DocuSign's JWT grant).
     */
    public boolean timely(Instant now, Duration maxLifetime, Duration skew) {
        Instant issued = instant(claims.getIssueTime());
        Instant expires = instant(claims.getExpirationTime());
        return issued != null
                && expires != null
                && !issued.isAfter(now.plus(skew))
                && expires.isAfter(now.minus(skew))
                && Duration.between(issued, expires).compareTo(maxLifetime) <= 0;
    }

    /** A claim as an instant, or {@code null}. */
    public static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}

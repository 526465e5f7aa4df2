package io.github.saasconnect.oauth2;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.provider.IdTokenRules;
import io.github.saasconnect.provider.ProviderRegistration;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Checks the ID token of a code exchange as OpenID Connect Core §3.1.3.7 asks, with Nimbus JOSE+JWT: {@code exp}
 * (and {@code nbf}) against the injected clock with {@link #CLOCK_SKEW} of tolerance, {@code iss} against the
 * registration's {@link IdTokenRules}, {@code aud} against its client id, and {@code nonce} against the one sent in
 * the authorization request. Where the rules name a JWK Set (or an issuer whose discovery document does), the
 * signature is checked too, with RSA or EC keys only; the set is fetched with the application's non-blocking
 * client, kept, and fetched again once when a token names a key it lacks. Where they do not, the signature is not
 * checked: the token came straight from the token endpoint over TLS (§3.1.3.7 item 6).
 *
 * <p>Failures are {@link InvalidIdTokenException}s naming the check; a JWK Set that cannot be fetched is a
 * {@link io.github.saasconnect.failure.TransientFailureException}. Nothing of the token is put in a message.
 */
public final class IdTokenValidator {

    /** How far the provider's clock may be off ours when {@code exp} and {@code nbf} are compared. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    /** Asymmetric algorithms only: a JWK Set publishes public keys, and an HMAC "key" there would be a shared secret. */
    private static final Set<JWSAlgorithm> ALGORITHMS = Stream.concat(
                    JWSAlgorithm.Family.RSA.stream(), JWSAlgorithm.Family.EC.stream())
            .collect(Collectors.toUnmodifiableSet());

    private final Supplier<WebClient> http;
    private final Clock clock;
    private final Map<String, JwkSetCache> keys = new ConcurrentHashMap<>();

    /**
     * @param http the client that fetches JWK Sets and discovery documents (asked for on first use)
     * @param clock the time {@code exp} and {@code nbf} are compared with
     */
    public IdTokenValidator(Supplier<WebClient> http, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The claims of {@code idToken} once every check passed.
     *
     * @param nonce the nonce sent in the authorization request, or {@code null} when none was sent (the token's
     *     {@code nonce} is then not checked)
     * @return the claims; fails with {@link InvalidIdTokenException}
     */
    public Mono<IdTokenClaims> validate(
            ProviderRegistration registration, ConnectionId connection, Secret idToken, @Nullable Secret nonce) {
        return Mono.defer(() -> {
            JWT jwt = parse(registration, connection, idToken);
            IdTokenRules rules = registration.descriptor().idTokenRules();
            Checks checks = checks(registration, rules, claims(registration, connection, jwt), nonce);
            if (!rules.checksSignature()) {
                return Mono.just(verified(registration, connection, checks, jwt));
            }
            if (!(jwt instanceof SignedJWT signed)
                    || !ALGORITHMS.contains(signed.getHeader().getAlgorithm())) {
                throw invalid(registration, connection, IdTokenCheck.SIGNATURE, "it is not signed with RSA or EC");
            }
            JwkSetCache cache = keys.computeIfAbsent(registration.id(), id -> new JwkSetCache(id, rules, http, clock));
            return cache.keys(connection)
                    .flatMap(set -> hasKey(set, signed.getHeader()) ? Mono.just(set) : cache.refetch(connection))
                    .filter(set -> hasKey(set, signed.getHeader()))
                    .switchIfEmpty(Mono.error(() -> invalid(
                            registration,
                            connection,
                            IdTokenCheck.KEY_UNKNOWN,
                            "no key of the provider's JWK Set matches its key id, also after fetching the set again")))
                    .map(set -> process(registration, connection, checks, signed, set));
        });
    }

    private static JWT parse(ProviderRegistration registration, ConnectionId connection, Secret idToken) {
        try {
            return JWTParser.parse(idToken.reveal());
        } catch (ParseException e) {
            throw invalid(registration, connection, IdTokenCheck.MALFORMED, "it is not a JWT");
        }
    }

    private static JWTClaimsSet claims(ProviderRegistration registration, ConnectionId connection, JWT jwt) {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid(registration, connection, IdTokenCheck.MALFORMED, "its claims are not a JSON object");
        }
    }

    private static boolean hasKey(JWKSet set, JWSHeader header) {
        try {
            return !selector(set, header.getAlgorithm())
                    .selectJWSKeys(header, null)
                    .isEmpty();
        } catch (KeySourceException e) {
            return false;
        }
    }

    private static JWSVerificationKeySelector<SecurityContext> selector(JWKSet set, JWSAlgorithm algorithm) {
        return new JWSVerificationKeySelector<>(algorithm, new ImmutableJWKSet<>(set));
    }

    private IdTokenClaims process(
            ProviderRegistration registration, ConnectionId connection, Checks checks, SignedJWT signed, JWKSet set) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(selector(set, signed.getHeader().getAlgorithm()));
        processor.setJWTClaimsSetVerifier(checks);
        try {
            return IdTokenClaims.of(processor.process(signed, null).toJSONObject());
        } catch (Failed e) {
            throw invalid(registration, connection, e.check, e.detail);
        } catch (BadJOSEException | JOSEException e) {
            throw invalid(registration, connection, IdTokenCheck.SIGNATURE, "the signature does not verify");
        }
    }

    private static IdTokenClaims verified(
            ProviderRegistration registration, ConnectionId connection, Checks checks, JWT jwt) {
        try {
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            checks.verify(claims, null);
            return IdTokenClaims.of(claims.toJSONObject());
        } catch (Failed e) {
            throw invalid(registration, connection, e.check, e.detail);
        } catch (ParseException e) {
            throw invalid(registration, connection, IdTokenCheck.MALFORMED, "its claims are not a JSON object");
        }
    }

    /** The checks in the order they run: the time first, since every Nimbus verifier also compares it. */
    private Checks checks(
            ProviderRegistration registration, IdTokenRules rules, JWTClaimsSet unverified, @Nullable Secret nonce) {
        List<Check> checks = new ArrayList<>();
        checks.add(new Check(
                IdTokenCheck.EXPIRED, "it has expired, or is not valid yet", verifier(null, null, Set.of("exp"))));
        String tenantId = unverified.getClaim("tid") instanceof String tid ? tid : null;
        String issuer = rules.expectedIssuer(tenantId);
        if (issuer != null) {
            checks.add(new Check(
                    IdTokenCheck.ISSUER,
                    "its issuer is not " + rules.issuer(),
                    verifier(null, new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("iss"))));
        }
        checks.add(new Check(
                IdTokenCheck.AUDIENCE,
                "its audience is not this registration's client id",
                verifier(registration.clientId(), null, Set.of("aud"))));
        if (nonce != null) {
            checks.add(new Check(
                    IdTokenCheck.NONCE,
                    "its nonce is missing or not the one sent in the authorization request (a replayed or injected "
                            + "authorization response)",
                    verifier(
                            null,
                            new JWTClaimsSet.Builder()
                                    .claim("nonce", nonce.reveal())
                                    .build(),
                            Set.of("nonce"))));
        }
        return new Checks(List.copyOf(checks));
    }

    private DefaultJWTClaimsVerifier<SecurityContext> verifier(
            @Nullable String audience, @Nullable JWTClaimsSet exactMatch, Set<String> required) {
        DefaultJWTClaimsVerifier<SecurityContext> verifier =
                new DefaultJWTClaimsVerifier<>(
                        audience == null ? null : Set.of(audience),
                        exactMatch == null ? new JWTClaimsSet.Builder().build() : exactMatch,
                        required,
                        Set.of()) {
                    @Override
                    protected Date currentTime() {
                        return Date.from(clock.instant());
                    }
                };
        verifier.setMaxClockSkew((int) CLOCK_SKEW.toSeconds());
        return verifier;
    }

    private static InvalidIdTokenException invalid(
            ProviderRegistration registration, ConnectionId connection, IdTokenCheck check, String detail) {
        return new InvalidIdTokenException(registration.id(), connection, check, detail);
    }

    private record Check(IdTokenCheck check, String detail, DefaultJWTClaimsVerifier<SecurityContext> verifier) {}

    /** Runs each check's Nimbus verifier and reports which one refused (Nimbus's messages quote claim values). */
    private record Checks(List<Check> checks) implements JWTClaimsSetVerifier<SecurityContext> {

        @Override
        public void verify(JWTClaimsSet claims, @Nullable SecurityContext context) throws Failed {
            for (Check c : checks) {
                try {
                    c.verifier().verify(claims, context);
                } catch (BadJWTException e) {
                    throw new Failed(c.check(), c.detail());
                }
            }
        }
    }

    /** A check refused; carries no message of Nimbus's. */
    private static final class Failed extends BadJWTException {

        private final IdTokenCheck check;
        private final String detail;

        Failed(IdTokenCheck check, String detail) {
            super(check.name());
            this.check = check;
            this.detail = detail;
        }
    }
}

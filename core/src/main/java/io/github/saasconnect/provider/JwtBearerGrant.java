package io.github.saasconnect.provider;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.failure.AppCredentialException;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.signing.JwsSigner;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The RFC 7523 §2.1 JWT bearer authorization grant as an {@link AppTokenMinter}:
 * {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer} with a signed {@code assertion} whose claims the
 * provider writes for each app connection (Google service accounts, DocuSign's JWT grant). There is no user grant
 * behind it, so a refused assertion ({@code invalid_grant}, {@code consent_required}) is not a connection to
 * reauthorize: it is the registration's misconfiguration unless the provider maps it to something more precise.
 */
public final class JwtBearerGrant implements AppTokenMinter {

    /** The grant type of a JWT bearer authorization grant. */
    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private static final Set<String> SECRET_FIELDS = Set.of("assertion");

    private final URI tokenUri;
    private final JwsSigner signer;
    private final BiFunction<ConnectionId, Instant, JWTClaimsSet> claims;
    private final UnaryOperator<JWSHeader.Builder> header;
    private final Function<ReauthorizationRequiredException, SaasConnectException> refused;

    private JwtBearerGrant(Builder b) {
        this.tokenUri = Objects.requireNonNull(b.tokenUri, "tokenUri");
        this.signer = Objects.requireNonNull(b.signer, "signer");
        this.claims = Objects.requireNonNull(b.claims, "claims");
        this.header = b.header;
        this.refused = b.refused;
    }

    /**
     * A grant at {@code tokenUri} with assertions signed by {@code signer}, carrying what {@code claims} makes of the
     * app connection and the current time.
     */
    public static Builder builder(
            URI tokenUri, JwsSigner signer, BiFunction<ConnectionId, Instant, JWTClaimsSet> claims) {
        return new Builder(tokenUri, signer, claims);
    }

    /**
     * The claims a JWT bearer assertion carries (RFC 7523 §3): {@code iss}, {@code aud}, {@code sub} when it acts for
     * a subject, the {@code scope} asked for, {@code iat} now and {@code exp} {@code lifetime} later. Providers add
     * what else they need to the builder.
     */
    public static JWTClaimsSet.Builder assertionClaims(
            String issuer, String audience, @Nullable String subject, String scope, Instant now, Duration lifetime) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .claim("scope", scope)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)));
        return subject == null ? claims : claims.subject(subject);
    }

    @Override
    public Mono<TokenSet> mint(ProviderRegistration registration, ConnectionId connection, AppTokenEndpoint endpoint) {
        return Mono.defer(() -> signer.sign(
                                header.apply(signer.header()).build(),
                                claims.apply(connection, endpoint.clock().instant()))
                        .onErrorMap(
                                e -> !(e instanceof SaasConnectException),
                                e -> new AppCredentialException(
                                        registration.id(),
                                        connection,
                                        "could not sign the assertion of registration '" + registration.id() + "' ("
                                                + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                                        null)))
                .flatMap(assertion -> {
                    Map<String, String> form = new LinkedHashMap<>();
                    form.put("grant_type", GRANT_TYPE);
                    form.put("assertion", assertion);
                    return endpoint.requestToken(registration, connection, tokenUri, form, null, SECRET_FIELDS);
                })
                .onErrorMap(ReauthorizationRequiredException.class, refused::apply);
    }

    /** The standard reading of a refused assertion: the registration's credentials or subject are wrong. */
    static SaasConnectException misconfigured(ReauthorizationRequiredException e) {
        return new ClientMisconfiguredException(
                e.registration(),
                e.connection(),
                e.errorCode(),
                "the provider refused the signed assertion; check app.issuer, app.private-key and that the app may "
                        + "act for the connection's subject");
    }

    @Override
    public String toString() {
        return "JwtBearerGrant[" + tokenUri + ", " + signer + "]";
    }

    /** Builds a {@link JwtBearerGrant}. */
    public static final class Builder {

        private final URI tokenUri;
        private final JwsSigner signer;
        private final BiFunction<ConnectionId, Instant, JWTClaimsSet> claims;
        private UnaryOperator<JWSHeader.Builder> header = UnaryOperator.identity();
        private Function<ReauthorizationRequiredException, SaasConnectException> refused =
                JwtBearerGrant::misconfigured;

        private Builder(URI tokenUri, JwsSigner signer, BiFunction<ConnectionId, Instant, JWTClaimsSet> claims) {
            this.tokenUri = tokenUri;
            this.signer = signer;
            this.claims = claims;
        }

        /** Adds to the assertion's header (a {@code kid}). */
        public Builder header(UnaryOperator<JWSHeader.Builder> value) {
            this.header = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * What a refused assertion becomes; by default {@code ClientMisconfiguredException} (DocuSign turns
         * {@code consent_required} into a failure carrying the consent URL).
         */
        public Builder refused(Function<ReauthorizationRequiredException, SaasConnectException> value) {
            this.refused = Objects.requireNonNull(value, "value");
            return this;
        }

        public JwtBearerGrant build() {
            return new JwtBearerGrant(this);
        }
    }
}

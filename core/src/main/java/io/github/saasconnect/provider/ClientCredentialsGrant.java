package io.github.saasconnect.provider;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.failure.AppCredentialException;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.signing.JwsSigner;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The RFC 6749 §4.4 client credentials grant as an {@link AppTokenMinter}: {@code grant_type=client_credentials}
 * with the app scopes, the client authenticated by a secret (HTTP Basic or in the form, trying the configured
 * secrets newest first while the provider rejects them) or by a signed client assertion ({@code private_key_jwt},
 * RFC 7523 §2.2: {@code iss} = {@code sub} = client id, {@code aud} = the token endpoint, a {@code jti}, five
 * minutes of life). Providers adjust it through the builder: where the token endpoint is for a subject, what marks
 * a rejected secret, what the assertion header carries.
 */
public final class ClientCredentialsGrant implements AppTokenMinter {

    /** {@code client_assertion_type} of a JWT client assertion (RFC 7523). */
    public static final String JWT_BEARER_ASSERTION = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(ClientCredentialsGrant.class);
    private static final Set<String> SECRET_FIELDS = Set.of("client_secret", "client_assertion");

    private final Function<ConnectionId, URI> tokenUri;
    private final List<String> scopes;
    private final String scopeDelimiter;
    private final List<Secret> secrets;
    private final boolean basic;
    private final Predicate<ClientMisconfiguredException> secretRejected;
    private final JwsSigner signer;
    private final UnaryOperator<JWSHeader.Builder> assertionHeader;
    private final Map<String, String> parameters;

    private ClientCredentialsGrant(Builder b) {
        this.tokenUri = Objects.requireNonNull(b.tokenUri, "tokenUri");
        this.scopes = List.copyOf(b.scopes);
        this.scopeDelimiter = b.scopeDelimiter;
        this.secrets = List.copyOf(b.secrets);
        this.basic = b.basic;
        this.secretRejected = b.secretRejected;
        this.signer = b.signer;
        this.assertionHeader = b.assertionHeader;
        this.parameters = Map.copyOf(b.parameters);
        if (signer == null && secrets.isEmpty()) {
            throw new IllegalArgumentException("client credentials need a client secret or a signing key");
        }
    }

    /** A grant at the token endpoint {@code tokenUri} gives for each app connection. */
    public static Builder builder(Function<ConnectionId, URI> tokenUri) {
        return new Builder(tokenUri);
    }

    @Override
    public Mono<TokenSet> mint(ProviderRegistration registration, ConnectionId connection, AppTokenEndpoint endpoint) {
        return Mono.defer(() -> {
            URI uri = tokenUri.apply(connection);
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "client_credentials");
            if (!scopes.isEmpty()) {
                form.put("scope", String.join(scopeDelimiter, scopes));
            }
            form.putAll(parameters);
            if (signer != null) {
                return assertion(registration, connection, uri, endpoint).flatMap(assertion -> {
                    form.put("client_id", registration.clientId());
                    form.put("client_assertion_type", JWT_BEARER_ASSERTION);
                    form.put("client_assertion", assertion);
                    return endpoint.requestToken(registration, connection, uri, form, null, SECRET_FIELDS);
                });
            }
            return withSecret(registration, connection, uri, form, endpoint, 0);
        });
    }

    /** Tries secret {@code index}; when the provider rejects it and another is configured, the next. */
    private Mono<TokenSet> withSecret(
            ProviderRegistration registration,
            ConnectionId connection,
            URI uri,
            Map<String, String> form,
            AppTokenEndpoint endpoint,
            int index) {
        Secret secret = secrets.get(index);
        Map<String, String> request = new LinkedHashMap<>(form);
        if (!basic) {
            request.put("client_id", registration.clientId());
            request.put("client_secret", secret.reveal());
        }
        return endpoint.requestToken(registration, connection, uri, request, basic ? secret : null, SECRET_FIELDS)
                .onErrorResume(ClientMisconfiguredException.class, e -> {
                    if (index + 1 >= secrets.size() || !secretRejected.test(e)) {
                        return Mono.error(e);
                    }
                    // the index only: a rotation in progress is worth knowing, the secret never is
                    log.warn(
                            "registration '{}': client secret #{} was rejected ({}); trying secret #{}",
                            registration.id(),
                            index + 1,
                            e.errorCode(),
                            index + 2);
                    return withSecret(registration, connection, uri, form, endpoint, index + 1);
                });
    }

    private Mono<String> assertion(
            ProviderRegistration registration, ConnectionId connection, URI audience, AppTokenEndpoint endpoint) {
        Instant now = endpoint.clock().instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(registration.clientId())
                .subject(registration.clientId())
                .audience(audience.toString())
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ASSERTION_LIFETIME)))
                .build();
        return signer.sign(assertionHeader.apply(signer.header()).build(), claims)
                .onErrorMap(
                        e -> !(e instanceof AppCredentialException),
                        e -> new AppCredentialException(
                                registration.id(),
                                connection,
                                "could not sign the client assertion of registration '" + registration.id() + "' ("
                                        + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                                null));
    }

    @Override
    public String toString() {
        return "ClientCredentialsGrant["
                + (signer != null
                        ? "private_key_jwt, " + signer
                        : secrets.size() + " secret(s), " + (basic ? "client_secret_basic" : "client_secret_post"))
                + ", scopes=" + scopes
                + "]";
    }

    /** Builds a {@link ClientCredentialsGrant}. */
    public static final class Builder {

        private final Function<ConnectionId, URI> tokenUri;
        private List<String> scopes = List.of();
        private String scopeDelimiter = " ";
        private List<Secret> secrets = List.of();
        private boolean basic;
        private Predicate<ClientMisconfiguredException> secretRejected =
                e -> e.errorCode().startsWith("invalid_client");
        private JwsSigner signer;
        private UnaryOperator<JWSHeader.Builder> assertionHeader = UnaryOperator.identity();
        private Map<String, String> parameters = Map.of();

        private Builder(Function<ConnectionId, URI> tokenUri) {
            this.tokenUri = tokenUri;
        }

        /** The scopes to ask for, joined by {@code delimiter}. */
        public Builder scopes(List<String> value, String delimiter) {
            this.scopes = value;
            this.scopeDelimiter = delimiter;
            return this;
        }

        /**
         * Authenticates with these secrets, newest first, by HTTP Basic ({@code basic}) or in the form; the next is
         * tried when the provider rejects one the way {@code rejected} recognises ({@code invalid_client} by
         * default).
         */
        public Builder secrets(List<Secret> value, boolean basic, Predicate<ClientMisconfiguredException> rejected) {
            this.secrets = value;
            this.basic = basic;
            this.secretRejected = Objects.requireNonNull(rejected, "rejected");
            return this;
        }

        /** Authenticates with a client assertion signed by {@code value} ({@code private_key_jwt}). */
        public Builder assertionSigner(JwsSigner value) {
            this.signer = value;
            return this;
        }

        /** Adds to the client assertion's header (Microsoft's {@code x5t#S256}). */
        public Builder assertionHeader(UnaryOperator<JWSHeader.Builder> value) {
            this.assertionHeader = Objects.requireNonNull(value, "value");
            return this;
        }

        /** Extra form parameters of every request. */
        public Builder parameters(Map<String, String> value) {
            this.parameters = value;
            return this;
        }

        public ClientCredentialsGrant build() {
            return new ClientCredentialsGrant(this);
        }
    }
}

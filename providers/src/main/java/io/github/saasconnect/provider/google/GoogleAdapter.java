package io.github.saasconnect.provider.google;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.failure.ReauthorizationCause;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.oauth2.IdTokenClaims;
import io.github.saasconnect.provider.AccountDiscovery;
import io.github.saasconnect.provider.AccountIdentity;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.Revocation;
import io.github.saasconnect.provider.RevocationClient;
import io.github.saasconnect.provider.StandardErrorClassifier;
import io.github.saasconnect.provider.TokenErrorClassifier;
import io.github.saasconnect.provider.TokenErrorResponse;
import io.github.saasconnect.provider.TokenRevoker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Google's quirks: session-control expiry ({@code invalid_rapt}) told apart from revocation, the ID token's
 * {@code sub} as the stable account id, partial consent reported, and revocation of an already dead token
 * taken as done.
 */
final class GoogleAdapter implements TokenErrorClassifier, AccountDiscovery, TokenRevoker {

    /** Connection attribute: the ID token's {@code sub}, Google's stable, never reused account id. */
    static final String SUB = "sub";
    /** Connection attribute: the ID token's {@code hd}, the Workspace domain, absent for consumer accounts. */
    static final String HOSTED_DOMAIN = "hd";
    /** Connection attribute: the requested scopes the user did not grant, space-separated. */
    static final String MISSING_SCOPES = AccountDiscovery.MISSING_SCOPES;
    /** Connection attribute: the ID token's {@code email}, when the {@code email} scope was granted. */
    static final String EMAIL = "email";
    /** Connection attribute: the ID token's {@code name}, when the {@code profile} scope was granted. */
    static final String NAME = "name";
    /** Who the account is: {@code sub} is stable, the e-mail address and name are for display. */
    static final AccountIdentity IDENTITY = new AccountIdentity(SUB, null, NAME, EMAIL);

    private static final Logger log = LoggerFactory.getLogger(GoogleAdapter.class);

    @Override
    public SaasConnectException classify(
            ProviderRegistration registration, ConnectionId connection, TokenErrorResponse error) {
        if ("invalid_grant".equals(error.error()) && "invalid_rapt".equals(error.field("error_subtype"))) {
            return new ReauthorizationRequiredException(
                    registration.id(),
                    connection,
                    ReauthorizationCause.SESSION_CONTROL,
                    "invalid_rapt",
                    "a Google Cloud session-control policy "
                            + "ended the session (not a revocation); the user must sign in again, and under such a policy "
                            + "user credentials cannot back long-running jobs");
        }
        if ("admin_policy_enforced".equals(error.error())) {
            return new ReauthorizationRequiredException(
                    registration.id(),
                    connection,
                    ReauthorizationCause.CONSENT_REQUIRED,
                    error.error(),
                    "a Google Workspace admin restricted a "
                            + "service this registration requests; the admin must allow it before the user connects again");
        }
        if ("invalid_token".equals(error.error())) {
            return new ReauthorizationRequiredException(
                    registration.id(),
                    connection,
                    ReauthorizationCause.GRANT_INVALID,
                    error.error(),
                    error.description());
        }
        return StandardErrorClassifier.classify(registration.id(), connection, error);
    }

    @Override
    public Mono<Map<String, String>> discover(ProviderRegistration registration, TokenSet tokens, WebClient http) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Optional<IdTokenClaims> claims = IdTokenClaims.fromTokenEndpoint(tokens.idToken());
        claims.map(c -> c.string("sub"))
                .ifPresentOrElse(
                        sub -> attributes.put(SUB, sub),
                        () -> log.warn(
                                "registration '{}': the token response carried no ID token with a 'sub' claim, so the connection has "
                                        + "no stable Google account id; is 'openid' among the granted scopes?",
                                registration.id()));
        claims.map(c -> c.string("hd")).ifPresent(hd -> attributes.put(HOSTED_DOMAIN, hd));
        claims.map(c -> c.string("email")).ifPresent(email -> attributes.put(EMAIL, email));
        claims.map(c -> c.string("name")).ifPresent(name -> attributes.put(NAME, name));
        if (!tokens.scopes().isEmpty()) {
            Set<String> missing = GoogleScopes.missing(registration.requestedScopes(), tokens.scopes());
            if (!missing.isEmpty()) {
                attributes.put(MISSING_SCOPES, String.join(" ", missing));
                log.warn(
                        "registration '{}': the user granted only some of the requested scopes; missing {}. API "
                                + "calls that need them will fail until the user connects again and grants them",
                        registration.id(),
                        missing);
            }
        }
        return Mono.just(attributes);
    }

    /**
     * Revokes with a form POST (a GET answers 404 on Google's current host). Google answers 400 for a token that is
     * already expired or revoked, which leaves nothing to revoke, so that counts as revoked.
     */
    @Override
    public Mono<Revocation> revoke(
            ProviderRegistration registration, ConnectionRecord record, RevocationClient client) {
        return TokenRevoker.RFC_7009
                .revoke(registration, record, client)
                .onErrorResume(ReauthorizationRequiredException.class, dead -> {
                    log.debug(
                            "{}: Google says the token is already expired or revoked ({})",
                            record.id(),
                            dead.errorCode());
                    return Mono.just(Revocation.REVOKED);
                });
    }
}

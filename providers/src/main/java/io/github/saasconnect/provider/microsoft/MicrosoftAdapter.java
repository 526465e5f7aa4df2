package io.github.saasconnect.provider.microsoft;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.failure.RateLimitedException;
import io.github.saasconnect.failure.ReauthorizationCause;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.failure.TransientFailureException;
import io.github.saasconnect.oauth2.IdTokenClaims;
import io.github.saasconnect.provider.AccountDiscovery;
import io.github.saasconnect.provider.AccountIdentity;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.StandardErrorClassifier;
import io.github.saasconnect.provider.TokenErrorClassifier;
import io.github.saasconnect.provider.TokenErrorResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Microsoft's quirks: the failure kind follows {@code error} (as Microsoft asks), the AADSTS codes refine the cause
 * and travel in the error code ({@code invalid_grant/AADSTS700082}) and message for diagnostics, and the ID token's
 * {@code tid} and {@code oid} are recorded as the stable account key. There is no revocation endpoint, so the
 * standard hook answers {@link io.github.saasconnect.provider.Revocation#NOT_SUPPORTED} unless the application configured one.
 */
final class MicrosoftAdapter implements TokenErrorClassifier, AccountDiscovery {

    /** Connection attribute: the tenant id of the signed-in account ({@code 9188040d-...} for personal accounts). */
    static final String TENANT_ID = "tid";
    /** Connection attribute: the object id of the user, stable within the tenant. */
    static final String OBJECT_ID = "oid";
    /** Connection attribute: the ID token's {@code preferred_username} (often the UPN), for display only. */
    static final String PREFERRED_USERNAME = "preferred_username";
    /** Connection attribute: the ID token's {@code name}. */
    static final String NAME = "name";
    /** Who the account is: {@code oid} is stable within the tenant ({@code tid}), the names are for display. */
    static final AccountIdentity IDENTITY = new AccountIdentity(OBJECT_ID, PREFERRED_USERNAME, NAME, null);

    private static final Logger log = LoggerFactory.getLogger(MicrosoftAdapter.class);

    @Override
    public SaasConnectException classify(
            ProviderRegistration registration, ConnectionId connection, TokenErrorResponse error) {
        AadstsCodes codes = AadstsCodes.of(error);
        String code = codes.qualify(error.error());
        String detail = detail(codes, error);
        String id = registration.id();
        if (codes.any(50196, 90055)) {
            return new RateLimitedException(id, connection, error.retryAfter(), code);
        }
        if (codes.any(70043)) {
            return new ReauthorizationRequiredException(
                    id, connection, ReauthorizationCause.SESSION_CONTROL, code, detail);
        }
        if (codes.any(50076, 50079, 50078, 53003)) {
            return new ReauthorizationRequiredException(
                    id, connection, ReauthorizationCause.INTERACTION_REQUIRED, code, detail);
        }
        if (codes.any(65001)) {
            return new ReauthorizationRequiredException(
                    id, connection, ReauthorizationCause.CONSENT_REQUIRED, code, detail);
        }
        SaasConnectException standard = StandardErrorClassifier.classify(id, connection, error);
        if (standard instanceof ReauthorizationRequiredException reauth) {
            return new ReauthorizationRequiredException(id, connection, reauth.reason(), code, detail);
        }
        if (standard instanceof ClientMisconfiguredException) {
            return new ClientMisconfiguredException(id, connection, code, detail);
        }
        if (standard instanceof RateLimitedException limited) {
            return new RateLimitedException(id, connection, limited.retryAfter(), code);
        }
        if (standard instanceof TransientFailureException) {
            return new TransientFailureException(id, connection, error.status(), "provider error '" + code + "'", null);
        }
        return standard;
    }

    /** The known meaning of the codes, then Microsoft's description on one line (it carries trace and correlation ids). */
    private static String detail(AadstsCodes codes, TokenErrorResponse error) {
        String meaning = codes.meaning();
        String description = error.description() == null
                ? null
                : error.description().replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        if (meaning == null) {
            return description;
        }
        return description == null ? meaning : meaning + " (" + description + ")";
    }

    @Override
    public Mono<Map<String, String>> discover(ProviderRegistration registration, TokenSet tokens, WebClient http) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Optional<IdTokenClaims> claims = IdTokenClaims.fromTokenEndpoint(tokens.idToken());
        claims.map(c -> c.string("tid")).ifPresent(tid -> attributes.put(TENANT_ID, tid));
        claims.map(c -> c.string("oid")).ifPresent(oid -> attributes.put(OBJECT_ID, oid));
        claims.map(c -> c.string("preferred_username")).ifPresent(u -> attributes.put(PREFERRED_USERNAME, u));
        claims.map(c -> c.string("name")).ifPresent(name -> attributes.put(NAME, name));
        if (!attributes.containsKey(TENANT_ID) || !attributes.containsKey(OBJECT_ID)) {
            log.warn(
                    "registration '{}': the token response carried no ID token with 'tid' and 'oid', so the "
                            + "connection has no stable Microsoft account key; 'openid' and 'profile' must be granted",
                    registration.id());
        }
        return Mono.just(attributes);
    }
}

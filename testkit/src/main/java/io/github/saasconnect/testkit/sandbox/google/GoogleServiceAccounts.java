package io.github.saasconnect.testkit.sandbox.google;

import io.github.saasconnect.testkit.sandbox.internal.SandboxResponse;
import io.github.saasconnect.testkit.sandbox.internal.SignedAssertion;
import io.github.saasconnect.testkit.sandbox.internal.TokenIssuance;
import java.net.URI;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * Google's JWT bearer grant for service accounts (providers.md §1.9): the assertion checked against the registered
 * service account's key ({@code iss} its e-mail, {@code aud} the token endpoint, at most an hour of life), optional
 * domain-wide delegation ({@code sub} must be a user of the domain, {@code invalid_grant} otherwise, and the service
 * account must be granted every requested scope for the domain, {@code unauthorized_client} otherwise).
 */
final class GoogleServiceAccounts {

    static final Duration TOKEN_LIFETIME = Duration.ofSeconds(3599);
    private static final Duration MAX_ASSERTION = Duration.ofHours(1);
    private static final Duration SKEW = Duration.ofMinutes(5);

    private final Clock clock;
    private final Map<String, RSAPublicKey> keys = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> delegated = new ConcurrentHashMap<>();

    GoogleServiceAccounts(Clock clock) {
        this.clock = clock;
    }

    void register(String email, RSAPublicKey key) {
        keys.put(email, key);
    }

    void delegate(String email, Set<String> scopes) {
        delegated.put(email, Set.copyOf(scopes));
    }

    /**
     * Answers a JWT bearer grant.
     *
     * @param isUser whether an e-mail is a user of the Workspace domain
     * @param issue issues a token for a principal and scopes
     */
    SandboxResponse grant(
            Map<String, String> form,
            URI tokenEndpoint,
            Predicate<String> isUser,
            BiFunction<String, Set<String>, TokenIssuance> issue) {
        SignedAssertion assertion = SignedAssertion.parse(form.get("assertion")).orElse(null);
        String issuer = assertion == null ? null : assertion.claims().getIssuer();
        RSAPublicKey key = issuer == null ? null : keys.get(issuer);
        if (key == null || !assertion.verifiedBy(key)) {
            return GoogleErrors.oauth(400, "invalid_grant", "Invalid JWT Signature.");
        }
        var claims = assertion.claims();
        if (claims.getAudience() == null || !claims.getAudience().contains(tokenEndpoint.toString())) {
            return GoogleErrors.oauth(400, "invalid_grant", "Invalid JWT: Failed audience check.");
        }
        if (!assertion.timely(clock.instant(), MAX_ASSERTION, SKEW)) {
            return GoogleErrors.oauth(
                    400,
                    "invalid_grant",
                    "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check "
                            + "your iat and exp values in the JWT claim.");
        }
        Object scope = claims.getClaim("scope");
        Set<String> scopes = scope instanceof String text && !text.isBlank()
                ? Set.of(text.strip().split("\\s+"))
                : Set.of();
        if (scopes.isEmpty()) {
            return GoogleErrors.oauth(400, "invalid_scope", "Invalid OAuth scope or ID token audience provided.");
        }
        String subject = claims.getSubject();
        if (subject != null) {
            if (!isUser.test(subject)) {
                return GoogleErrors.oauth(400, "invalid_grant", "Invalid email or User ID");
            }
            if (!delegated.getOrDefault(issuer, Set.of()).containsAll(scopes)) {
                return GoogleErrors.oauth(
                        401,
                        "unauthorized_client",
                        "Client is unauthorized to retrieve access tokens using this method, or client not authorized "
                                + "for any of the scopes requested.");
            }
        }
        TokenIssuance issuance = issue.apply(subject != null ? subject : issuer, scopes);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issuance.accessToken().value());
        body.put("expires_in", TOKEN_LIFETIME.toSeconds());
        body.put("token_type", "Bearer");
        return SandboxResponse.json(200, body);
    }
}

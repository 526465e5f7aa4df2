package io.github.saasconnect.testkit.sandbox.docusign;

import io.github.saasconnect.testkit.sandbox.SandboxUser;
import io.github.saasconnect.testkit.sandbox.internal.SandboxResponse;
import io.github.saasconnect.testkit.sandbox.internal.SignedAssertion;
import io.github.saasconnect.testkit.sandbox.internal.TokenIssuance;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * DocuSign's JWT grant (providers.md §4.6, §4.7, [D5]): an RS256 assertion checked against the RSA public key
 * registered on the integration key ({@code iss}), {@code aud} the Account Server's bare host, at most an hour of
 * life, {@code sub} a known user's GUID and {@code scope} including {@code impersonation}. A user who has not
 * consented gets {@code consent_required}; a bad assertion or an unknown user {@code invalid_grant}. The answer is an
 * access token of an hour and no refresh token.
 */
final class DocuSignJwtGrants {

    static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    private static final Duration MAX_ASSERTION = Duration.ofHours(1);
    private static final Duration SKEW = Duration.ofMinutes(5);

    private final Clock clock;
    private final Map<String, RSAPublicKey> keys = new ConcurrentHashMap<>();
    private final Set<String> consented = ConcurrentHashMap.newKeySet();

    DocuSignJwtGrants(Clock clock) {
        this.clock = clock;
    }

    void key(String integrationKey, RSAPublicKey key) {
        keys.put(integrationKey, key);
    }

    void consent(SandboxUser user) {
        consented.add(user.id());
    }

    void withdrawConsent(SandboxUser user) {
        consented.remove(user.id());
    }

    /**
     * Answers a JWT grant.
     *
     * @param audience the Account Server's host and port, as {@code aud} must name it
     * @param users the user of a GUID
     * @param issue issues a token for a user and scopes
     */
    SandboxResponse grant(
            Map<String, String> form,
            String audience,
            Function<String, Optional<SandboxUser>> users,
            BiFunction<SandboxUser, Set<String>, TokenIssuance> issue) {
        SignedAssertion assertion = SignedAssertion.parse(form.get("assertion")).orElse(null);
        if (assertion == null) {
            return DocuSignErrors.oauth(400, "invalid_grant", "no_valid_keys_or_signatures");
        }
        var claims = assertion.claims();
        RSAPublicKey key = claims.getIssuer() == null ? null : keys.get(claims.getIssuer());
        if (key == null) {
            return DocuSignErrors.oauth(400, "invalid_grant", "issuer_not_found");
        }
        if (!"RS256".equals(assertion.algorithm().getName()) || !assertion.verifiedBy(key)) {
            return DocuSignErrors.oauth(400, "invalid_grant", "no_valid_keys_or_signatures");
        }
        if (claims.getAudience() == null || !claims.getAudience().equals(java.util.List.of(audience))) {
            return DocuSignErrors.oauth(400, "invalid_grant", "invalid_audience");
        }
        if (!assertion.timely(clock.instant(), MAX_ASSERTION, SKEW)) {
            return DocuSignErrors.oauth(400, "invalid_grant", "expired_assertion");
        }
        Object scope = claims.getClaim("scope");
        Set<String> scopes = scope instanceof String text && !text.isBlank()
                ? Set.of(text.strip().split("\\s+"))
                : Set.of();
        if (!scopes.contains("impersonation")) {
            return DocuSignErrors.oauth(400, "invalid_scope", "the impersonation scope is required");
        }
        Optional<SandboxUser> user = claims.getSubject() == null ? Optional.empty() : users.apply(claims.getSubject());
        if (user.isEmpty()) {
            return DocuSignErrors.oauth(400, "invalid_grant", "user_not_found");
        }
        if (!consented.contains(user.get().id())) {
            return DocuSignErrors.oauth(400, "consent_required", null);
        }
        TokenIssuance issuance = issue.apply(user.get(), scopes);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issuance.accessToken().value());
        body.put("token_type", "Bearer");
        body.put("expires_in", TOKEN_LIFETIME.toSeconds());
        return SandboxResponse.json(200, body).withHeader("Cache-Control", "no-store");
    }
}

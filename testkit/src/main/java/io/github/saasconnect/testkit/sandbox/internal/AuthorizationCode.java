package io.github.saasconnect.testkit.sandbox.internal;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * An issued authorization code and everything the token endpoint needs to check and honour it.
 *
 * @param value the code
 * @param clientId the client it was issued to
 * @param userId the user who approved
 * @param grantId the grant it belongs to
 * @param redirectUri the {@code redirect_uri} of the authorization request, or {@code null} when none was sent
 * @param scopes the scopes the tokens will carry
 * @param codeChallenge PKCE challenge, or {@code null}
 * @param codeChallengeMethod PKCE method as sent ({@code null} means plain)
 * @param consentShown whether this authorization showed a consent screen (first grant or forced consent)
 * @param parameters every parameter of the authorization request, for provider rules
 * @param issuedAt when the code was issued
 */
public record AuthorizationCode(
        String value,
        String clientId,
        String userId,
        String grantId,
        String redirectUri,
        Set<String> scopes,
        String codeChallenge,
        String codeChallengeMethod,
        boolean consentShown,
        Map<String, String> parameters,
        Instant issuedAt) {

    public AuthorizationCode {
        scopes = Scopes.copyOf(scopes);
        parameters = Map.copyOf(parameters);
    }
}

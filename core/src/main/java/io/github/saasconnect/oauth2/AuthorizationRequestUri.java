package io.github.saasconnect.oauth2;

import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.provider.ProviderRegistration;
import java.net.URI;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Builds the authorization request URL (RFC 6749 §4.1.1) with the provider's extra parameters, PKCE and the OpenID
 * Connect {@code nonce}.
 */
public final class AuthorizationRequestUri {

    private AuthorizationRequestUri() {}

    /**
     * The URL to send the user's browser to.
     *
     * @param pkce the PKCE pair, or {@code null} when the provider does not take one
     */
    public static URI build(ProviderRegistration registration, URI redirectUri, String state, PkceChallenge pkce) {
        return build(registration, redirectUri, state, pkce, null);
    }

    /**
     * The URL to send the user's browser to, with {@code nonce} (OpenID Connect Core §3.1.2.1) when not {@code null}.
     *
     * @param pkce the PKCE pair, or {@code null} when the provider does not take one
     * @param nonce the value the ID token must echo, or {@code null} when no ID token is asked for
     */
    public static URI build(
            ProviderRegistration registration,
            URI redirectUri,
            String state,
            @Nullable PkceChallenge pkce,
            @Nullable Secret nonce) {
        UriComponentsBuilder b = UriComponentsBuilder.fromUri(
                        registration.descriptor().authorizationUri())
                .queryParam("response_type", "code")
                .queryParam("client_id", registration.clientId())
                .queryParam("redirect_uri", redirectUri.toString())
                .queryParam("state", state);
        if (!registration.requestedScopes().isEmpty()) {
            b.queryParam(
                    "scope",
                    String.join(registration.descriptor().requestScopeDelimiter(), registration.requestedScopes()));
        }
        if (pkce != null) {
            b.queryParam("code_challenge", pkce.challenge()).queryParam("code_challenge_method", PkceChallenge.METHOD);
        }
        if (nonce != null) {
            b.queryParam("nonce", nonce.reveal());
        }
        for (Map.Entry<String, String> p :
                registration.descriptor().authorizationParameters().entrySet()) {
            b.queryParam(p.getKey(), p.getValue());
        }
        return b.encode().build().toUri();
    }
}

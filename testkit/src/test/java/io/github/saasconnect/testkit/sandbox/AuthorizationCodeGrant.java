package io.github.saasconnect.testkit.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/** The token request of the OAuth 2.0 authorization code grant (RFC 6749 §4.1.3), as a client sends it. */
public final class AuthorizationCodeGrant {

    private AuthorizationCodeGrant() {}

    /**
     * The form {@code grant_type=authorization_code}, {@code code} and {@code redirect_uri}, in that order; a new
     * mutable map, so that a test may add or remove fields (a PKCE verifier, client credentials).
     */
    public static Map<String, String> form(String code, String redirectUri) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        return form;
    }
}

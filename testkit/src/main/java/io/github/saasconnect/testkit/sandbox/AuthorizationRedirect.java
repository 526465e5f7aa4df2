package io.github.saasconnect.testkit.sandbox;

import io.github.saasconnect.testkit.sandbox.internal.FormCodec;
import java.net.URI;
import java.util.Map;

/**
 * Where the authorization endpoint sent the browser back to: the client's redirect URI with {@code code} and
 * {@code state}, or with {@code error}.
 *
 * @param location the full redirect URI
 */
public record AuthorizationRedirect(URI location) {

    /** All query parameters of the redirect. */
    public Map<String, String> parameters() {
        return FormCodec.decode(location.getRawQuery());
    }

    /** A query parameter, or {@code null}. */
    public String parameter(String name) {
        return parameters().get(name);
    }

    /** The authorization code, or {@code null} on an error redirect. */
    public String code() {
        return parameter("code");
    }

    public String state() {
        return parameter("state");
    }

    /** The OAuth error code, or {@code null} on success. */
    public String error() {
        return parameter("error");
    }

    public String errorDescription() {
        return parameter("error_description");
    }
}

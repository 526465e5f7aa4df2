package io.github.saasconnect.autoconfigure.sas;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The authorization server's answer as it arrives at the client's redirect URI (RFC 6749
 * sections 4.1.2 and 4.1.2.1), with the query parameters decoded.
 *
 * @param code the authorization code, or {@code null} after an error
 * @param state the {@code state} the client sent, echoed back, or {@code null}
 * @param error the error code such as {@code access_denied}, or {@code null} on success
 */
public record AuthorizationResponse(String code, String state, String error) {

    /**
     * Reads the response from the URI the authorization server redirected to.
     * @param redirect the {@code Location} of the final redirect
     * @return the response
     */
    public static AuthorizationResponse from(URI redirect) {
        Map<String, String> parameters = queryParameters(redirect);
        return new AuthorizationResponse(parameters.get("code"), parameters.get("state"), parameters.get("error"));
    }

    static Map<String, String> queryParameters(URI uri) {
        Map<String, String> parameters = new LinkedHashMap<>();
        String query = uri.getRawQuery();
        if (query == null || query.isEmpty()) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = (equals < 0) ? pair : pair.substring(0, equals);
            String value = (equals < 0) ? "" : pair.substring(equals + 1);
            parameters.putIfAbsent(
                    URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return parameters;
    }
}

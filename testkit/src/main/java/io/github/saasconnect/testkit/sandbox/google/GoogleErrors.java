package io.github.saasconnect.testkit.sandbox.google;

import io.github.saasconnect.testkit.sandbox.internal.SandboxResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Google's error bodies: OAuth errors at the token endpoint, and the API error envelope. */
final class GoogleErrors {

    static final String WWW_AUTHENTICATE = "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"";

    private GoogleErrors() {}

    static SandboxResponse oauth(int status, String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return SandboxResponse.json(status, body);
    }

    static SandboxResponse invalidRapt() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "invalid_grant");
        body.put("error_description", "reauth related error (invalid_rapt)");
        body.put("error_uri", "https://support.google.com/a/answer/9368756");
        body.put("error_subtype", "invalid_rapt");
        return SandboxResponse.json(400, body);
    }

    /** The {@code {"error": {"code", "message", "errors": [...]}}} envelope of Google APIs. */
    static SandboxResponse api(int status, String message, String domain, String reason, String status2) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("message", message);
        detail.put("domain", domain);
        detail.put("reason", reason);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", status);
        error.put("message", message);
        error.put("errors", List.of(detail));
        if (status2 != null) {
            error.put("status", status2);
        }
        return SandboxResponse.json(status, Map.of("error", error));
    }

    static SandboxResponse unauthenticated() {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("message", "Invalid Credentials");
        detail.put("domain", "global");
        detail.put("reason", "authError");
        detail.put("location", "Authorization");
        detail.put("locationType", "header");
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", 401);
        error.put(
                "message",
                "Request had invalid authentication credentials. Expected OAuth 2 access token, login "
                        + "cookie or other valid authentication credential.");
        error.put("errors", List.of(detail));
        error.put("status", "UNAUTHENTICATED");
        return SandboxResponse.json(401, Map.of("error", error)).withHeader("WWW-Authenticate", WWW_AUTHENTICATE);
    }
}

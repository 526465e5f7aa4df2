package io.github.saasconnect.testkit.sandbox.docusign;

import io.github.saasconnect.testkit.sandbox.internal.SandboxResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** DocuSign's error bodies: OAuth errors of the Account Server, {@code errorCode}/{@code message} of the REST API. */
final class DocuSignErrors {

    private DocuSignErrors() {}

    static SandboxResponse oauth(int status, String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        if (description != null) {
            body.put("error_description", description);
        }
        return SandboxResponse.json(status, body);
    }

    static SandboxResponse rest(int status, String errorCode, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errorCode", errorCode);
        body.put("message", message);
        return SandboxResponse.json(status, body);
    }
}

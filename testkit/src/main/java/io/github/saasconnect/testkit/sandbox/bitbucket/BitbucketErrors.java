package io.github.saasconnect.testkit.sandbox.bitbucket;

import io.github.saasconnect.testkit.sandbox.internal.SandboxResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** Bitbucket's error bodies: OAuth errors, and the API's {@code {"type": "error", "error": {...}}}. */
final class BitbucketErrors {

    private BitbucketErrors() {}

    static SandboxResponse oauth(int status, String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return SandboxResponse.json(status, body);
    }

    static SandboxResponse api(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "error");
        body.put("error", Map.of("message", message));
        return SandboxResponse.json(status, body);
    }
}

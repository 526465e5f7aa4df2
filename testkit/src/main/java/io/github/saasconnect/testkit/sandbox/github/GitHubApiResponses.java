package io.github.saasconnect.testkit.sandbox.github;

import io.github.saasconnect.testkit.sandbox.internal.FixedWindowQuota;
import io.github.saasconnect.testkit.sandbox.internal.SandboxResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** GitHub REST API bodies and headers: errors, rate-limit headers. */
final class GitHubApiResponses {

    static final String RATE_LIMIT_DOCS = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api";

    private GitHubApiResponses() {}

    static SandboxResponse message(int status, String message, String documentationUrl) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        body.put("documentation_url", documentationUrl);
        body.put("status", Integer.toString(status));
        return SandboxResponse.json(status, body);
    }

    static SandboxResponse badCredentials() {
        return message(401, "Bad credentials", "https://docs.github.com/rest");
    }

    static Map<String, String> rateLimitHeaders(FixedWindowQuota.State state) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-ratelimit-limit", Integer.toString(state.limit()));
        headers.put("x-ratelimit-remaining", Integer.toString(state.remaining()));
        headers.put("x-ratelimit-used", Integer.toString(state.used()));
        headers.put("x-ratelimit-reset", Long.toString(state.resetAt().getEpochSecond()));
        headers.put("x-ratelimit-resource", "core");
        return headers;
    }

    static Map<String, Object> rate(FixedWindowQuota.State state) {
        Map<String, Object> rate = new LinkedHashMap<>();
        rate.put("limit", state.limit());
        rate.put("used", state.used());
        rate.put("remaining", state.remaining());
        rate.put("reset", state.resetAt().getEpochSecond());
        rate.put("resource", "core");
        return rate;
    }
}

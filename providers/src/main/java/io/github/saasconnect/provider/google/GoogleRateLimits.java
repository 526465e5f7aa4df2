package io.github.saasconnect.provider.google;

import io.github.saasconnect.provider.ApiAnswer;
import io.github.saasconnect.provider.RateLimit;
import io.github.saasconnect.provider.RateLimitSignals;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntFunction;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Google APIs (providers.md §1.7): 429, or 403 whose {@code error.errors[].reason} is {@code rateLimitExceeded} or
 * {@code userRateLimitExceeded}. No standard headers: truncated exponential backoff (or {@code Retry-After}).
 */
final class GoogleRateLimits implements RateLimitSignals {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public boolean readsBody(int status) {
        return status == 403;
    }

    @Override
    public RateLimit read(ApiAnswer answer, Instant now, int attempt, IntFunction<Duration> backoff) {
        if (answer.status() == 429) {
            return RateLimit.retryAfterOrBackoff(answer, now, attempt, backoff, "Google 429");
        }
        if (answer.status() != 403 || answer.body() == null) {
            return null;
        }
        for (JsonNode error : json(answer.body()).path("error").path("errors").values()) {
            String reason = error.path("reason").asString("");
            if (reason.equals("rateLimitExceeded") || reason.equals("userRateLimitExceeded")) {
                return RateLimit.retryAfterOrBackoff(answer, now, attempt, backoff, "Google 403 " + reason);
            }
        }
        return null;
    }

    private static JsonNode json(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? JSON.missingNode() : node;
        } catch (JacksonException notJson) {
            return JSON.missingNode();
        }
    }

    @Override
    public String toString() {
        return "google";
    }
}

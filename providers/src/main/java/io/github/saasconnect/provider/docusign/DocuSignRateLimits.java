package io.github.saasconnect.provider.docusign;

import io.github.saasconnect.http.RetryAfter;
import io.github.saasconnect.provider.ApiAnswer;
import io.github.saasconnect.provider.RateLimit;
import io.github.saasconnect.provider.RateLimitSignals;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.IntFunction;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * DocuSign eSignature (providers.md §5.7): 400 or 429 with {@code errorCode} {@code HOURLY_APIINVOCATION_LIMIT_EXCEEDED}
 * (wait until {@code X-RateLimit-Reset}, else the top of the hour), {@code BURST_APIINVOCATION_LIMIT_EXCEEDED} (the
 * 30-second burst window) or {@code HOURLY_ENVELOPE_POLLING_LIMIT_EXCEEDED} (the top of the hour); a bare 429 backs
 * off.
 */
final class DocuSignRateLimits implements RateLimitSignals {

    private static final Duration BURST_WINDOW = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public boolean readsBody(int status) {
        return status == 400 || status == 429;
    }

    @Override
    public RateLimit read(ApiAnswer answer, Instant now, int attempt, IntFunction<Duration> backoff) {
        if (answer.status() != 400 && answer.status() != 429) {
            return null;
        }
        switch (errorCode(answer.body())) {
            case "HOURLY_APIINVOCATION_LIMIT_EXCEEDED": {
                Instant reset = RateLimit.epochSeconds(answer.headers().getFirst("X-RateLimit-Reset"));
                return reset != null
                        ? RateLimit.until(now, reset, "DocuSign hourly API limit, resets at " + reset)
                        : RateLimit.untilNextHour(now, "DocuSign hourly API limit");
            }
            case "BURST_APIINVOCATION_LIMIT_EXCEEDED": {
                Duration retryAfter = RetryAfter.of(answer.headers(), now);
                return new RateLimit(retryAfter != null ? retryAfter : BURST_WINDOW, "DocuSign burst API limit");
            }
            case "HOURLY_ENVELOPE_POLLING_LIMIT_EXCEEDED":
                return RateLimit.untilNextHour(now, "DocuSign hourly envelope polling limit");
            default:
                return answer.status() == 429
                        ? RateLimit.retryAfterOrBackoff(answer, now, attempt, backoff, "DocuSign 429")
                        : null;
        }
    }

    private static String errorCode(String body) {
        if (body == null) {
            return "";
        }
        try {
            var node = JSON.readTree(body);
            return node == null ? "" : node.path("errorCode").asString("").toUpperCase(Locale.ROOT);
        } catch (JacksonException notJson) {
            return "";
        }
    }

    @Override
    public String toString() {
        return "docusign";
    }
}

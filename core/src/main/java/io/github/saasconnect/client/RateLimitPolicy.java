package io.github.saasconnect.client;

import io.github.resilience4j.core.IntervalFunction;
import io.github.saasconnect.http.RetryAfter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a provider's API says "slow down" and how long to wait then (providers.md §1.7, §2.10, §3.7, §4.7, §5.7).
 * Provider data, chosen by {@link #forType(String)} from the descriptor's type name until descriptors carry it.
 * Waits computed from reset instants use the injected clock; every wait is at least one second.
 */
public enum RateLimitPolicy {

    /** Any RFC 6585 API: 429, waiting {@code Retry-After} (seconds or an HTTP date), else exponential backoff. */
    STANDARD {
        @Override
        RateLimit detect(ApiAnswer answer, Instant now, int attempt, IntervalFunction backoff) {
            return answer.status() == 429 ? retryAfterOrBackoff(answer, now, attempt, backoff, "HTTP 429") : null;
        }
    },

    /**
     * GitHub REST: 403 or 429. {@code retry-after} wins (secondary limit); else {@code x-ratelimit-remaining: 0} waits
     * until {@code x-ratelimit-reset} (primary limit); else a secondary limit without headers waits 60 s, doubling
     * on each further attempt. A 403 without any of these is a permission error, not a rate limit.
     */
    GITHUB {
        @Override
        boolean readsBody(int status) {
            return status == 403;
        }

        @Override
        RateLimit detect(ApiAnswer answer, Instant now, int attempt, IntervalFunction backoff) {
            if (answer.status() != 403 && answer.status() != 429) {
                return null;
            }
            Duration retryAfter = RetryAfter.of(answer.headers(), now);
            if (retryAfter != null) {
                return new RateLimit(atLeastOneSecond(retryAfter), "GitHub secondary rate limit (retry-after)");
            }
            if ("0".equals(trim(answer.headers().getFirst("x-ratelimit-remaining")))) {
                Instant reset = epochSeconds(answer.headers().getFirst("x-ratelimit-reset"));
                if (reset != null) {
                    String resource = answer.headers().getFirst("x-ratelimit-resource");
                    return new RateLimit(until(now, reset), "GitHub primary rate limit"
                            + (resource == null ? "" : " (" + resource + ")") + ", resets at " + reset);
                }
            }
            boolean secondary = answer.status() == 429 || answer.body() != null
                    && answer.body().toLowerCase(Locale.ROOT).contains("secondary rate limit");
            if (secondary) {
                int doublings = Math.min(Math.max(attempt, 1) - 1, 10);
                return new RateLimit(GITHUB_SECONDARY_MINIMUM.multipliedBy(1L << doublings),
                        "GitHub secondary rate limit (no retry-after)");
            }
            return null;
        }
    },

    /** Microsoft Graph: 429 (and 503 carrying {@code Retry-After}), waiting {@code Retry-After}, else backoff. */
    MICROSOFT {
        @Override
        RateLimit detect(ApiAnswer answer, Instant now, int attempt, IntervalFunction backoff) {
            if (answer.status() == 429) {
                return retryAfterOrBackoff(answer, now, attempt, backoff, "Microsoft Graph throttling (429)");
            }
            Duration retryAfter = RetryAfter.of(answer.headers(), now);
            return answer.status() == 503 && retryAfter != null
                    ? new RateLimit(atLeastOneSecond(retryAfter), "Microsoft Graph throttling (503 with Retry-After)")
                    : null;
        }
    },

    /**
     * Google APIs: 429, or 403 whose {@code error.errors[].reason} is {@code rateLimitExceeded} or
     * {@code userRateLimitExceeded}. No standard headers: truncated exponential backoff (or {@code Retry-After}).
     */
    GOOGLE {
        @Override
        boolean readsBody(int status) {
            return status == 403;
        }

        @Override
        RateLimit detect(ApiAnswer answer, Instant now, int attempt, IntervalFunction backoff) {
            if (answer.status() == 429) {
                return retryAfterOrBackoff(answer, now, attempt, backoff, "Google 429");
            }
            if (answer.status() != 403 || answer.body() == null) {
                return null;
            }
            for (JsonNode error : json(answer.body()).path("error").path("errors").values()) {
                String reason = error.path("reason").asString("");
                if (reason.equals("rateLimitExceeded") || reason.equals("userRateLimitExceeded")) {
                    return retryAfterOrBackoff(answer, now, attempt, backoff, "Google 403 " + reason);
                }
            }
            return null;
        }
    },

    /** Bitbucket Cloud: 429 without headers for OAuth consumers: backoff (or {@code Retry-After} if one appears). */
    BITBUCKET {
        @Override
        RateLimit detect(ApiAnswer answer, Instant now, int attempt, IntervalFunction backoff) {
            return answer.status() == 429 ? retryAfterOrBackoff(answer, now, attempt, backoff, "Bitbucket 429") : null;
        }
    },

    /**
     * DocuSign eSignature: 400 or 429 with {@code errorCode} {@code HOURLY_APIINVOCATION_LIMIT_EXCEEDED} (wait until
     * {@code X-RateLimit-Reset}, else the top of the hour), {@code BURST_APIINVOCATION_LIMIT_EXCEEDED} (the 30-second
     * burst window) or {@code HOURLY_ENVELOPE_POLLING_LIMIT_EXCEEDED} (the top of the hour); a bare 429 backs off.
     */
    DOCUSIGN {
        @Override
        boolean readsBody(int status) {
            return status == 400 || status == 429;
        }

        @Override
        RateLimit detect(ApiAnswer answer, Instant now, int attempt, IntervalFunction backoff) {
            if (answer.status() != 400 && answer.status() != 429) {
                return null;
            }
            String code = answer.body() == null ? "" : json(answer.body()).path("errorCode").asString("")
                    .toUpperCase(Locale.ROOT);
            Duration retryAfter = RetryAfter.of(answer.headers(), now);
            switch (code) {
                case "HOURLY_APIINVOCATION_LIMIT_EXCEEDED": {
                    Instant reset = epochSeconds(answer.headers().getFirst("X-RateLimit-Reset"));
                    return new RateLimit(reset != null ? until(now, reset) : untilNextHour(now),
                            "DocuSign hourly API limit" + (reset != null ? ", resets at " + reset : ""));
                }
                case "BURST_APIINVOCATION_LIMIT_EXCEEDED":
                    return new RateLimit(retryAfter != null ? atLeastOneSecond(retryAfter) : DOCUSIGN_BURST_WINDOW,
                            "DocuSign burst API limit");
                case "HOURLY_ENVELOPE_POLLING_LIMIT_EXCEEDED":
                    return new RateLimit(untilNextHour(now), "DocuSign hourly envelope polling limit");
                default:
                    return answer.status() == 429
                            ? retryAfterOrBackoff(answer, now, attempt, backoff, "DocuSign 429") : null;
            }
        }
    };

    private static final Duration MIN_WAIT = Duration.ofSeconds(1);
    private static final Duration GITHUB_SECONDARY_MINIMUM = Duration.ofSeconds(60);
    private static final Duration DOCUSIGN_BURST_WINDOW = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The policy for a descriptor type name ({@code github}, {@code microsoft} ...); {@link #STANDARD} otherwise. */
    public static RateLimitPolicy forType(String providerType) {
        if (providerType == null) {
            return STANDARD;
        }
        return switch (providerType) {
            case "github" -> GITHUB;
            case "microsoft" -> MICROSOFT;
            case "google" -> GOOGLE;
            case "bitbucket" -> BITBUCKET;
            case "docusign" -> DOCUSIGN;
            default -> STANDARD;
        };
    }

    /** Whether an answer with {@code status} must be read to tell a rate limit from another error. */
    boolean readsBody(int status) {
        return false;
    }

    /**
     * The rate limit {@code answer} signals, or {@code null} when it is not one.
     *
     * @param attempt 1 for the first rate-limited answer of a call, 2 for the next ...
     * @param backoff the configured backoff, for signals that name no wait
     */
    abstract RateLimit detect(ApiAnswer answer, Instant now, int attempt, IntervalFunction backoff);

    private static RateLimit retryAfterOrBackoff(ApiAnswer answer, Instant now, int attempt, IntervalFunction backoff,
            String reason) {
        Duration retryAfter = RetryAfter.of(answer.headers(), now);
        if (retryAfter != null) {
            return new RateLimit(atLeastOneSecond(retryAfter), reason + " (Retry-After)");
        }
        long millis = backoff.apply(Math.max(attempt, 1));
        return new RateLimit(atLeastOneSecond(Duration.ofMillis(millis)), reason + " (backoff)");
    }

    private static Instant epochSeconds(String value) {
        String v = trim(value);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(v));
        } catch (NumberFormatException bad) {
            return null;
        }
    }

    private static Duration until(Instant now, Instant at) {
        return atLeastOneSecond(Duration.between(now, at));
    }

    private static Duration untilNextHour(Instant now) {
        long hour = 3600;
        return until(now, Instant.ofEpochSecond((now.getEpochSecond() / hour + 1) * hour));
    }

    private static Duration atLeastOneSecond(Duration wait) {
        return wait.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : wait;
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }

    private static JsonNode json(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? JSON.missingNode() : node;
        } catch (JacksonException notJson) {
            return JSON.missingNode();
        }
    }
}

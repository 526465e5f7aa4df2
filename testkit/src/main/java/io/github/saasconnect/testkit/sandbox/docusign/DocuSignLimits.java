package io.github.saasconnect.testkit.sandbox.docusign;

import io.github.saasconnect.testkit.sandbox.internal.FixedWindowQuota;
import io.github.saasconnect.testkit.sandbox.internal.SandboxResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DocuSign's per-account API limits: an hourly quota (windows on the hour) and a burst quota (30-second windows),
 * their headers, and the errors once either is used up.
 */
final class DocuSignLimits {

    private final Clock clock;
    private final Map<String, FixedWindowQuota> hourly = new ConcurrentHashMap<>();
    private final Map<String, FixedWindowQuota> burst = new ConcurrentHashMap<>();
    private volatile int hourlyLimit = 3000;
    private volatile int burstLimit = 200;
    private volatile int errorStatus = 400;

    DocuSignLimits(Clock clock) {
        this.clock = clock;
    }

    /**
     * The verdict on one call.
     *
     * @param rejection the error to answer with, or {@code null} when the call may proceed
     * @param headers the rate-limit headers to send either way
     */
    record Verdict(SandboxResponse rejection, Map<String, String> headers) {}

    void hourlyLimit(int limit) {
        this.hourlyLimit = limit;
        hourly.values().forEach(quota -> quota.limit(limit));
    }

    void burstLimit(int limit) {
        this.burstLimit = limit;
        burst.values().forEach(quota -> quota.limit(limit));
    }

    void errorStatus(int status) {
        this.errorStatus = status;
    }

    /** Counts a call against the account's quotas when both allow it. */
    synchronized Verdict admit(String accountId) {
        FixedWindowQuota burstQuota = burst.computeIfAbsent(
                accountId, id -> new FixedWindowQuota(burstLimit, Duration.ofSeconds(30), true, clock));
        FixedWindowQuota hourlyQuota = hourly.computeIfAbsent(
                accountId, id -> new FixedWindowQuota(hourlyLimit, Duration.ofHours(1), true, clock));
        FixedWindowQuota.State burstState = burstQuota.peek();
        FixedWindowQuota.State hourlyState = hourlyQuota.peek();
        SandboxResponse rejection = null;
        if (!hourlyState.allowed()) {
            rejection = hourlyLimitExceeded();
        } else if (!burstState.allowed()) {
            rejection = DocuSignErrors.rest(
                    errorStatus,
                    "BURST_APIINVOCATION_LIMIT_EXCEEDED",
                    "The maximum number of burst API invocations has been exceeded. The burst limit is "
                            + burstState.limit() + " per 30 seconds.");
        } else {
            burstState = burstQuota.consume();
            hourlyState = hourlyQuota.consume();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-RateLimit-Limit", Integer.toString(hourlyState.limit()));
        headers.put("X-RateLimit-Remaining", Integer.toString(hourlyState.remaining()));
        headers.put("X-RateLimit-Reset", Long.toString(hourlyState.resetAt().getEpochSecond()));
        headers.put("X-BurstLimit-Limit", Integer.toString(burstState.limit()));
        headers.put("X-BurstLimit-Remaining", Integer.toString(burstState.remaining()));
        return new Verdict(rejection, headers);
    }

    SandboxResponse hourlyLimitExceeded() {
        return DocuSignErrors.rest(
                errorStatus,
                "HOURLY_APIINVOCATION_LIMIT_EXCEEDED",
                "The maximum number of hourly API invocations has been exceeded. The hourly limit is " + hourlyLimit
                        + ".");
    }
}

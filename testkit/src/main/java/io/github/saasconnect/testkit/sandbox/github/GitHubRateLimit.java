package io.github.saasconnect.testkit.sandbox.github;

import io.github.saasconnect.testkit.sandbox.internal.FixedWindowQuota;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GitHub's primary REST rate limit: a per-user hourly quota whose window starts at the user's first request, and the
 * status it answers with once used up.
 */
final class GitHubRateLimit {

    private final Clock clock;
    private final Map<String, FixedWindowQuota> quotas = new ConcurrentHashMap<>();
    private volatile boolean enabled;
    private volatile int limit = 5000;
    private volatile int exceededStatus = 403;

    GitHubRateLimit(Clock clock, boolean enabled) {
        this.clock = clock;
        this.enabled = enabled;
    }

    boolean enabled() {
        return enabled;
    }

    void enabled(boolean on) {
        this.enabled = on;
    }

    void limit(int newLimit) {
        this.limit = newLimit;
        quotas.values().forEach(quota -> quota.limit(newLimit));
    }

    int exceededStatus() {
        return exceededStatus;
    }

    void exceededStatus(int status) {
        this.exceededStatus = status;
    }

    FixedWindowQuota quota(String userId) {
        return quotas.computeIfAbsent(userId, id -> new FixedWindowQuota(limit, Duration.ofHours(1), false, clock));
    }
}

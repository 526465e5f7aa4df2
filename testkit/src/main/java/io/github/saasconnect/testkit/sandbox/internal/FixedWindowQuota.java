package io.github.saasconnect.testkit.sandbox.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A request quota over fixed windows of time, read from the sandbox clock. A window either starts at the first
 * request after the previous one ended (GitHub) or is aligned to the epoch, e.g. to the top of the hour (DocuSign).
 */
public final class FixedWindowQuota {

    private final Clock clock;
    private final Duration window;
    private final boolean aligned;
    private int limit;
    private int used;
    private Instant resetAt;

    public FixedWindowQuota(int limit, Duration window, boolean aligned, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.aligned = aligned;
        this.clock = clock;
    }

    /**
     * A quota reading.
     *
     * @param limit requests allowed per window
     * @param remaining requests left in this window
     * @param used requests used in this window
     * @param resetAt when the window ends
     * @param allowed whether the request that took this reading may proceed
     */
    public record State(int limit, int remaining, int used, Instant resetAt, boolean allowed) {}

    /** Counts one request if the quota allows it. */
    public synchronized State consume() {
        roll();
        if (used >= limit) {
            return state(false);
        }
        used++;
        return state(true);
    }

    /** Reads the quota without counting a request. */
    public synchronized State peek() {
        roll();
        return state(used < limit);
    }

    /** Uses up the rest of the current window. */
    public synchronized void exhaust() {
        roll();
        used = limit;
    }

    public synchronized void limit(int newLimit) {
        this.limit = newLimit;
    }

    private void roll() {
        Instant now = clock.instant();
        if (resetAt == null || !now.isBefore(resetAt)) {
            used = 0;
            if (aligned) {
                long size = window.toMillis();
                resetAt = Instant.ofEpochMilli((now.toEpochMilli() / size + 1) * size);
            } else {
                resetAt = now.plus(window);
            }
        }
    }

    private State state(boolean allowed) {
        return new State(limit, Math.max(0, limit - used), used, resetAt, allowed);
    }
}

package io.github.saasconnect.testkit.vault;

import java.util.concurrent.atomic.AtomicInteger;

/** A registered fault: strikes the matching requests until its count runs out or it is cancelled. */
public final class FaultRule {

    private static final int UNLIMITED = -1;

    private final RequestMatcher matcher;

    private final Fault fault;

    private final AtomicInteger remaining;

    private final AtomicInteger struck = new AtomicInteger();

    FaultRule(RequestMatcher matcher, Fault fault, int count) {
        this.matcher = matcher;
        this.fault = fault;
        this.remaining = new AtomicInteger(count);
    }

    static FaultRule unlimited(RequestMatcher matcher, Fault fault) {
        return new FaultRule(matcher, fault, UNLIMITED);
    }

    /** The fault this rule injects. */
    public Fault fault() {
        return this.fault;
    }

    /** How many more requests this rule will strike; {@code -1} when it has no limit. */
    public int remaining() {
        return this.remaining.get();
    }

    /** How many requests this rule has struck so far. */
    public int struck() {
        return this.struck.get();
    }

    /** Stops this rule from striking any further request. */
    public void cancel() {
        this.remaining.set(0);
    }

    /** Atomically claims one strike for a matching request; exactly one caller wins each remaining strike. */
    boolean tryStrike(String method, String path) {
        if (!this.matcher.matches(method, path)) {
            return false;
        }
        while (true) {
            int left = this.remaining.get();
            if (left == 0) {
                return false;
            }
            if (left == UNLIMITED || this.remaining.compareAndSet(left, left - 1)) {
                this.struck.incrementAndGet();
                return true;
            }
        }
    }

    boolean isSpent() {
        return this.remaining.get() == 0;
    }
}

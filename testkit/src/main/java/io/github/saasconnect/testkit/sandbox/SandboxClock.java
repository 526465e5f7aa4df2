package io.github.saasconnect.testkit.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it, so token lifetimes, idle expiry, grace windows and rate-limit
 * windows can be crossed without sleeping. Share one instance between a sandbox and the code under test.
 */
public final class SandboxClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private SandboxClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** A clock fixed at {@code instant}, in UTC. */
    public static SandboxClock at(Instant instant) {
        return new SandboxClock(new AtomicReference<>(Objects.requireNonNull(instant, "instant")), ZoneOffset.UTC);
    }

    /** A clock fixed at the current wall-clock time, truncated to whole seconds. */
    public static SandboxClock startingNow() {
        return at(Instant.ofEpochSecond(Instant.now().getEpochSecond()));
    }

    /** Moves the clock forward (or back, with a negative duration). */
    public SandboxClock advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        now.updateAndGet(instant -> instant.plus(duration));
        return this;
    }

    /** Sets the clock to {@code instant}. */
    public SandboxClock set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view in another zone that shares this clock's time. */
    @Override
    public Clock withZone(ZoneId zone) {
        return new SandboxClock(now, zone);
    }

    @Override
    public String toString() {
        return "SandboxClock[" + now.get() + "]";
    }
}

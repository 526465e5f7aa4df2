package io.github.saasconnect.resilience;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.Objects;

/**
 * How waits between attempts grow, in the vocabulary every retry of the library is configured with
 * ({@code initial-backoff}, {@code backoff-multiplier}, {@code max-backoff}).
 *
 * @param initialBackoff the first wait
 * @param backoffMultiplier growth of the wait per attempt, at least 1
 * @param maxBackoff the longest wait
 */
public record Backoff(Duration initialBackoff, double backoffMultiplier, Duration maxBackoff) {

    public Backoff {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException("initialBackoff must be positive but was " + initialBackoff);
        }
        if (backoffMultiplier < 1) {
            throw new IllegalArgumentException("backoffMultiplier must be at least 1 but was " + backoffMultiplier);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must not be shorter than "
                    + "initialBackoff (" + initialBackoff + ")");
        }
    }

    /**
     * The waits as a Resilience4j interval function of the attempt number (1 for the wait after the first), each
     * spread by up to {@code randomization} either way so that callers who failed together do not retry together.
     */
    public IntervalFunction intervals(double randomization) {
        return IntervalFunction.ofExponentialRandomBackoff(
                initialBackoff, backoffMultiplier, randomization, maxBackoff);
    }
}

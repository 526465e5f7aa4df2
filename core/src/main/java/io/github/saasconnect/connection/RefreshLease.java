package io.github.saasconnect.connection;

import java.time.Instant;
import java.util.Objects;

/**
 * The right to refresh one connection, taken by compare-and-set through the store so that only one
 * instance calls the token endpoint at a time. A lease past {@link #until()} may be taken over.
 *
 * @param holder the instance that holds it
 * @param until when it lapses
 * @param attemptId unique per refresh attempt, so a holder recognises its own lease after a lost response
 */
public record RefreshLease(String holder, Instant until, String attemptId) {

    public RefreshLease {
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(attemptId, "attemptId");
    }

    /** Whether the lease still excludes others at {@code now}. */
    public boolean isLiveAt(Instant now) {
        return now.isBefore(until);
    }
}

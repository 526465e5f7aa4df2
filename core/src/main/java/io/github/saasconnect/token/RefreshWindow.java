package io.github.saasconnect.token;

import io.github.saasconnect.connection.ConnectionRecord;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * When a token is due for refresh: {@code skew} before it expires, but never earlier than half its
 * lifetime, so a provider that issues tokens shorter than the skew does not cause a refresh on every call.
 */
final class RefreshWindow {

    private RefreshWindow() {}

    /** The instant from which {@code record}'s access token should be refreshed, or {@code null} for never. */
    static @Nullable Instant refreshAt(ConnectionRecord record, Duration skew) {
        return refreshAt(record.lastRefreshedAt(), record.accessTokenExpiresAt(), skew);
    }

    /**
     * The instant from which a token obtained at {@code obtainedAt} and expiring at {@code expiry} should be
     * refreshed, or {@code null} for never. The one rule: the store's due check and the token manager's cache both
     * ask here.
     */
    static @Nullable Instant refreshAt(Instant obtainedAt, @Nullable Instant expiry, Duration skew) {
        if (expiry == null) {
            return null;
        }
        Duration lifetime = Duration.between(obtainedAt, expiry);
        Duration margin = lifetime.isNegative()
                ? Duration.ZERO
                : skew.compareTo(lifetime.dividedBy(2)) < 0 ? skew : lifetime.dividedBy(2);
        return expiry.minus(margin);
    }

    static boolean due(ConnectionRecord record, Duration skew, Instant now) {
        Instant at = refreshAt(record, skew);
        return at != null && !now.isBefore(at);
    }
}

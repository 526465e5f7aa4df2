package io.github.saasconnect.token;

import io.github.saasconnect.connection.ConnectionRecord;
import java.time.Duration;
import java.time.Instant;

/**
 * When a token is due for refresh: {@code skew} before it expires, but never earlier than half its
 * lifetime, so a provider that issues tokens shorter than the skew does not cause a refresh on every call.
 */
final class RefreshWindow {

    private RefreshWindow() {
    }

    /** The instant from which {@code record}'s access token should be refreshed, or {@code null} for never. */
    static Instant refreshAt(ConnectionRecord record, Duration skew) {
        Instant expiry = record.accessTokenExpiresAt();
        if (expiry == null) {
            return null;
        }
        Duration lifetime = Duration.between(record.lastRefreshedAt(), expiry);
        Duration margin = lifetime.isNegative() ? Duration.ZERO
                : skew.compareTo(lifetime.dividedBy(2)) < 0 ? skew : lifetime.dividedBy(2);
        return expiry.minus(margin);
    }

    static boolean due(ConnectionRecord record, Duration skew, Instant now) {
        Instant at = refreshAt(record, skew);
        return at != null && !now.isBefore(at);
    }
}

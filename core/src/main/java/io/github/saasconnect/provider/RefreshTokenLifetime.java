package io.github.saasconnect.provider;

import java.time.Duration;

/**
 * How long a provider's refresh tokens live when the response does not say, so that a keep-alive sweep can
 * refresh idle connections in time.
 *
 * @param maxIdle a refresh token unused this long dies (Microsoft 90 days), or {@code null} when unknown/none
 * @param fixedFromResponse whether the token endpoint states a fixed expiry ({@code refresh_token_expires_in})
 */
public record RefreshTokenLifetime(Duration maxIdle, boolean fixedFromResponse) {

    /** No known limit. */
    public static final RefreshTokenLifetime UNKNOWN = new RefreshTokenLifetime(null, false);

    /** Dies after {@code maxIdle} without use. */
    public static RefreshTokenLifetime idle(Duration maxIdle) {
        return new RefreshTokenLifetime(maxIdle, false);
    }
}

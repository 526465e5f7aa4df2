package io.github.saasconnect.provider;

import io.github.saasconnect.connection.TokenSet;
import java.time.Duration;
import java.time.Instant;

/**
 * How long a provider's refresh tokens live when the response does not say, so that a keep-alive sweep can refresh
 * idle connections in time, and warn before a connection ends that no refresh can save.
 *
 * @param maxIdle a refresh token unused this long dies (Microsoft 90 days), or {@code null} when unknown/none
 * @param fixedFromResponse whether the token endpoint states a fixed expiry ({@code refresh_token_expires_in})
 * @param fixedFromConsent the refresh tokens of a connection die this long after the user consented, however often
 *     they are refreshed (DocuSign without the {@code extended} scope: 30 days), or {@code null}
 */
public record RefreshTokenLifetime(Duration maxIdle, boolean fixedFromResponse, Duration fixedFromConsent) {

    /** No known limit. */
    public static final RefreshTokenLifetime UNKNOWN = new RefreshTokenLifetime(null, false, null);

    public RefreshTokenLifetime {
        if (maxIdle != null && (maxIdle.isNegative() || maxIdle.isZero())) {
            throw new IllegalArgumentException("maxIdle must be positive but was " + maxIdle);
        }
        if (fixedFromConsent != null && (fixedFromConsent.isNegative() || fixedFromConsent.isZero())) {
            throw new IllegalArgumentException("fixedFromConsent must be positive but was " + fixedFromConsent);
        }
    }

    /** A lifetime without a fixed limit counted from consent. */
    public RefreshTokenLifetime(Duration maxIdle, boolean fixedFromResponse) {
        this(maxIdle, fixedFromResponse, null);
    }

    /** Dies after {@code maxIdle} without use. */
    public static RefreshTokenLifetime idle(Duration maxIdle) {
        return new RefreshTokenLifetime(maxIdle, false, null);
    }

    /** Dies {@code lifetime} after the user consented, whatever the refreshes in between. */
    public static RefreshTokenLifetime fromConsent(Duration lifetime) {
        return new RefreshTokenLifetime(null, false, lifetime);
    }

    /**
     * {@code tokens} of a new consent (a code exchange at {@code now}), with the refresh token's end of life filled
     * in from {@link #fixedFromConsent()} when the response did not state one.
     */
    public TokenSet onConsent(TokenSet tokens, Instant now) {
        return silentOnExpiry(tokens) && fixedFromConsent != null
                ? tokens.withRefreshTokenExpiresAt(now.plus(fixedFromConsent))
                : tokens;
    }

    /**
     * {@code tokens} of a refresh, with the refresh token's end of life carried over from {@code current}, the
     * connection's, when the lifetime is fixed from consent and the response did not state one: a refresh does not
     * move that end.
     */
    public TokenSet onRefresh(TokenSet tokens, Instant current) {
        return silentOnExpiry(tokens) && fixedFromConsent != null && current != null
                ? tokens.withRefreshTokenExpiresAt(current)
                : tokens;
    }

    private static boolean silentOnExpiry(TokenSet tokens) {
        return tokens.refreshToken() != null && tokens.refreshTokenExpiresAt() == null;
    }
}

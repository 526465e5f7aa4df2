package io.github.saasconnect.testkit.sandbox.internal;

import java.time.Duration;

/**
 * A provider's token rules, as data. A {@code null} duration means "no such limit".
 *
 * @param accessTokenLifetime lifetime of access tokens; {@code null} for tokens that never expire
 * @param rotation what a refresh does to the presented refresh token
 * @param rotationGrace how long a used refresh token keeps working under {@link RefreshRotation#GRACE_PERIOD}
 * @param refreshLifetime fixed lifetime of a refresh token from its issue
 * @param rotationKeepsExpiry whether a rotated refresh token inherits its predecessor's expiry instead of a full
 *     new lifetime (DocuSign without {@code extended})
 * @param refreshIdleLifetime how long a refresh token may go unused
 * @param refreshRevokesAccessTokens whether using a refresh token kills the access tokens of its chain (GitHub)
 * @param maxLiveRefreshTokens live refresh tokens per user and client before the oldest is revoked; 0 for no limit
 */
public record TokenPolicy(
        Duration accessTokenLifetime,
        RefreshRotation rotation,
        Duration rotationGrace,
        Duration refreshLifetime,
        boolean rotationKeepsExpiry,
        Duration refreshIdleLifetime,
        boolean refreshRevokesAccessTokens,
        int maxLiveRefreshTokens) {}

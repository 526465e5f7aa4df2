package io.github.saasconnect.testkit.sandbox.internal;

/**
 * Tokens handed out by one code exchange or refresh.
 *
 * @param accessToken the new access token
 * @param refreshToken the refresh token to return, or {@code null} when none is returned
 * @param grant the grant they belong to
 */
public record TokenIssuance(AccessToken accessToken, RefreshToken refreshToken, Grant grant) {}

package io.github.saasconnect.connection;

import java.time.Instant;

/**
 * The last failure seen on a connection: its kind and the provider's error code, never a token.
 *
 * @param kind the failure class of DESIGN §6
 * @param code the provider's error code (for example {@code invalid_grant}, or {@code invalid_rapt})
 * @param at when it happened
 */
public record ConnectionError(FailureKind kind, String code, Instant at) {}

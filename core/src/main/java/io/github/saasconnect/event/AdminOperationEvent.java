package io.github.saasconnect.event;

import io.github.saasconnect.connection.ConnectionId;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The audit record of an operation through the connections admin endpoint, published as a Spring application event
 * for every operation, whether it succeeded or not. It names who did what to which connection; never a token.
 *
 * @param operation {@code list}, {@code inspect}, {@code refresh}, {@code mark-reauthorization} or {@code disconnect}
 * @param connection the connection operated on, or {@code null} for a listing
 * @param registration the registration filter of a listing, or the connection's registration
 * @param actor the authenticated principal's name, or {@code null} when the request was not authenticated
 * @param outcome {@code ok}, {@code not-found}, or the failure's kind in lower case
 * @param at when it happened
 */
public record AdminOperationEvent(
        String operation,
        @Nullable ConnectionId connection,
        @Nullable String registration,
        @Nullable String actor,
        String outcome,
        Instant at) {

    public AdminOperationEvent {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(at, "at");
    }
}

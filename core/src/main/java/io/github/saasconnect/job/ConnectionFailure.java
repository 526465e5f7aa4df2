package io.github.saasconnect.job;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;
import org.jspecify.annotations.Nullable;

/**
 * One connection a job could not process.
 *
 * @param connection the connection
 * @param kind the failure class, or {@code null} when the work failed for a reason of its own
 * @param error what was thrown (SaaS Connect's failures never carry tokens; the application's own are its own)
 */
public record ConnectionFailure(
        ConnectionId connection, @Nullable FailureKind kind, Throwable error) {

    @Override
    public String toString() {
        return "ConnectionFailure[" + connection + ", " + (kind == null ? "APPLICATION" : kind) + ", "
                + error.getClass().getSimpleName() + "]";
    }
}

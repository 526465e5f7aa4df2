package io.github.saasconnect.failure;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;
import org.jspecify.annotations.Nullable;

/**
 * Base of every failure SaaS Connect reports: catch this one type to handle them all, and branch on
 * {@link #kind()}. Carries the kind, the registration and (when known) the connection; messages name the
 * provider's error code, never a token, secret or authorization code.
 */
public abstract class SaasConnectException extends RuntimeException {

    private final FailureKind kind;
    private final String registration;
    private final @Nullable ConnectionId connection;

    protected SaasConnectException(
            FailureKind kind,
            String registration,
            @Nullable ConnectionId connection,
            String message,
            @Nullable Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.registration = registration;
        this.connection = connection;
    }

    /**
     * A failure without a stack trace, for the ones that are expected control flow (a lost compare-and-set) and would
     * otherwise cost a stack walk on every occurrence.
     */
    protected SaasConnectException(FailureKind kind, String registration, ConnectionId connection, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.registration = registration;
        this.connection = connection;
    }

    /** The failure class. */
    public FailureKind kind() {
        return kind;
    }

    /** The registration concerned, or {@code null} when the failure concerns no one registration (a store lock). */
    public String registration() {
        return registration;
    }

    /** The connection concerned, or {@code null} when the failure is not about one connection. */
    public @Nullable ConnectionId connection() {
        return connection;
    }

    protected static String where(String registration, @Nullable ConnectionId connection) {
        return connection != null ? "connection " + connection : "registration '" + registration + "'";
    }
}

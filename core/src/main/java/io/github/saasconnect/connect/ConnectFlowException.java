package io.github.saasconnect.connect;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.failure.SaasConnectException;
import org.jspecify.annotations.Nullable;

/**
 * A connect, callback or disconnect was refused; nothing was stored. The message names the registration and
 * says what happened and what the user or developer can do; it never contains a state, code, token or
 * verifier. Its {@link #kind() kind} follows from the {@link ConnectFailure}: a refused request is
 * {@link FailureKind#REQUEST_REJECTED}, a rejected client {@link FailureKind#CLIENT_MISCONFIGURED}, a failed exchange
 * the kind of its cause.
 */
public final class ConnectFlowException extends SaasConnectException {

    private final ConnectFailure failure;
    private final @Nullable String returnTo;
    private final @Nullable String providerError;

    /**
     * @param failure why
     * @param registration the registration id the request named
     * @param connection the connection concerned, when known
     * @param returnTo the trusted return address, for failures after the state was accepted, else {@code null}
     * @param message what happened and what to do
     * @param cause the underlying failure, or {@code null}
     */
    public ConnectFlowException(
            ConnectFailure failure,
            String registration,
            @Nullable ConnectionId connection,
            @Nullable String returnTo,
            String message,
            @Nullable Throwable cause) {
        this(failure, registration, connection, returnTo, null, message, cause);
    }

    ConnectFlowException(
            ConnectFailure failure,
            String registration,
            @Nullable ConnectionId connection,
            @Nullable String returnTo,
            @Nullable String providerError,
            String message,
            @Nullable Throwable cause) {
        super(failure.kind(cause), registration, connection, prefix(registration, connection) + message, cause);
        this.failure = failure;
        this.returnTo = returnTo;
        this.providerError = providerError;
    }

    /** Why it was refused. */
    public ConnectFailure failure() {
        return failure;
    }

    /** The trusted return address, or {@code null} when the state was not accepted. */
    public @Nullable String returnTo() {
        return returnTo;
    }

    /**
     * The provider's error code for {@link ConnectFailure#ACCESS_DENIED} and {@link ConnectFailure#PROVIDER_ERROR},
     * the adapter's code for {@link ConnectFailure#ACCOUNT_NOT_USABLE} ({@code account_not_found} ...), the failed check
     * for {@link ConnectFailure#ID_TOKEN_INVALID} ({@code id_token_nonce} ...), each only
     * {@code [A-Za-z0-9_.-]} and at most 64 characters; the failure's own code otherwise ({@code client_misconfigured},
     * {@code exchange_failed} ...).
     */
    public String errorCode() {
        return providerError != null ? providerError : failure.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String prefix(String registration, ConnectionId connection) {
        if (connection != null) {
            return "connect " + connection + ": ";
        }
        return registration != null ? "connect registration '" + registration + "': " : "connect: ";
    }
}

package io.github.saasconnect.http.internal;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.failure.RateLimitedException;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.failure.TransientFailureException;
import java.io.IOException;
import java.time.Duration;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.reactive.function.client.ClientResponse;

/**
 * What an HTTP error status means for a call to a provider, the one mapping shared by token requests, provider API
 * calls and the API circuit breaker: 429 is {@link FailureKind#RATE_LIMITED}; 408 and any 5xx are
 * {@link FailureKind#TRANSIENT}; any other 4xx is {@link FailureKind#CLIENT_MISCONFIGURED} (a wrong URL, a missing
 * permission). Callers that know more about a status (a 401 on an API call, an OAuth error code) decide that first.
 */
public final class HttpStatusFailures {

    private HttpStatusFailures() {}

    /** The failure kind of {@code status}, or {@code null} for a status below 400, which is no failure. */
    public static FailureKind kind(int status) {
        if (status < 400) {
            return null;
        }
        if (status == 429) {
            return FailureKind.RATE_LIMITED;
        }
        return status == 408 || status >= 500 ? FailureKind.TRANSIENT : FailureKind.CLIENT_MISCONFIGURED;
    }

    /**
     * The typed failure for {@code status}. A status below 400 here is an answer without what was expected (a 2xx
     * with an unreadable body), which is transient.
     *
     * @param retryAfter the wait the answer asked for ({@link io.github.saasconnect.http.RetryAfter}), or {@code null}
     * @param what what was asked and what came back, for the message; never a secret
     * @param fix what to check when the status says the request itself is wrong
     */
    public static SaasConnectException failure(
            String registration, ConnectionId connection, int status, Duration retryAfter, String what, String fix) {
        FailureKind kind = kind(status);
        if (kind == FailureKind.RATE_LIMITED) {
            return new RateLimitedException(registration, connection, retryAfter, what);
        }
        if (kind == FailureKind.CLIENT_MISCONFIGURED) {
            return new ClientMisconfiguredException(registration, connection, "http_" + status, what + "; " + fix);
        }
        return new TransientFailureException(registration, connection, status, what, null);
    }

    /**
     * Whether {@code result} is an HTTP answer ({@code WebClient}'s or {@code RestClient}'s response) whose status
     * is {@link FailureKind#TRANSIENT}: how a circuit breaker around API calls tells a failed answer from a
     * successful one.
     */
    public static boolean isTransientAnswer(Object result) {
        if (result instanceof ClientResponse response) {
            return kind(response.statusCode().value()) == FailureKind.TRANSIENT;
        }
        if (result instanceof ClientHttpResponse response) {
            try {
                return kind(response.getStatusCode().value()) == FailureKind.TRANSIENT;
            } catch (IOException unreadable) {
                return true;
            }
        }
        return false;
    }
}

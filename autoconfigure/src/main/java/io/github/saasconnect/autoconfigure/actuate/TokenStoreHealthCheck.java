package io.github.saasconnect.autoconfigure.actuate;

import io.github.saasconnect.store.TokenStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * What the module that brings a store adds to the {@code store} component of the {@code saasConnect} health, after
 * the read probe every store gets: saas-connect-vault adds the store's circuit breaker and Vault's
 * {@code sys/health}. Every bean of this type runs, in order, on each health check.
 */
@FunctionalInterface
public interface TokenStoreHealthCheck {

    /**
     * Adds what this check sees to {@code details} and says whether the store is usable as far as it can tell. A
     * check for another kind of store adds nothing and returns {@code true}.
     *
     * @param store the application's token store
     * @param details the component's details; a failure goes in as its kind ({@link #failure}), never its message
     *     or a secret, since a health response is often public
     * @param timeout the longest the check may wait for an answer
     * @return {@code false} to report the store DOWN
     */
    boolean check(TokenStore store, Map<String, Object> details, Duration timeout);

    /**
     * The kind of a failure, for the details: "no answer within ..." for a timeout, else the exception's simple
     * name. A store's message may quote a path or an answer; the log of the operation that failed has the rest.
     */
    static String failure(RuntimeException e, Duration timeout) {
        // block() wraps the checked TimeoutException of timeout() in an unchecked one
        if (e.getCause() instanceof TimeoutException) {
            return "no answer within " + timeout;
        }
        return e.getClass().getSimpleName();
    }
}

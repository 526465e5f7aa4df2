package io.github.saasconnect.metrics;

import java.time.Duration;
import java.util.List;

/**
 * Told what SaaS Connect does: token refreshes, cache lookups, store operations, API calls, rate-limit waits, clients
 * the provider rejected and connection counts. Every method does nothing by default, so an implementation overrides
 * only what it needs.
 *
 * <p>Implementations are called on the thread that did the work, often a Reactor event loop: they must be quick and
 * thread-safe and must not block. Core code calls them through {@link #guarded}, so an exception thrown here is
 * logged and never fails the work being reported. Nothing passed identifies a user: registration ids, store names,
 * outcomes and durations only.
 */
public interface SaasConnectInstrumentation {

    /** Reports nowhere. */
    SaasConnectInstrumentation NOOP = new SaasConnectInstrumentation() {
        @Override
        public String toString() {
            return "SaasConnectInstrumentation.NOOP";
        }
    };

    /**
     * A token manager counts its cache lookups for {@code registration} in {@code counter}; called once per
     * registration when the manager is created. The counter is incremented on the cache-hit path without a call to
     * this interface, so read it, for example with a function counter.
     */
    default void cacheCounter(String registration, CacheCounter counter) {
    }

    /**
     * One token request of {@code registration} ended: the refresh grant sent to the token endpoint, with its
     * retries.
     */
    default void refresh(String registration, TokenRequestOutcome outcome, Duration duration) {
    }

    /**
     * One authorization-code exchange of {@code registration} ended (the connect flow's token request). A success
     * shows the provider accepts the client again.
     */
    default void codeExchange(String registration, TokenRequestOutcome outcome, Duration duration) {
    }

    /**
     * The provider rejected the client of {@code registration} itself ({@code invalid_client},
     * {@code unauthorized_client}, a redirect mismatch), during a refresh or an authorization-code exchange.
     *
     * @param errorCode the provider's error code, such as {@code invalid_client}
     */
    default void clientMisconfigured(String registration, String errorCode) {
    }

    /** One operation on the token store named {@code store} ended. */
    default void storeOperation(String store, StoreOperation operation, StoreOutcome outcome, Duration duration) {
    }

    /**
     * One API call through an authorized client of {@code registration} was answered (after any refresh on 401 and
     * rate-limit waits inside it).
     *
     * @param status the HTTP status, or {@code 0} when no answer came (I/O error, timeout)
     */
    default void apiCall(String registration, int status, Duration duration) {
    }

    /**
     * A provider rate-limited an API call of {@code registration}.
     *
     * @param wait how long the provider asked to wait (or the backoff chosen when it did not say)
     * @param waiting {@code true} when the client waits and retries, {@code false} when the wait was beyond its bound
     *     and the call failed
     */
    default void rateLimited(String registration, Duration wait, boolean waiting) {
    }

    /** A sweep counted the connections of one registration by status. */
    default void census(ConnectionCensus census) {
    }

    /** One instrumentation telling all of {@code instrumentations}, each {@linkplain #guarded guarded}. */
    static SaasConnectInstrumentation composite(List<? extends SaasConnectInstrumentation> instrumentations) {
        List<SaasConnectInstrumentation> all = instrumentations.stream()
                .filter(i -> i != NOOP)
                .map(SaasConnectInstrumentation::guarded)
                .distinct()
                .toList();
        return switch (all.size()) {
            case 0 -> NOOP;
            case 1 -> all.get(0);
            default -> new CompositeInstrumentation(all);
        };
    }

    /** {@code instrumentation}, with whatever it throws logged instead of thrown. */
    static SaasConnectInstrumentation guarded(SaasConnectInstrumentation instrumentation) {
        if (instrumentation == NOOP || instrumentation instanceof GuardedInstrumentation
                || instrumentation instanceof CompositeInstrumentation) {
            return instrumentation;
        }
        return new GuardedInstrumentation(instrumentation);
    }
}

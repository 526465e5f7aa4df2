package io.github.saasconnect.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An instrumentation whose failures are logged, never thrown into the work it reports on. */
final class GuardedInstrumentation implements SaasConnectInstrumentation {

    private static final Logger log = LoggerFactory.getLogger(GuardedInstrumentation.class);

    private final SaasConnectInstrumentation delegate;
    private final AtomicBoolean warned = new AtomicBoolean();

    GuardedInstrumentation(SaasConnectInstrumentation delegate) {
        this.delegate = delegate;
    }

    @Override
    public void cacheCounter(String registration, CacheCounter counter) {
        tell("cacheCounter", () -> delegate.cacheCounter(registration, counter));
    }

    @Override
    public void refresh(String registration, TokenRequestOutcome outcome, Duration duration) {
        tell("refresh", () -> delegate.refresh(registration, outcome, duration));
    }

    @Override
    public void codeExchange(String registration, TokenRequestOutcome outcome, Duration duration) {
        tell("codeExchange", () -> delegate.codeExchange(registration, outcome, duration));
    }

    @Override
    public void clientMisconfigured(String registration, String errorCode) {
        tell("clientMisconfigured", () -> delegate.clientMisconfigured(registration, errorCode));
    }

    @Override
    public void storeOperation(String store, StoreOperation operation, StoreOutcome outcome, Duration duration) {
        tell("storeOperation", () -> delegate.storeOperation(store, operation, outcome, duration));
    }

    @Override
    public void apiCall(String registration, int status, Duration duration) {
        tell("apiCall", () -> delegate.apiCall(registration, status, duration));
    }

    @Override
    public void rateLimited(String registration, Duration wait, boolean waiting) {
        tell("rateLimited", () -> delegate.rateLimited(registration, wait, waiting));
    }

    @Override
    public void census(ConnectionCensus census) {
        tell("census", () -> delegate.census(census));
    }

    private void tell(String method, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            failed(method, e);
        }
    }

    private void failed(String method, RuntimeException e) {
        // the first failure is worth a warning with its stack trace; repeating it on every call would flood the log
        if (warned.compareAndSet(false, true)) {
            log.warn("instrumentation {} failed in {}; its reports are dropped, the work goes on", delegate, method, e);
        } else {
            log.debug("instrumentation {} failed in {}: {}", delegate, method, e.toString());
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GuardedInstrumentation g && g.delegate.equals(delegate);
    }

    @Override
    public int hashCode() {
        return delegate.hashCode();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}

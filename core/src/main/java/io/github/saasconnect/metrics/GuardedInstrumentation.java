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
        try {
            delegate.cacheCounter(registration, counter);
        } catch (RuntimeException e) {
            failed("cacheCounter", e);
        }
    }

    @Override
    public void refresh(String registration, TokenRequestOutcome outcome, Duration duration) {
        try {
            delegate.refresh(registration, outcome, duration);
        } catch (RuntimeException e) {
            failed("refresh", e);
        }
    }

    @Override
    public void codeExchange(String registration, TokenRequestOutcome outcome, Duration duration) {
        try {
            delegate.codeExchange(registration, outcome, duration);
        } catch (RuntimeException e) {
            failed("codeExchange", e);
        }
    }

    @Override
    public void clientMisconfigured(String registration, String errorCode) {
        try {
            delegate.clientMisconfigured(registration, errorCode);
        } catch (RuntimeException e) {
            failed("clientMisconfigured", e);
        }
    }

    @Override
    public void storeOperation(String store, StoreOperation operation, StoreOutcome outcome, Duration duration) {
        try {
            delegate.storeOperation(store, operation, outcome, duration);
        } catch (RuntimeException e) {
            failed("storeOperation", e);
        }
    }

    @Override
    public void apiCall(String registration, int status, Duration duration) {
        try {
            delegate.apiCall(registration, status, duration);
        } catch (RuntimeException e) {
            failed("apiCall", e);
        }
    }

    @Override
    public void rateLimited(String registration, Duration wait, boolean waiting) {
        try {
            delegate.rateLimited(registration, wait, waiting);
        } catch (RuntimeException e) {
            failed("rateLimited", e);
        }
    }

    @Override
    public void census(ConnectionCensus census) {
        try {
            delegate.census(census);
        } catch (RuntimeException e) {
            failed("census", e);
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

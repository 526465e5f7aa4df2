package io.github.saasconnect.metrics;

import java.time.Duration;
import java.util.List;

/** Tells several instrumentations, in order. Each is guarded, so one failing does not silence the others. */
final class CompositeInstrumentation implements SaasConnectInstrumentation {

    private final SaasConnectInstrumentation[] all;

    CompositeInstrumentation(List<SaasConnectInstrumentation> all) {
        this.all = all.toArray(SaasConnectInstrumentation[]::new);
    }

    @Override
    public void cacheCounter(String registration, CacheCounter counter) {
        for (SaasConnectInstrumentation i : all) {
            i.cacheCounter(registration, counter);
        }
    }

    @Override
    public void refresh(String registration, TokenRequestOutcome outcome, Duration duration) {
        for (SaasConnectInstrumentation i : all) {
            i.refresh(registration, outcome, duration);
        }
    }

    @Override
    public void codeExchange(String registration, TokenRequestOutcome outcome, Duration duration) {
        for (SaasConnectInstrumentation i : all) {
            i.codeExchange(registration, outcome, duration);
        }
    }

    @Override
    public void clientMisconfigured(String registration, String errorCode) {
        for (SaasConnectInstrumentation i : all) {
            i.clientMisconfigured(registration, errorCode);
        }
    }

    @Override
    public void storeOperation(String store, StoreOperation operation, StoreOutcome outcome, Duration duration) {
        for (SaasConnectInstrumentation i : all) {
            i.storeOperation(store, operation, outcome, duration);
        }
    }

    @Override
    public void apiCall(String registration, int status, Duration duration) {
        for (SaasConnectInstrumentation i : all) {
            i.apiCall(registration, status, duration);
        }
    }

    @Override
    public void rateLimited(String registration, Duration wait, boolean waiting) {
        for (SaasConnectInstrumentation i : all) {
            i.rateLimited(registration, wait, waiting);
        }
    }

    @Override
    public void census(ConnectionCensus census) {
        for (SaasConnectInstrumentation i : all) {
            i.census(census);
        }
    }

    @Override
    public String toString() {
        return "CompositeInstrumentation" + List.of(all);
    }
}

package io.github.saasconnect.observation;

import io.micrometer.observation.Observation;
import java.util.Objects;

/** An operation on a token store ({@link SaasConnectObservation#STORE_OPERATION}); it never names the connection. */
public final class StoreOperationContext extends Observation.Context {

    private final String store;
    private final StoreOperation operation;

    public StoreOperationContext(String store, StoreOperation operation) {
        this.store = Objects.requireNonNull(store, "store");
        this.operation = Objects.requireNonNull(operation, "operation");
    }

    /** The store's name. */
    public String store() {
        return store;
    }

    /** The operation. */
    public StoreOperation operation() {
        return operation;
    }

    /** How the operation ended, once it has. */
    public StoreOutcome outcome() {
        if (Observed.cancelled(this)) {
            return StoreOutcome.CANCELLED;
        }
        return getError() == null ? StoreOutcome.SUCCESS : StoreOutcome.of(getError());
    }
}

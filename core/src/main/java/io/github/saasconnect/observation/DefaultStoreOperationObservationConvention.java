package io.github.saasconnect.observation;

import io.github.saasconnect.observation.SaasConnectObservation.StoreOperationKeys;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** Names store operations {@value #NAME}, with the store, the operation and the outcome as keys. */
public class DefaultStoreOperationObservationConvention implements ObservationConvention<StoreOperationContext> {

    /** The name of a store operation. */
    public static final String NAME = "saasconnect.store.operations";

    static final DefaultStoreOperationObservationConvention INSTANCE = new DefaultStoreOperationObservationConvention();

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(StoreOperationContext context) {
        return context.store() + " " + context.operation().tagValue();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(StoreOperationContext context) {
        return KeyValues.of(
                StoreOperationKeys.STORE.withValue(context.store()),
                StoreOperationKeys.OPERATION.withValue(context.operation().tagValue()),
                StoreOperationKeys.OUTCOME.withValue(context.outcome().tagValue()));
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof StoreOperationContext;
    }
}

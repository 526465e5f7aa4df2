package io.github.saasconnect.observation;

import io.github.saasconnect.observation.SaasConnectObservation.KeepAliveSweepKeys;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** Names keep-alive sweeps {@value #NAME}, with the registration and the provider type as keys. */
public class DefaultKeepAliveSweepObservationConvention implements ObservationConvention<KeepAliveSweepContext> {

    /** The name of the keep-alive sweep of one registration. */
    public static final String NAME = "saasconnect.keepalive.sweep";

    static final DefaultKeepAliveSweepObservationConvention INSTANCE = new DefaultKeepAliveSweepObservationConvention();

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(KeepAliveSweepContext context) {
        return "keep-alive sweep " + context.registration();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(KeepAliveSweepContext context) {
        return KeyValues.of(
                KeepAliveSweepKeys.REGISTRATION.withValue(context.registration()),
                KeepAliveSweepKeys.PROVIDER.withValue(context.provider()));
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof KeepAliveSweepContext;
    }
}

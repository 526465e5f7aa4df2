package io.github.saasconnect.observation;

import io.github.saasconnect.observation.SaasConnectObservation.ApiCallKeys;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** Names API exchanges {@value #NAME}, with the registration, the provider type and the status class as keys. */
public class DefaultApiCallObservationConvention implements ObservationConvention<ApiCallContext> {

    /** The name of an API exchange. */
    public static final String NAME = "saasconnect.api.calls";

    static final DefaultApiCallObservationConvention INSTANCE = new DefaultApiCallObservationConvention();

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(ApiCallContext context) {
        return "api call " + context.registration();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(ApiCallContext context) {
        return KeyValues.of(
                ApiCallKeys.REGISTRATION.withValue(context.registration()),
                ApiCallKeys.PROVIDER.withValue(context.provider()),
                ApiCallKeys.STATUS.withValue(context.statusClass()));
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof ApiCallContext;
    }
}

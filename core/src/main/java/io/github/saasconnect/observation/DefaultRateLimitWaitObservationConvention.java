package io.github.saasconnect.observation;

import io.github.saasconnect.observation.SaasConnectObservation.RateLimitWaitKeys;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names rate-limit waits {@value #NAME}, with the registration, the provider type and the outcome ({@code waited},
 * {@code refused}) as keys.
 */
public class DefaultRateLimitWaitObservationConvention implements ObservationConvention<RateLimitWaitContext> {

    /** The name of a rate-limit wait. */
    public static final String NAME = "saasconnect.api.rate.limit.waits";

    static final DefaultRateLimitWaitObservationConvention INSTANCE = new DefaultRateLimitWaitObservationConvention();

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(RateLimitWaitContext context) {
        return "rate limit wait " + context.registration();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(RateLimitWaitContext context) {
        return KeyValues.of(
                RateLimitWaitKeys.REGISTRATION.withValue(context.registration()),
                RateLimitWaitKeys.PROVIDER.withValue(context.provider()),
                RateLimitWaitKeys.OUTCOME.withValue(context.waiting() ? "waited" : "refused"));
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof RateLimitWaitContext;
    }
}

package io.github.saasconnect.observation;

import io.github.saasconnect.observation.SaasConnectObservation.TokenRequestKeys;
import io.github.saasconnect.observation.TokenRequestContext.Grant;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import java.util.Objects;

/**
 * Names refreshes {@value #REFRESH} and authorization-code exchanges {@value #EXCHANGE} (the timers Micrometer makes
 * of them), with the registration, the provider type and the outcome as keys. One instance serves one grant.
 */
public class DefaultTokenRequestObservationConvention implements ObservationConvention<TokenRequestContext> {

    /** The name of a refresh. */
    public static final String REFRESH = "saasconnect.token.refresh";
    /** The name of an authorization-code exchange. */
    public static final String EXCHANGE = "saasconnect.token.exchange";

    static final DefaultTokenRequestObservationConvention REFRESHES =
            new DefaultTokenRequestObservationConvention(Grant.REFRESH_TOKEN);
    static final DefaultTokenRequestObservationConvention EXCHANGES =
            new DefaultTokenRequestObservationConvention(Grant.AUTHORIZATION_CODE);

    private final Grant grant;

    /** The convention of the requests sending {@code grant}. */
    public DefaultTokenRequestObservationConvention(Grant grant) {
        this.grant = Objects.requireNonNull(grant, "grant");
    }

    @Override
    public String getName() {
        return grant == Grant.REFRESH_TOKEN ? REFRESH : EXCHANGE;
    }

    @Override
    public String getContextualName(TokenRequestContext context) {
        return (grant == Grant.REFRESH_TOKEN ? "refresh " : "code exchange ") + context.registration();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(TokenRequestContext context) {
        return KeyValues.of(
                TokenRequestKeys.REGISTRATION.withValue(context.registration()),
                TokenRequestKeys.PROVIDER.withValue(context.provider()),
                TokenRequestKeys.OUTCOME.withValue(context.outcome().tagValue()));
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof TokenRequestContext t && t.grant() == grant;
    }
}

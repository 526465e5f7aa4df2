package io.github.saasconnect.observation;

import io.github.saasconnect.observation.SaasConnectObservation.TokenRequestKeys;
import io.github.saasconnect.observation.TokenRequestContext.Grant;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import java.util.Objects;

/**
 * Names refreshes {@value #REFRESH}, authorization-code exchanges {@value #EXCHANGE} and app-token mints
 * {@value #MINT} (the timers Micrometer makes of them), with the registration, the provider type and the outcome as keys. One instance serves one grant.
 */
public class DefaultTokenRequestObservationConvention implements ObservationConvention<TokenRequestContext> {

    /** The name of a refresh. */
    public static final String REFRESH = "saasconnect.token.refresh";
    /** The name of an authorization-code exchange. */
    public static final String EXCHANGE = "saasconnect.token.exchange";
    /** The name of an app-token mint. */
    public static final String MINT = "saasconnect.token.mint";

    static final DefaultTokenRequestObservationConvention REFRESHES =
            new DefaultTokenRequestObservationConvention(Grant.REFRESH_TOKEN);
    static final DefaultTokenRequestObservationConvention EXCHANGES =
            new DefaultTokenRequestObservationConvention(Grant.AUTHORIZATION_CODE);
    static final DefaultTokenRequestObservationConvention MINTS =
            new DefaultTokenRequestObservationConvention(Grant.APP_TOKEN);

    private final Grant grant;

    /** The convention of the requests sending {@code grant}. */
    public DefaultTokenRequestObservationConvention(Grant grant) {
        this.grant = Objects.requireNonNull(grant, "grant");
    }

    @Override
    public String getName() {
        return switch (grant) {
            case REFRESH_TOKEN -> REFRESH;
            case AUTHORIZATION_CODE -> EXCHANGE;
            case APP_TOKEN -> MINT;
        };
    }

    @Override
    public String getContextualName(TokenRequestContext context) {
        return switch (grant) {
                    case REFRESH_TOKEN -> "refresh ";
                    case AUTHORIZATION_CODE -> "code exchange ";
                    case APP_TOKEN -> "app token ";
                }
                + context.registration();
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

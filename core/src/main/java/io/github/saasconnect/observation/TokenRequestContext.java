package io.github.saasconnect.observation;

import io.github.saasconnect.failure.ClientMisconfiguredException;
import java.util.Objects;

/**
 * A token request at a provider's token endpoint: a refresh ({@link SaasConnectObservation#TOKEN_REFRESH}), an
 * authorization-code exchange ({@link SaasConnectObservation#CODE_EXCHANGE}) or the minting of an app token
 * ({@link SaasConnectObservation#TOKEN_MINT}). It names the registration and its
 * provider type, never the connection, the grant or a token.
 */
public final class TokenRequestContext extends RegistrationContext {

    private final Grant grant;

    /** Which grant was sent. */
    public enum Grant {
        /** {@code grant_type=refresh_token}. */
        REFRESH_TOKEN,
        /** {@code grant_type=authorization_code}. */
        AUTHORIZATION_CODE,
        /** An app token: client credentials, a JWT bearer grant or a GitHub App installation token. */
        APP_TOKEN
    }

    public TokenRequestContext(Grant grant, String registration, String provider) {
        super(registration, provider);
        this.grant = Objects.requireNonNull(grant, "grant");
    }

    /** The grant sent. */
    public Grant grant() {
        return grant;
    }

    /** How the request ended, once it has; {@link TokenRequestOutcome#SUCCESS} while it has not failed. */
    public TokenRequestOutcome outcome() {
        if (Observed.cancelled(this)) {
            return TokenRequestOutcome.CANCELLED;
        }
        return getError() == null ? TokenRequestOutcome.SUCCESS : TokenRequestOutcome.of(getError());
    }

    /**
     * The provider's error code when it rejected the client itself ({@code invalid_client} ...), made safe to show
     * ({@code other} when it was not a plain code); {@code null} otherwise.
     */
    public String clientRejection() {
        return getError() instanceof ClientMisconfiguredException e ? ErrorCodes.safe(e.errorCode()) : null;
    }
}

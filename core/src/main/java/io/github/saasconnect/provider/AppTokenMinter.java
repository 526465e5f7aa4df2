package io.github.saasconnect.provider;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.failure.AppCredentialException;
import reactor.core.publisher.Mono;

/**
 * Mints an access token for an app connection ({@link ConnectionId#app}): the provider's server-to-server form
 * (client credentials, a GitHub App installation token, a JWT bearer grant). There is no refresh token: the token
 * manager caches what this returns until its refresh window and mints anew after. Lives in the provider's package,
 * composed on its {@link ProviderDescriptor}; the default, {@link #NONE}, refuses.
 */
@FunctionalInterface
public interface AppTokenMinter {

    /** A registration without app credentials: every app connection fails, naming the properties to set. */
    AppTokenMinter NONE = (registration, connection, endpoint) -> Mono.error(new AppCredentialException(
            registration.id(),
            connection,
            "registration '" + registration.id() + "' has no app credentials, so it cannot act as the app; set "
                    + "saas-connect.providers." + registration.id()
                    + ".app.* (see \"Acting as the app\" in the README)"));

    /**
     * A new token for {@code connection}; fails with a typed failure ({@code ClientMisconfiguredException} for
     * rejected credentials, {@code TransientFailureException} for what a retry may cure).
     */
    Mono<TokenSet> mint(ProviderRegistration registration, ConnectionId connection, AppTokenEndpoint endpoint);
}

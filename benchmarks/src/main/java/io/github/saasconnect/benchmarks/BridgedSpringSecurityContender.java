package io.github.saasconnect.benchmarks;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.security.BridgedRegistrations;
import io.github.saasconnect.security.ConnectionAuthorizedClients;
import io.github.saasconnect.security.SaasConnectOAuth2AuthorizedClientManager;
import io.github.saasconnect.testkit.sandbox.SeededConnection;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

/**
 * Spring Security's contender, its callers unchanged ({@code OAuth2AuthorizedClientManager.authorize(...)} with the
 * same registration and principal), with the manager {@code saas-connect-spring-security} auto-configures:
 * {@link SaasConnectOAuth2AuthorizedClientManager} over our contender's {@code TokenManager} and in-memory store.
 */
final class BridgedSpringSecurityContender implements AutoCloseable {

    private final SaasConnectContender engine;
    private final ClientRegistration registration;
    private final SaasConnectOAuth2AuthorizedClientManager manager;

    BridgedSpringSecurityContender(SandboxProvider provider) {
        engine = new SaasConnectContender(provider);
        registration = SpringSecurityContender.registration(provider);
        String id = registration.getRegistrationId();
        manager = new SaasConnectOAuth2AuthorizedClientManager(
                new InMemoryClientRegistrationRepository(registration),
                new ConnectionAuthorizedClients(
                        BridgedRegistrations.of(id, id), engine.store, engine.manager, engine.connectFlow()),
                request -> null);
    }

    /** Stores {@code seeded} for {@code principal} with an access token that expired a minute ago. */
    ConnectionId storeExpired(String principal, SeededConnection seeded) {
        return engine.storeExpired(principal, seeded);
    }

    /** The same call as {@link SpringSecurityContender#accessToken}. */
    OAuth2AccessToken accessToken(String principal) {
        OAuth2AuthorizedClient client =
                manager.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(registration.getRegistrationId())
                        .principal(principal)
                        .build());
        return client.getAccessToken();
    }

    String storedRefreshToken(ConnectionId id) {
        return engine.storedRefreshToken(id);
    }

    @Override
    public void close() {
        engine.close();
    }
}

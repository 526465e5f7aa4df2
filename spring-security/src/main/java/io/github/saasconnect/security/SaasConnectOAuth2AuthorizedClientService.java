package io.github.saasconnect.security;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/**
 * Spring Security's authorized client service, keeping the clients of bridged registrations as SaaS Connect
 * connections in the {@code TokenStore} (file, Vault, JDBC ...) and every other registration's in {@code others}.
 * What {@code oauth2Login} obtains is stored as the user's connection.
 */
public final class SaasConnectOAuth2AuthorizedClientService implements OAuth2AuthorizedClientService {

    private final ClientRegistrationRepository registrations;
    private final ConnectionAuthorizedClients clients;
    private final OAuth2AuthorizedClientService others;

    /**
     * @param others keeps the authorized clients of the registrations SaaS Connect does not serve (Spring Security's
     *     {@code InMemoryOAuth2AuthorizedClientService}, for example)
     */
    public SaasConnectOAuth2AuthorizedClientService(
            ClientRegistrationRepository registrations,
            ConnectionAuthorizedClients clients,
            OAuth2AuthorizedClientService others) {
        this.registrations = Objects.requireNonNull(registrations, "registrations");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.others = Objects.requireNonNull(others, "others");
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends OAuth2AuthorizedClient> @Nullable T loadAuthorizedClient(
            String clientRegistrationId, String principalName) {
        if (!clients.bridges(clientRegistrationId)) {
            return others.loadAuthorizedClient(clientRegistrationId, principalName);
        }
        ClientRegistration registration = registrations.findByRegistrationId(clientRegistrationId);
        if (registration == null) {
            return null;
        }
        return (T) clients.load(registration, principalName).block(clients.blockingTimeout());
    }

    @Override
    public void saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal) {
        if (!clients.bridges(authorizedClient.getClientRegistration().getRegistrationId())) {
            others.saveAuthorizedClient(authorizedClient, principal);
            return;
        }
        clients.save(authorizedClient, principal.getName()).block(clients.blockingTimeout());
    }

    @Override
    public void removeAuthorizedClient(String clientRegistrationId, String principalName) {
        if (!clients.bridges(clientRegistrationId)) {
            others.removeAuthorizedClient(clientRegistrationId, principalName);
            return;
        }
        clients.remove(clientRegistrationId, principalName).block(clients.blockingTimeout());
    }
}

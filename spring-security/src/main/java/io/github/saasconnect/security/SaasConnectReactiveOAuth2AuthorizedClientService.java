package io.github.saasconnect.security;

import java.util.Objects;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import reactor.core.publisher.Mono;

/** The reactive twin of {@link SaasConnectOAuth2AuthorizedClientService}. */
public final class SaasConnectReactiveOAuth2AuthorizedClientService implements ReactiveOAuth2AuthorizedClientService {

    private final ReactiveClientRegistrationRepository registrations;
    private final ConnectionAuthorizedClients clients;
    private final ReactiveOAuth2AuthorizedClientService others;

    /** @param others keeps the authorized clients of the registrations SaaS Connect does not serve */
    public SaasConnectReactiveOAuth2AuthorizedClientService(
            ReactiveClientRegistrationRepository registrations,
            ConnectionAuthorizedClients clients,
            ReactiveOAuth2AuthorizedClientService others) {
        this.registrations = Objects.requireNonNull(registrations, "registrations");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.others = Objects.requireNonNull(others, "others");
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends OAuth2AuthorizedClient> Mono<T> loadAuthorizedClient(
            String clientRegistrationId, String principalName) {
        if (!clients.bridges(clientRegistrationId)) {
            return others.loadAuthorizedClient(clientRegistrationId, principalName);
        }
        return registrations
                .findByRegistrationId(clientRegistrationId)
                .flatMap(registration -> clients.load(registration, principalName))
                .map(client -> (T) client);
    }

    @Override
    public Mono<Void> saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal) {
        if (!clients.bridges(authorizedClient.getClientRegistration().getRegistrationId())) {
            return others.saveAuthorizedClient(authorizedClient, principal);
        }
        return clients.save(authorizedClient, principal.getName());
    }

    @Override
    public Mono<Void> removeAuthorizedClient(String clientRegistrationId, String principalName) {
        if (!clients.bridges(clientRegistrationId)) {
            return others.removeAuthorizedClient(clientRegistrationId, principalName);
        }
        return clients.remove(clientRegistrationId, principalName);
    }
}

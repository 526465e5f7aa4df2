package io.github.saasconnect.security;

import java.util.Objects;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import reactor.core.publisher.Mono;

/**
 * The reactive twin of {@link SaasConnectOAuth2AuthorizedClientManager}, for
 * {@code ServerOAuth2AuthorizedClientExchangeFilterFunction} and reactive HTTP service clients.
 */
public final class SaasConnectReactiveOAuth2AuthorizedClientManager implements ReactiveOAuth2AuthorizedClientManager {

    private final ReactiveClientRegistrationRepository registrations;
    private final ConnectionAuthorizedClients clients;
    private final ReactiveOAuth2AuthorizedClientManager others;

    /** @param others authorizes the registrations SaaS Connect does not serve */
    public SaasConnectReactiveOAuth2AuthorizedClientManager(
            ReactiveClientRegistrationRepository registrations,
            ConnectionAuthorizedClients clients,
            ReactiveOAuth2AuthorizedClientManager others) {
        this.registrations = Objects.requireNonNull(registrations, "registrations");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.others = Objects.requireNonNull(others, "others");
    }

    @Override
    public Mono<OAuth2AuthorizedClient> authorize(OAuth2AuthorizeRequest request) {
        String registrationId = request.getClientRegistrationId();
        if (!clients.bridges(registrationId)) {
            return others.authorize(request);
        }
        return registrations
                .findByRegistrationId(registrationId)
                .switchIfEmpty(Mono.error(() -> new IllegalArgumentException(
                        "Spring Security has no client registration '" + registrationId + "'")))
                .flatMap(registration -> clients.authorize(registration, request.getPrincipal()));
    }
}

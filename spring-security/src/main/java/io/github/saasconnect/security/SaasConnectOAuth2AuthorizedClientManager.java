package io.github.saasconnect.security;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/**
 * Spring Security's authorized client manager, authorizing bridged registrations through SaaS Connect's
 * {@code TokenManager}: a cached token, else one refresh shared by every caller and instance, the rotated refresh
 * token written by compare-and-set. It needs no HTTP request, so {@code @RegisteredOAuth2AuthorizedClient},
 * {@code OAuth2ClientHttpRequestInterceptor}, {@code ServletOAuth2AuthorizedClientExchangeFilterFunction} and HTTP
 * service clients work in scheduled jobs too, with the connection's owner as principal name. A missing connection or
 * a dead grant fails with {@code ClientAuthorizationRequiredException}; other registrations go to {@code others}.
 */
public final class SaasConnectOAuth2AuthorizedClientManager implements OAuth2AuthorizedClientManager {

    private final ClientRegistrationRepository registrations;
    private final ConnectionAuthorizedClients clients;
    private final OAuth2AuthorizedClientManager others;

    /** @param others authorizes the registrations SaaS Connect does not serve */
    public SaasConnectOAuth2AuthorizedClientManager(
            ClientRegistrationRepository registrations,
            ConnectionAuthorizedClients clients,
            OAuth2AuthorizedClientManager others) {
        this.registrations = Objects.requireNonNull(registrations, "registrations");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.others = Objects.requireNonNull(others, "others");
    }

    @Override
    public @Nullable OAuth2AuthorizedClient authorize(OAuth2AuthorizeRequest request) {
        String registrationId = request.getClientRegistrationId();
        if (!clients.bridges(registrationId)) {
            return others.authorize(request);
        }
        ClientRegistration registration = registrations.findByRegistrationId(registrationId);
        if (registration == null) {
            throw new IllegalArgumentException("Spring Security has no client registration '" + registrationId + "'");
        }
        return clients.authorize(registration, request.getPrincipal()).block(clients.blockingTimeout());
    }
}

package io.github.saasconnect.security;

import io.github.saasconnect.autoconfigure.ImportedClientSettings;
import io.github.saasconnect.autoconfigure.InvalidSaasConnectConfigurationException;
import io.github.saasconnect.autoconfigure.SaasConnectProperties;
import io.github.saasconnect.provider.ClientAuthentication;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * Completes {@code saas-connect.providers.<id>} from the Spring Security client registration its
 * {@code from-spring-security} names, as Spring Security resolved it ({@code issuer-uri} discovery and the
 * {@code CommonOAuth2Provider} presets included): the client id and secret always (setting them here too fails, so a
 * secret is configured once); scopes, the authorization and token endpoints and the client authentication when
 * SaaS Connect's settings leave them unset. The provider type stays SaaS Connect's, so its quirks apply.
 */
public final class SpringSecurityClientSettings implements ImportedClientSettings {

    private final Function<String, @Nullable ClientRegistration> registrations;
    private final Supplier<Collection<String>> known;

    /**
     * @param registrations Spring Security's client registration by id, {@code null} when there is none
     * @param known the ids Spring Security has, for the error message
     */
    public SpringSecurityClientSettings(
            Function<String, @Nullable ClientRegistration> registrations, Supplier<Collection<String>> known) {
        this.registrations = Objects.requireNonNull(registrations, "registrations");
        this.known = Objects.requireNonNull(known, "known");
    }

    @Override
    public void complete(String registrationId, SaasConnectProperties.Provider provider) {
        String prefix = "saas-connect.providers." + registrationId;
        String property = prefix + ".from-spring-security";
        String springId = provider.getFromSpringSecurity();
        if (springId == null || springId.isBlank()) {
            throw new InvalidSaasConnectConfigurationException(
                    property,
                    "it is empty",
                    "Set it to the id of a registration under spring.security.oauth2.client.registration");
        }
        ClientRegistration client = registrations.apply(springId);
        if (client == null) {
            Collection<String> ids = known.get();
            throw new InvalidSaasConnectConfigurationException(
                    property,
                    "Spring Security has no client registration '" + springId + "'",
                    ids.isEmpty()
                            ? "Configure it under spring.security.oauth2.client.registration." + springId
                            : "Use one of " + ids + ", or configure spring.security.oauth2.client.registration."
                                    + springId);
        }
        String spring = "spring.security.oauth2.client.registration." + springId;
        if (!AuthorizationGrantType.AUTHORIZATION_CODE.equals(client.getAuthorizationGrantType())) {
            throw new InvalidSaasConnectConfigurationException(
                    property,
                    "Spring Security's registration '" + springId + "' uses grant type '"
                            + client.getAuthorizationGrantType().getValue()
                            + "', and SaaS Connect serves authorization_code registrations (connections of users)",
                    "Name an authorization_code registration, or leave this one to Spring Security");
        }
        requireUnsetOrSame(prefix, "client-id", provider.getClientId(), client.getClientId(), spring);
        requireUnsetOrSame(prefix, "client-secret", provider.getClientSecret(), client.getClientSecret(), spring);
        provider.setClientId(client.getClientId());
        if (client.getClientSecret() != null && !client.getClientSecret().isEmpty()) {
            provider.setClientSecret(client.getClientSecret());
        }
        if (provider.getScopes().isEmpty() && client.getScopes() != null) {
            provider.setScopes(new ArrayList<>(client.getScopes()));
        }
        ClientRegistration.ProviderDetails details = client.getProviderDetails();
        if (provider.getAuthorizationUri() == null && details.getAuthorizationUri() != null) {
            provider.setAuthorizationUri(URI.create(details.getAuthorizationUri()));
        }
        if (provider.getTokenUri() == null && details.getTokenUri() != null) {
            provider.setTokenUri(URI.create(details.getTokenUri()));
        }
        if (provider.getClientAuthentication() == null) {
            provider.setClientAuthentication(clientAuthentication(client, property, spring));
        }
    }

    private static void requireUnsetOrSame(
            String prefix, String setting, @Nullable String ours, @Nullable String theirs, String spring) {
        // the same value: this registration was completed before (a second registry in the same context)
        if (ours != null && !ours.equals(theirs)) {
            throw new InvalidSaasConnectConfigurationException(
                    prefix + "." + setting,
                    "it is set beside from-spring-security",
                    "Remove it: it comes from " + spring + "." + setting + ", so that the client is configured once");
        }
    }

    private static @Nullable ClientAuthentication clientAuthentication(
            ClientRegistration client, String property, String spring) {
        ClientAuthenticationMethod method = client.getClientAuthenticationMethod();
        if (ClientAuthenticationMethod.CLIENT_SECRET_BASIC.equals(method)) {
            return ClientAuthentication.CLIENT_SECRET_BASIC;
        }
        if (ClientAuthenticationMethod.CLIENT_SECRET_POST.equals(method)) {
            return ClientAuthentication.CLIENT_SECRET_POST;
        }
        if (ClientAuthenticationMethod.NONE.equals(method)) {
            return null;
        }
        throw new InvalidSaasConnectConfigurationException(
                property,
                "Spring Security's registration uses client authentication '" + method.getValue()
                        + "', which SaaS Connect does not send",
                "Set " + spring + ".client-authentication-method to client_secret_basic or client_secret_post");
    }
}

package io.github.saasconnect.security;

import io.github.saasconnect.autoconfigure.SaasConnectProperties;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;

/**
 * Makes logging in connecting, for Google: Spring Security's authorization request for a bridged registration whose
 * SaaS Connect provider type is {@code google} asks for {@code access_type=offline}, without which Google issues no
 * refresh token, so the login's tokens land as a connection the {@code TokenManager} can refresh. Requests for every
 * other registration pass unchanged. An authorization request customizer
 * ({@code DefaultOAuth2AuthorizationRequestResolver.setAuthorizationRequestCustomizer}).
 */
public final class OfflineAccessRequests implements Consumer<OAuth2AuthorizationRequest.Builder> {

    private final Set<String> springIds;

    private OfflineAccessRequests(Set<String> springIds) {
        this.springIds = Set.copyOf(springIds);
    }

    /** For the Spring Security registrations that SaaS Connect registrations of type {@code google} bridge. */
    public static OfflineAccessRequests of(Map<String, SaasConnectProperties.Provider> providers) {
        Set<String> ids = new TreeSet<>();
        providers.values().forEach(p -> {
            String springId = p.getFromSpringSecurity();
            if (springId != null && !springId.isBlank() && "google".equals(p.getType())) {
                ids.add(springId);
            }
        });
        return new OfflineAccessRequests(ids);
    }

    /** Whether any registration gets {@code access_type=offline}. */
    public boolean isEmpty() {
        return springIds.isEmpty();
    }

    @Override
    public void accept(OAuth2AuthorizationRequest.Builder request) {
        // the resolver puts the registration id among the attributes before it calls the customizer
        Object[] registrationId = new Object[1];
        request.attributes(a -> registrationId[0] = a.get(OAuth2ParameterNames.REGISTRATION_ID));
        if (registrationId[0] instanceof String id && springIds.contains(id)) {
            request.additionalParameters(p -> p.putIfAbsent("access_type", "offline"));
        }
    }

    @Override
    public String toString() {
        return "OfflineAccessRequests" + springIds;
    }
}

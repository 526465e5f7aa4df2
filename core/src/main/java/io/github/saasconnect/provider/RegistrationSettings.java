package io.github.saasconnect.provider;

import io.github.saasconnect.connection.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the application configured for one registration, before a {@link ProviderType} turns it into a
 * {@link ProviderRegistration}. Endpoint fields override the provider type's defaults when set.
 *
 * @param id the registration id
 * @param type the provider type name
 * @param clientId the OAuth client id
 * @param clientSecret the OAuth client secret, or {@code null}
 * @param scopes the scopes to request
 * @param redirectUri the redirect URI registered at the provider, or {@code null}
 * @param authorizationUri overrides the authorization endpoint
 * @param tokenUri overrides the token endpoint
 * @param revocationUri overrides the revocation endpoint
 * @param apiBaseUri overrides the API base URL
 * @param clientAuthentication overrides the client authentication method
 * @param pkce overrides whether PKCE is used
 * @param authorizationParameters extra authorization request parameters, added to the type's own
 * @param refreshSkew refresh this long before expiry, or {@code null} for the type's default
 * @param options provider-specific settings (Microsoft {@code tenant}, DocuSign {@code environment} ...)
 */
public record RegistrationSettings(
        String id,
        String type,
        String clientId,
        Secret clientSecret,
        List<String> scopes,
        URI redirectUri,
        URI authorizationUri,
        URI tokenUri,
        URI revocationUri,
        URI apiBaseUri,
        ClientAuthentication clientAuthentication,
        Boolean pkce,
        Map<String, String> authorizationParameters,
        Duration refreshSkew,
        Map<String, String> options) {

    public RegistrationSettings {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        authorizationParameters = authorizationParameters == null ? Map.of() : Map.copyOf(authorizationParameters);
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** The configuration property path of a setting of this registration, for error messages. */
    public String property(String name) {
        return "saas-connect.providers." + id + "." + name;
    }

    /** A provider-specific option, or {@code fallback}. */
    public String option(String name, String fallback) {
        String value = options.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** A required URI, or an error that names the property to set. */
    public URI require(URI value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(property(name) + " is required for provider type '" + type
                    + "'; set it to the provider's endpoint URL");
        }
        return value;
    }
}

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

    /**
     * Fails when an option is not among {@code known}, so that a typo is reported at startup instead of ignored.
     *
     * @throws IllegalArgumentException naming the unknown option's property and the known ones
     */
    public void requireKnownOptions(java.util.Collection<String> known) {
        for (String name : options.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException(property(name) + " is not a setting of provider type '" + type
                        + "'" + (known.isEmpty() ? "; it takes no provider-specific settings" : "; its settings are "
                        + new java.util.TreeSet<>(known)));
            }
        }
    }

    /**
     * An option that must be one of {@code allowed} (compared ignoring case), or {@code fallback} when unset.
     *
     * @return the matching element of {@code allowed}
     * @throws IllegalArgumentException naming the property and the allowed values
     */
    public String optionChoice(String name, String fallback, List<String> allowed) {
        String value = option(name, fallback);
        if (value == null) {
            return null;
        }
        for (String candidate : allowed) {
            if (candidate.equalsIgnoreCase(value.strip())) {
                return candidate;
            }
        }
        throw new IllegalArgumentException(property(name) + " is '" + value + "' but must be one of " + allowed);
    }

    /**
     * An option holding a base URL, without a trailing slash, or {@code null} when unset. It must be absolute
     * {@code https}; plain {@code http} is accepted only for loopback hosts (tests, local proxies).
     *
     * @throws IllegalArgumentException naming the property when the value is not such a URL
     */
    public URI optionUrl(String name) {
        String value = option(name, null);
        if (value == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        boolean loopback = uri != null && uri.getHost() != null && (uri.getHost().equals("localhost")
                || uri.getHost().equals("127.0.0.1") || uri.getHost().equals("[::1]"));
        if (uri == null || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || !(scheme.equals("https") || scheme.equals("http") && loopback)) {
            throw new IllegalArgumentException(property(name) + " is '" + value + "' but must be an absolute https "
                    + "URL without query or fragment, such as https://host.example.com (http only for localhost)");
        }
        String text = uri.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
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

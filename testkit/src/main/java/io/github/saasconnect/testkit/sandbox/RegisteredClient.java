package io.github.saasconnect.testkit.sandbox;

import java.util.List;
import java.util.Objects;

/**
 * An OAuth client registered with a sandbox.
 *
 * @param clientId the client id (integration key, consumer key, application id)
 * @param clientSecret the client secret
 * @param redirectUris registered redirect URIs; empty accepts any {@code redirect_uri}
 * @param name the name shown on the consent page
 */
public record RegisteredClient(String clientId, String clientSecret, List<String> redirectUris, String name) {

    public RegisteredClient {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        redirectUris = List.copyOf(redirectUris);
        Objects.requireNonNull(name, "name");
    }

    /**
     * Whether {@code redirectUri} is acceptable: equal to a registered one, or (with {@code prefixMatch}, Bitbucket's
     * rule) an extension of one.
     */
    public boolean accepts(String redirectUri, boolean prefixMatch) {
        if (redirectUris.isEmpty()) {
            return true;
        }
        return redirectUris.stream()
                .anyMatch(registered ->
                        prefixMatch ? redirectUri.startsWith(registered) : redirectUri.equals(registered));
    }
}

package io.github.saasconnect.provider;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One configured client at one provider: the app's registration id, the provider's descriptor (its facts and
 * strategies), and the client credentials.
 *
 * @param id the registration id, as in {@code saas-connect.providers.<id>}
 * @param descriptor the provider facts and strategies
 * @param clientId the OAuth client id
 * @param clientSecret the OAuth client secret, or {@code null} for public clients
 * @param scopes the scopes the app asks for (the descriptor's required scopes are added)
 * @param redirectUri the registered redirect URI, or {@code null} when the connect flow derives it
 * @param refreshSkew refresh this long before the access token expires
 */
public record ProviderRegistration(
        String id,
        ProviderDescriptor descriptor,
        String clientId,
        Secret clientSecret,
        List<String> scopes,
        URI redirectUri,
        Duration refreshSkew) {

    public ProviderRegistration {
        ConnectionId.requireValidRegistration(id);
        Objects.requireNonNull(descriptor, "descriptor");
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("client id of registration '" + id + "' must not be empty");
        }
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        refreshSkew = refreshSkew == null ? Duration.ofSeconds(60) : refreshSkew;
    }

    /** The configured scopes plus the provider's required ones, without duplicates, in order. */
    public Set<String> requestedScopes() {
        Set<String> all = new LinkedHashSet<>(scopes);
        all.addAll(descriptor.requiredScopes());
        return all;
    }

    @Override
    public String toString() {
        return "ProviderRegistration[id=" + id + ", type=" + descriptor.type() + ", clientId=" + clientId + ", scopes="
                + scopes + "]";
    }
}

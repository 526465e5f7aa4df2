package io.github.saasconnect.autoconfigure.web;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.event.ReconnectLinks;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import java.net.URI;
import java.util.Collection;
import org.jspecify.annotations.Nullable;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The reconnect URL of {@code saas-connect.connect.reconnect-url} (the application's page, given
 * {@code registration} and {@code scope} parameters), or else, with {@code allow-get-start}, the GET start endpoint
 * next to the registration's configured {@code redirect-uri} ({@code …/callback/{id}} becomes {@code …/connect/{id}}).
 * Without either there is no URL: a POST start needs a page of the application with a form. A further provider
 * account's connection adds {@code account}, so the start reconnects that account.
 */
final class ConfiguredReconnectLinks implements ReconnectLinks {

    private final ProviderRegistry registry;
    private final @Nullable URI page;
    private final boolean getStart;

    ConfiguredReconnectLinks(ProviderRegistry registry, @Nullable URI page, boolean getStart) {
        this.registry = registry;
        this.page = page;
        this.getStart = getStart;
    }

    @Override
    public @Nullable URI reconnectUri(ConnectionId connection, Collection<String> scopes) {
        UriComponentsBuilder b;
        if (page != null) {
            b = UriComponentsBuilder.fromUri(page).queryParam(ConnectEndpoints.REGISTRATION, connection.registration());
        } else {
            URI start = getStart ? startEndpoint(connection.registration()) : null;
            if (start == null) {
                return null;
            }
            b = UriComponentsBuilder.fromUri(start);
        }
        scopes.forEach(scope -> b.queryParam(ConnectEndpoints.SCOPE, scope));
        if (connection.account() != null) {
            // which of the owner's provider accounts to reconnect; the owner is whoever signs in
            b.queryParam(ConnectEndpoints.ACCOUNT, connection.account());
        }
        return b.encode().build().toUri();
    }

    private @Nullable URI startEndpoint(String registration) {
        URI redirect = registry.all().stream()
                .filter(r -> r.id().equals(registration))
                .map(ProviderRegistration::redirectUri)
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(null);
        String suffix = "/callback/" + registration;
        if (redirect == null
                || redirect.getRawPath() == null
                || !redirect.getRawPath().endsWith(suffix)) {
            return null;
        }
        String path = redirect.getRawPath();
        return UriComponentsBuilder.fromUri(redirect)
                .replacePath(path.substring(0, path.length() - suffix.length()) + "/connect/" + registration)
                .replaceQuery(null)
                .fragment(null)
                .build(true)
                .toUri();
    }
}

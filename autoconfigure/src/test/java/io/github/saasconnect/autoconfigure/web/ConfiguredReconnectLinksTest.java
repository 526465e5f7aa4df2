package io.github.saasconnect.autoconfigure.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.provider.ProviderDescriptor;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where reconnect URLs point: the configured page, else the GET start beside the redirect URI, else nowhere. */
class ConfiguredReconnectLinksTest {

    private static final ConnectionId ALICE = ConnectionId.of("google", "alice");

    private final ProviderRegistry registry = new ProviderRegistry(List.of(
            registration("google", URI.create("https://app.example/ctx/saas-connect/callback/google")),
            registration("derived", null)));

    @Test
    void theConfiguredPageGetsTheRegistrationAndTheScopes() {
        ConfiguredReconnectLinks links =
                new ConfiguredReconnectLinks(registry, URI.create("https://app.example/settings?tab=apps"), false);

        assertThat(links.reconnectUri(ALICE, List.of("a b", "drive")))
                .isEqualTo(URI.create(
                        "https://app.example/settings?tab=apps&registration=google&scope=a%20b&scope=drive"));
    }

    @Test
    void withGetStartTheStartEndpointBesideTheRedirectUriIsTheLink() {
        ConfiguredReconnectLinks links = new ConfiguredReconnectLinks(registry, null, true);

        assertThat(links.reconnectUri(ALICE, List.of()))
                .isEqualTo(URI.create("https://app.example/ctx/saas-connect/connect/google"));
        // a redirect URI derived per request is not known here
        assertThat(links.reconnectUri(ConnectionId.of("derived", "alice"), List.of()))
                .isNull();
    }

    @Test
    void withoutAPageOrGetStartThereIsNoLink() {
        assertThat(new ConfiguredReconnectLinks(registry, null, false).reconnectUri(ALICE, List.of("drive")))
                .isNull();
    }

    private static ProviderRegistration registration(String id, URI redirectUri) {
        return new ProviderRegistration(
                id,
                ProviderDescriptor.builder("test")
                        .authorizationUri(URI.create("https://idp.example/auth"))
                        .tokenUri(URI.create("https://idp.example/token"))
                        .build(),
                "client",
                null,
                List.of(),
                redirectUri,
                null);
    }
}

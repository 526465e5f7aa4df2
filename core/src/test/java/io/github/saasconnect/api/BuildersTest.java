package io.github.saasconnect.api;

import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.github.saasconnect.client.ProviderClients;
import io.github.saasconnect.connect.ConnectFlow;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.http.JdkWebClients;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.resilience.RefreshResilience;
import io.github.saasconnect.resilience.ResilienceSettings;
import io.github.saasconnect.store.InMemoryPendingAuthorizationStore;
import io.github.saasconnect.store.InMemoryTokenStore;
import io.github.saasconnect.token.TokenManager;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The builders need only their collaborators; every other setting has a working default. */
class BuildersTest {

    private final InMemoryTokenStore store = new InMemoryTokenStore();
    private final OAuth2TokenClient client =
            new OAuth2TokenClient(JdkWebClients.builder().build(), Clock.systemUTC(), Duration.ofSeconds(5));
    private final ProviderRegistry registry = new ProviderRegistry(List.of());

    @Test
    void aTokenManagerWithDefaultsAnswersFromItsRegistry() {
        TokenManager tokens = TokenManager.builder(store, client, registry).build();

        StepVerifier.create(tokens.accessToken(new ConnectionId("github", "alice")))
                .expectErrorMessage("no registration 'github'; configured: [] (see saas-connect.providers.*)")
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aConnectFlowWithDefaultsListsNoConnectionsOfAnUnknownOwner() {
        ConnectFlow flow = ConnectFlow.builder(registry, store, new InMemoryPendingAuthorizationStore(), client)
                .build();

        StepVerifier.create(flow.connections("alice")).expectComplete().verify(Duration.ofSeconds(5));
    }

    @Test
    void providerClientsWithDefaultsBuild() {
        TokenManager tokens = TokenManager.builder(store, client, registry).build();
        RefreshResilience resilience = RefreshResilience.withSettings(ResilienceSettings.defaults(), Clock.systemUTC());

        ProviderClients.builder(registry, tokens, store, resilience).build();
    }

    @Test
    void aMissingCollaboratorIsNamed() {
        assertThatNullPointerException()
                .isThrownBy(() -> TokenManager.builder(null, client, registry))
                .withMessage("store");
        assertThatNullPointerException()
                .isThrownBy(() -> ConnectFlow.builder(registry, store, null, client))
                .withMessage("pending");
        assertThatNullPointerException()
                .isThrownBy(() -> TokenManager.builder(store, client, registry).clock(null))
                .withMessage("clock");
    }
}

package io.github.saasconnect.store.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connect.AuthorizationCallback;
import io.github.saasconnect.connect.ConnectFlow;
import io.github.saasconnect.connect.ConnectRedirect;
import io.github.saasconnect.connect.ConnectSettings;
import io.github.saasconnect.connect.ConnectionSummary;
import io.github.saasconnect.connect.DisconnectResult;
import io.github.saasconnect.connect.ReturnToPolicy;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.provider.GenericOAuth2ProviderType;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.provider.RegistrationSettings;
import io.github.saasconnect.resilience.Backoff;
import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.InMemoryPendingAuthorizationStore;
import io.github.saasconnect.testkit.MutableClock;
import io.github.saasconnect.testkit.sandbox.AuthorizationRedirect;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.google.GoogleSandbox;
import io.github.saasconnect.testkit.vault.VaultTestServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A Vault secret that fails to decode never locks its owner out (issue 14): the connect flow lists it as unreadable
 * beside the owner's other connections, a new connect replaces it and a disconnect deletes it; listings report it
 * apart, for jobs and the keep-alive sweep to count. Against the test kit's Vault and the Google sandbox.
 */
class VaultUnreadableRecordTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final URI REDIRECT = URI.create("https://app.example/saas-connect/callback/google");

    private final GoogleSandbox sandbox = GoogleSandbox.start();
    private final VaultTestServer vault = VaultTestServer.start(
            VaultTestServer.options().token(TestVaultClients.STORE_TOKEN, TestVaultClients.STORE_POLICY));
    private final MutableClock clock = MutableClock.at(Instant.now());
    private final VaultTokenStore store = VaultTokenStore.builder(
                    TestVaultClients.reactive(vault.uri(), TestVaultClients.STORE_TOKEN))
            .retry(2, new Backoff(Duration.ofMillis(5), 2.0, Duration.ofMillis(20)), Duration.ofMillis(50))
            .build();
    private final ConnectFlow flow = ConnectFlow.builder(
                    new ProviderRegistry(List.of(registration("google"), registration("second"))),
                    store,
                    new InMemoryPendingAuthorizationStore(clock),
                    new OAuth2TokenClient(WebClient.create(), clock, Duration.ofSeconds(10)))
            .clock(clock)
            .settings(new ConnectSettings(Duration.ofMinutes(10), new ReturnToPolicy(List.of(), "/"), 5))
            .build();

    @AfterEach
    void stop() {
        vault.close();
        sandbox.close();
    }

    @Test
    void anUndecodableSecretIsListedAsUnreadableReplacedByConnectingAgainAndDeletedByDisconnecting() {
        ConnectionId alice = ConnectionId.of("google", "alice");
        connect("google", "alice");
        connect("second", "alice");
        connect("google", "bob");
        String path = store.layout().keyPath(alice);
        breakSecret(path);

        assertThat(flow.connections("alice").collectList().block(TIMEOUT))
                .extracting(
                        ConnectionSummary::registration, ConnectionSummary::status, ConnectionSummary::lastErrorCode)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "google", ConnectionStatus.UNREADABLE, ConnectionSummary.RECORD_UNREADABLE),
                        org.assertj.core.groups.Tuple.tuple("second", ConnectionStatus.ACTIVE, null));
        ConnectionPage page = store.list("google", null, 10).block(TIMEOUT);
        assertThat(page.records()).hasSize(1);
        assertThat(page.unreadable()).hasSize(1);
        assertThat(page.nextCursor()).isNull();

        connect("google", "alice");
        assertThat(store.read(alice).block(TIMEOUT).record().status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(flow.connections("alice")
                        .map(ConnectionSummary::status)
                        .collectList()
                        .block(TIMEOUT))
                .containsExactly(ConnectionStatus.ACTIVE, ConnectionStatus.ACTIVE);

        breakSecret(path);
        long revocations = sandbox.requestCount(Endpoint.REVOCATION);
        DisconnectResult disconnected = flow.disconnect("google", "alice").block(TIMEOUT);
        assertThat(disconnected.revokedAtProvider()).isFalse();
        assertThat(sandbox.requestCount(Endpoint.REVOCATION)).isEqualTo(revocations);
        assertThat(store.read(alice).block(TIMEOUT)).isNull();
        assertThat(flow.connections("alice")
                        .map(ConnectionSummary::registration)
                        .collectList()
                        .block(TIMEOUT))
                .containsExactly("second");
    }

    /** A new version of the secret that is no record (as a hand edit or an old tool would leave it). */
    private void breakSecret(String path) {
        vault.seed(path, Map.of("schema", 1, "note", "edited by hand"));
    }

    private void connect(String registration, String owner) {
        ConnectRedirect redirect =
                flow.start(registration, owner, "/", REDIRECT).block(TIMEOUT);
        AuthorizationRedirect approved = sandbox.approve(redirect.location());
        flow.complete(registration, owner, AuthorizationCallback.ofCode(approved.state(), approved.code()))
                .block(TIMEOUT);
    }

    private ProviderRegistration registration(String id) {
        return new GenericOAuth2ProviderType()
                .register(new RegistrationSettings(
                        id,
                        "oauth2",
                        sandbox.client().clientId(),
                        Secret.of(sandbox.client().clientSecret()),
                        List.of("openid"),
                        null,
                        sandbox.authorizationEndpoint(),
                        sandbox.tokenEndpoint(),
                        sandbox.revocationEndpoint(),
                        null,
                        null,
                        true,
                        Map.of("access_type", "offline", "prompt", "consent"),
                        null,
                        Map.of("rotation", "none")));
    }
}

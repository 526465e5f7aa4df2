package io.github.saasconnect.provider.github;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connect.ConnectionView;
import io.github.saasconnect.connect.ConnectionViewPage;
import io.github.saasconnect.connect.Connections;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.provider.testing.ConnectedStack;
import io.github.saasconnect.provider.testing.SandboxFlow;
import io.github.saasconnect.provider.testing.Settings;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The token-free connection view over connections made through the real connect flow against the GitHub sandbox:
 * the provider account's id and login are shown, no token ever is.
 */
class GitHubConnectionViewTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final SandboxFlow flow = new SandboxFlow();
    private final GitHubSandbox github = GitHubSandbox.start(
            SandboxOptions.defaults().withClock(flow.clock).withRedirectUris(SandboxFlow.REDIRECT_URI.toString()));
    private final ProviderRegistration registration = new GitHubProviderType()
            .register(Settings.of("github")
                    .client(github.client().clientId(), github.client().clientSecret())
                    .option("web-base-url", github.webBaseUrl().toString())
                    .option("api-base-url", github.apiBaseUrl().toString())
                    .build());
    private final ConnectedStack stack = new ConnectedStack(flow, registration);
    private final Connections connections = new Connections(new ProviderRegistry(List.of(registration)), stack.store);

    @AfterEach
    void stop() {
        github.close();
    }

    /** Consent at the sandbox and the code exchange, then the connect flow's discovery and store write. */
    private ConnectionId connect(String owner) {
        return stack.connect
                .adopt("github", owner, flow.connect(registration, github, owner))
                .block(WAIT)
                .connection();
    }

    @Test
    void aConnectionIsListedWithTheGitHubAccountsIdAndLoginAndNoToken() {
        ConnectionId id = connect("u1");
        ConnectionRecord stored = stack.stored(id);

        ConnectionView view = connections.find(id).block(WAIT);

        String signedIn = stored.attributes().get("login");
        assertThat(view.login()).isEqualTo(signedIn).isNotBlank();
        assertThat(view.accountId()).isEqualTo(github.user(signedIn).id());
        assertThat(view.status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(view.providerType()).isEqualTo("github");
        assertThat(view.connectedAt()).isEqualTo(flow.clock.instant());
        assertThat(view.refreshTokenExpiresAt())
                .as("GitHub App refresh tokens die at a fixed time")
                .isEqualTo(stored.refreshTokenExpiresAt())
                .isNotNull();
        assertThat(view.toString())
                .doesNotContain(stored.accessToken().reveal())
                .doesNotContain(stored.refreshToken().reveal());
        assertThat(connections.list("u1").collectList().block(WAIT)).containsExactly(view);
        assertThat(connections.list("nobody").collectList().block(WAIT)).isEmpty();
        assertThat(connections.find(ConnectionId.of("github", "nobody")).block(WAIT))
                .isNull();
        assertThat(connections.find(ConnectionId.of("unconfigured", "u1")).block(WAIT))
                .isNull();
    }

    @Test
    void aRegistrationsConnectionsArePagedAcrossOwners() {
        for (String owner : List.of("u1", "u2", "u3")) {
            connect(owner);
        }
        List<String> owners = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ConnectionViewPage page = connections.list("github", cursor, 2).block(WAIT);
            page.connections().forEach(v -> owners.add(v.id().owner()));
            assertThat(page.connections()).allSatisfy(v -> assertThat(v.login()).isNotBlank());
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);

        assertThat(owners).containsExactlyInAnyOrder("u1", "u2", "u3");
        assertThat(pages).isEqualTo(2);
    }
}

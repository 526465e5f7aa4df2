package io.github.saasconnect.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connect.AuthorizationCallback;
import io.github.saasconnect.connect.ConnectFlow;
import io.github.saasconnect.connect.ConnectRedirect;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.vault.VaultTokenStore;
import io.github.saasconnect.testkit.sandbox.AuthorizationRedirect;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import io.github.saasconnect.testkit.vault.VaultTestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample's {@code vault} profile, as the README documents it, against the test kit's Vault KV v2 server
 * (with the provider sandboxes standing in for real providers): a user connects GitHub, the connection lands in
 * Vault under the documented prefix, and the job fetches through it.
 */
class VaultProfileTest {

    private final VaultTestServer vault = VaultTestServer.start();
    private ConfigurableApplicationContext app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        vault.close();
    }

    @Test
    void connectsAndSyncsWithConnectionsKeptInVault() {
        app = new SpringApplicationBuilder(SampleApplication.class)
                .profiles("sandbox", "vault")
                .properties(
                        "VAULT_ADDR=" + vault.uri(),
                        "VAULT_TOKEN=" + vault.token(),
                        "server.port=0",
                        "server.address=127.0.0.1",
                        "sample.sync.interval=1h")
                .run();
        assertThat(app.getBean(TokenStore.class)).isInstanceOf(VaultTokenStore.class);
        ConnectFlow flow = app.getBean(ConnectFlow.class);
        GitHubSandbox github = app.getBean(SandboxProviders.Sandboxes.class).all().stream()
                .filter(GitHubSandbox.class::isInstance)
                .map(GitHubSandbox.class::cast)
                .findFirst()
                .orElseThrow();

        ConnectRedirect redirect = flow.start(
                        "github", "alice", "/", java.net.URI.create("http://127.0.0.1/saas-connect/callback/github"))
                .block(Duration.ofSeconds(10));
        AuthorizationRedirect approved = github.approve(redirect.location());
        flow.complete("github", "alice", AuthorizationCallback.ofCode(approved.state(), approved.code()))
                .block(Duration.ofSeconds(10));

        ConnectionId alice = ConnectionId.of("github", "alice");
        assertThat(app.getBean(TokenStore.class).read(alice).block(Duration.ofSeconds(10)))
                .isNotNull();
        assertThat(vault.requests())
                .anySatisfy(r ->
                        assertThat(r.path()).startsWith("/v1/secret/data/saas-connect-sample/connections/github/"));
        assertThat(vault.requests())
                .anySatisfy(r -> assertThat(r.path()).startsWith("/v1/secret/data/saas-connect-sample/pending/"));
        assertThat(vault.requests()).noneSatisfy(r -> assertThat(r.path()).contains("alice"));

        app.getBean(SyncJob.class).runOnce();
        assertThat(app.getBean(SyncResults.class).of(alice).summary()).matches("\\d+ repositories");
    }
}

package io.github.saasconnect.store.vault.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.autoconfigure.InvalidSaasConnectConfigurationException;
import io.github.saasconnect.autoconfigure.SaasConnectAutoConfiguration;
import io.github.saasconnect.autoconfigure.SaasConnectStoreAutoConfiguration;
import io.github.saasconnect.autoconfigure.web.ConnectFlowAutoConfiguration;
import io.github.saasconnect.connect.ConnectFlow;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.store.InMemoryPendingAuthorizationStore;
import io.github.saasconnect.store.InMemoryTokenStore;
import io.github.saasconnect.store.PendingAuthorization;
import io.github.saasconnect.store.PendingAuthorizationStore;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.file.FileTokenStore;
import io.github.saasconnect.store.vault.VaultPendingAuthorizationStore;
import io.github.saasconnect.store.vault.VaultStoreMisconfiguredException;
import io.github.saasconnect.store.vault.VaultTokenStore;
import io.github.saasconnect.testkit.vault.Capability;
import io.github.saasconnect.testkit.vault.RecordedRequest;
import io.github.saasconnect.testkit.vault.VaultPolicy;
import io.github.saasconnect.testkit.vault.VaultTestServer;
import io.github.saasconnect.token.TokenManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.ReactiveVaultOperations;
import org.springframework.vault.core.ReactiveVaultTemplate;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.VaultToken;
import reactor.core.publisher.Mono;

class SaasConnectVaultStoreAutoConfigurationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final VaultPolicy STORE_POLICY = VaultPolicy.named("saas-connect-store")
            .allow("secret/data/saas-connect/connections/*", Capability.CREATE, Capability.READ, Capability.UPDATE)
            .allow(
                    "secret/metadata/saas-connect/connections/*",
                    Capability.CREATE,
                    Capability.UPDATE,
                    Capability.DELETE,
                    Capability.LIST);

    @TempDir
    Path dir;

    private VaultTestServer vault = VaultTestServer.start(VaultTestServer.options()
            .token("store-token", STORE_POLICY)
            .token("app-token", STORE_POLICY)
            .token(
                    "pending-token",
                    STORE_POLICY
                            .allow(
                                    "secret/data/saas-connect/pending/*",
                                    Capability.CREATE,
                                    Capability.READ,
                                    Capability.UPDATE)
                            .allow("secret/metadata/saas-connect/pending/*", Capability.DELETE, Capability.LIST))
            .appRole("role-1", "secret-1", STORE_POLICY));

    @AfterEach
    void stop() {
        vault.close();
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SaasConnectStoreAutoConfiguration.class,
                        SaasConnectVaultStoreAutoConfiguration.class,
                        SaasConnectAutoConfiguration.class))
                .withPropertyValues(
                        "saas-connect.store.type=vault", "saas-connect.store.file.directory=" + dir.resolve("tokens"))
                .withPropertyValues(AcmeRegistration.PROPERTIES);
    }

    private String[] ownClient(String... more) {
        String[] base = {"saas-connect.store.vault.uri=" + vault.uri(), "saas-connect.store.vault.token=store-token"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static void roundTrip(AssertableApplicationContext ctx) {
        TokenStore store = ctx.getBean(TokenStore.class);
        assertThat(store.write(AcmeRegistration.connection("alice"), 0).block(TIMEOUT))
                .isEqualTo(1);
        assertThat(store.read(ConnectionId.of("acme", "alice"))
                        .block(TIMEOUT)
                        .record()
                        .accessToken()
                        .reveal())
                .isEqualTo("at");
    }

    @Test
    void buildsItsOwnClientFromTheUriAndTokenAndFeedsTheTokenManager() {
        runner().withPropertyValues(ownClient()).run(ctx -> {
            assertThat(ctx)
                    .hasSingleBean(VaultTokenStore.class)
                    .hasSingleBean(VaultStoreClient.class)
                    .hasSingleBean(TokenManager.class)
                    .doesNotHaveBean(FileTokenStore.class);
            roundTrip(ctx);
            assertThat(vault.requests())
                    .allSatisfy(r -> assertThat(r.tokenSource()).isEqualTo(RecordedRequest.TokenSource.X_VAULT_TOKEN));
        });
        assertThat(dir.resolve("tokens")).doesNotExist();
    }

    @Test
    void anOwnerDigestSecretOverAStoreOfEarlierVersionsStopsStartupNamingTheMigrationSettingThenMovesIt() {
        String secret =
                java.util.Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'k');
        // the store without a secret writes the unkeyed layout of earlier versions
        runner().withPropertyValues(ownClient()).run(SaasConnectVaultStoreAutoConfigurationTest::roundTrip);

        runner().withPropertyValues(ownClient("saas-connect.store.vault.owner-digest-secret=" + secret))
                .run(ctx -> assertThat(ctx)
                        .getFailure()
                        .rootCause()
                        .isInstanceOfSatisfying(
                                io.github.saasconnect.autoconfigure.InvalidSaasConnectConfigurationException.class,
                                e -> assertThat(e.property())
                                        .isEqualTo("saas-connect.store.vault.migrate-owner-digests")));

        runner().withPropertyValues(ownClient(
                        "saas-connect.store.vault.owner-digest-secret=" + secret,
                        "saas-connect.store.vault.migrate-owner-digests=true"))
                .run(ctx -> assertThat(ctx.getBean(TokenStore.class)
                                .read(ConnectionId.of("acme", "alice"))
                                .block(TIMEOUT)
                                .record()
                                .accessToken()
                                .reveal())
                        .isEqualTo("at"));
        runner().withPropertyValues(ownClient("saas-connect.store.vault.owner-digest-secret=" + "x".repeat(44)))
                .run(ctx -> assertThat(ctx)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("saas-connect.store.vault.owner-digest-secret"));
    }

    @Test
    void mountPrefixAndMaxVersionsComeFromTheProperties() {
        vault.close();
        vault = VaultTestServer.start(VaultTestServer.options().mount("kv"));
        runner().withPropertyValues(
                        "saas-connect.store.vault.uri=" + vault.uri(),
                        "saas-connect.store.vault.token=" + vault.token(),
                        "saas-connect.store.vault.mount=kv",
                        "saas-connect.store.vault.prefix=apps/billing/tokens",
                        "saas-connect.store.vault.max-versions=3")
                .run(ctx -> {
                    VaultTokenStore store = ctx.getBean(VaultTokenStore.class);
                    assertThat(store.layout().dataPath(ConnectionId.of("acme", "alice")))
                            .startsWith("kv/data/apps/billing/tokens/acme/");
                    roundTrip(ctx);
                    VaultTemplate admin =
                            new VaultTemplate(VaultEndpoint.from(vault.uri()), new TokenAuthentication(vault.token()));
                    String key = store.layout().keyPath(ConnectionId.of("acme", "alice"));
                    assertThat(admin.read("kv/metadata/" + key).getRequiredData())
                            .containsEntry("max_versions", 3);
                });
    }

    @Test
    void reusesTheApplicationsReactiveVaultClient() {
        ReactiveVaultTemplate app = new ReactiveVaultTemplate(
                VaultEndpoint.from(vault.uri()),
                new ReactorClientHttpConnector(),
                () -> Mono.just(VaultToken.of("app-token")));
        runner().withBean(ReactiveVaultOperations.class, () -> app).run(ctx -> {
            assertThat(ctx).hasSingleBean(VaultTokenStore.class).doesNotHaveBean(VaultStoreClient.class);
            roundTrip(ctx);
        });
    }

    @Test
    void reusesTheApplicationsBlockingVaultClientWhenItHasNoReactiveOne() {
        VaultTemplate app = new VaultTemplate(VaultEndpoint.from(vault.uri()), new TokenAuthentication("app-token"));
        runner().withBean(VaultOperations.class, () -> app).run(ctx -> {
            assertThat(ctx).hasSingleBean(VaultTokenStore.class).doesNotHaveBean(VaultStoreClient.class);
            roundTrip(ctx);
        });
    }

    @Test
    void aConfiguredUriWinsOverTheApplicationsClient() {
        VaultTemplate elsewhere = new VaultTemplate(
                VaultEndpoint.from(java.net.URI.create("http://127.0.0.1:1")), new TokenAuthentication("nope"));
        runner().withBean(VaultOperations.class, () -> elsewhere)
                .withPropertyValues(ownClient())
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(VaultStoreClient.class);
                    roundTrip(ctx);
                });
    }

    @Test
    void logsInWithAppRole() {
        runner().withPropertyValues(
                        "saas-connect.store.vault.uri=" + vault.uri(),
                        "saas-connect.store.vault.authentication=approle",
                        "saas-connect.store.vault.app-role.role-id=role-1",
                        "saas-connect.store.vault.app-role.secret-id=secret-1")
                .run(ctx -> {
                    roundTrip(ctx);
                    assertThat(vault.requests())
                            .extracting(RecordedRequest::vaultPath)
                            .contains("auth/approle/login");
                });
    }

    @Test
    void sendsTheNamespaceOnEveryRequest() {
        vault.close();
        vault = VaultTestServer.start(VaultTestServer.options().namespace("team-a"));
        runner().withPropertyValues(
                        "saas-connect.store.vault.uri=" + vault.uri(),
                        "saas-connect.store.vault.token=" + vault.token(),
                        "saas-connect.store.vault.namespace=team-a")
                .run(ctx -> {
                    roundTrip(ctx);
                    assertThat(vault.requests())
                            .allSatisfy(r -> assertThat(r.namespace()).isEqualTo("team-a"));
                });
    }

    @Test
    void aTokenWithoutThePolicyFailsWithTheConfigurationErrorNamingIt() {
        vault.close();
        vault = VaultTestServer.start(VaultTestServer.options()
                .token("weak", VaultPolicy.named("weak").allow("secret/data/other/*", Capability.READ)));
        runner().withPropertyValues(
                        "saas-connect.store.vault.uri=" + vault.uri(), "saas-connect.store.vault.token=weak")
                .run(ctx -> {
                    TokenStore store = ctx.getBean(TokenStore.class);
                    reactor.test.StepVerifier.create(store.write(AcmeRegistration.connection("alice"), 0))
                            .expectErrorSatisfies(e -> assertThat(e)
                                    .isInstanceOf(VaultStoreMisconfiguredException.class)
                                    .hasMessageContaining("secret/metadata/saas-connect/connections/*"))
                            .verify(TIMEOUT);
                });
    }

    @Test
    void kubernetesLoginIsConfiguredWithoutCallingVaultAtStartup() throws Exception {
        Path jwt = Files.writeString(dir.resolve("token"), "header.payload.signature");
        runner().withPropertyValues(
                        "saas-connect.store.vault.uri=" + vault.uri(),
                        "saas-connect.store.vault.authentication=kubernetes",
                        "saas-connect.store.vault.kubernetes.role=app",
                        "saas-connect.store.vault.kubernetes.service-account-token-file=" + jwt)
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(VaultTokenStore.class);
                    assertThat(vault.requests()).isEmpty();
                });
    }

    @Test
    void plainHttpToAnotherHostStopsStartupUnlessExplicitlyAllowedWhileLoopbackIsFine() {
        runner().withPropertyValues(
                        "saas-connect.store.vault.uri=http://vault.internal.example:8200",
                        "saas-connect.store.vault.token=store-token")
                .run(ctx -> assertThat(ctx)
                        .getFailure()
                        .rootCause()
                        .isInstanceOfSatisfying(
                                io.github.saasconnect.autoconfigure.InvalidSaasConnectConfigurationException.class,
                                e -> {
                                    assertThat(e.property()).isEqualTo("saas-connect.store.vault.uri");
                                    assertThat(e.getMessage())
                                            .contains("plain http", "allow-insecure-http=true")
                                            .doesNotContain("store-token");
                                }));
        runner().withPropertyValues(
                        "saas-connect.store.vault.uri=http://vault.internal.example:8200",
                        "saas-connect.store.vault.token=store-token",
                        "saas-connect.store.vault.allow-insecure-http=true")
                .run(ctx -> assertThat(ctx).hasNotFailed().hasSingleBean(VaultStoreClient.class));
        assertThat(VaultStoreClient.isLoopback("127.0.0.1")).isTrue();
        assertThat(VaultStoreClient.isLoopback("127.10.0.3")).isTrue();
        assertThat(VaultStoreClient.isLoopback("[::1]")).isTrue();
        assertThat(VaultStoreClient.isLoopback("localhost")).isTrue();
        assertThat(VaultStoreClient.isLoopback("127.0.0.1.evil.example")).isFalse();
        assertThat(VaultStoreClient.isLoopback("10.0.0.1")).isFalse();
        // loopback over http (vault server -dev) needs nothing: the other tests here run on it
        runner().withPropertyValues(ownClient()).run(ctx -> assertThat(ctx).hasNotFailed());
    }

    @Test
    void withoutAUriOrAClientStartupFailsNamingTheProperty() {
        runner().run(ctx -> assertThat(ctx)
                .hasFailed()
                .getFailure()
                .rootCause()
                .isInstanceOfSatisfying(
                        InvalidSaasConnectConfigurationException.class,
                        e -> assertThat(e.property()).isEqualTo("saas-connect.store.vault.uri")));
    }

    @Test
    void aRetryBackoffThatCannotBeFailsStartupNamingTheProperty() {
        runner().withPropertyValues(ownClient("saas-connect.store.vault.retry.backoff-multiplier=0.5"))
                .run(ctx -> assertThat(ctx)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .isInstanceOfSatisfying(
                                InvalidSaasConnectConfigurationException.class,
                                e -> assertThat(e.property())
                                        .isEqualTo("saas-connect.store.vault.retry.backoff-multiplier")));
    }

    @Test
    void aMissingTokenFailsStartupNamingTheProperty() {
        runner().withPropertyValues("saas-connect.store.vault.uri=" + vault.uri())
                .run(ctx -> assertThat(ctx)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .isInstanceOfSatisfying(
                                InvalidSaasConnectConfigurationException.class,
                                e -> assertThat(e.property()).isEqualTo("saas-connect.store.vault.token")));
    }

    @Test
    void missingAppRoleCredentialsFailStartupNamingTheProperty() {
        runner().withPropertyValues(
                        "saas-connect.store.vault.uri=" + vault.uri(),
                        "saas-connect.store.vault.authentication=approle",
                        "saas-connect.store.vault.app-role.role-id=role-1")
                .run(ctx -> assertThat(ctx)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .isInstanceOfSatisfying(
                                InvalidSaasConnectConfigurationException.class,
                                e -> assertThat(e.property())
                                        .isEqualTo("saas-connect.store.vault.app-role.secret-id")));
    }

    @Test
    void anInvalidPrefixFailsStartupNamingTheProperty() {
        runner().withPropertyValues(ownClient("saas-connect.store.vault.prefix=../escape"))
                .run(ctx -> assertThat(ctx)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .isInstanceOfSatisfying(
                                InvalidSaasConnectConfigurationException.class,
                                e -> assertThat(e.property()).isEqualTo("saas-connect.store.vault.prefix")));
    }

    @Test
    void contributesNothingForTheFileStore() {
        runner().withPropertyValues(ownClient("saas-connect.store.type=file"))
                .run(ctx -> assertThat(ctx)
                        .hasSingleBean(FileTokenStore.class)
                        .doesNotHaveBean(VaultTokenStore.class)
                        .doesNotHaveBean(VaultStoreClient.class));
    }

    @Test
    void backsOffForTheApplicationsOwnStore() {
        InMemoryTokenStore mine = new InMemoryTokenStore();
        runner().withPropertyValues(ownClient())
                .withBean(TokenStore.class, () -> mine)
                .run(ctx -> {
                    assertThat(ctx).doesNotHaveBean(VaultTokenStore.class).doesNotHaveBean(VaultStoreClient.class);
                    assertThat(ctx.getBean(TokenStore.class)).isSameAs(mine);
                });
    }

    @Test
    void pendingAuthorizationsGoToTheSameVaultAndTheConnectFlowUsesThem() {
        runner().withConfiguration(AutoConfigurations.of(ConnectFlowAutoConfiguration.class))
                .withPropertyValues(
                        "saas-connect.store.vault.uri=" + vault.uri(), "saas-connect.store.vault.token=pending-token")
                .run(ctx -> {
                    assertThat(ctx)
                            .hasSingleBean(VaultPendingAuthorizationStore.class)
                            .hasSingleBean(PendingAuthorizationStore.class)
                            .hasSingleBean(ConnectFlow.class);
                    PendingAuthorizationStore pending = ctx.getBean(PendingAuthorizationStore.class);
                    PendingAuthorization entry = new PendingAuthorization(
                            PendingAuthorization.keyOf("state"),
                            ConnectionId.of("acme", "alice"),
                            java.net.URI.create("https://app.example/cb"),
                            "/",
                            Secret.of("verifier"),
                            Instant.now(),
                            Instant.now().plusSeconds(600));
                    pending.save(entry).block(TIMEOUT);
                    assertThat(pending.take(entry.key())
                                    .block(TIMEOUT)
                                    .codeVerifier()
                                    .reveal())
                            .isEqualTo("verifier");
                });
    }

    @Test
    void anExplicitPendingStoreChoiceIsLeftToTheConnectFlow() {
        runner().withConfiguration(AutoConfigurations.of(ConnectFlowAutoConfiguration.class))
                .withPropertyValues(ownClient("saas-connect.connect.pending-store=memory"))
                .run(ctx -> assertThat(ctx)
                        .doesNotHaveBean(VaultPendingAuthorizationStore.class)
                        .hasSingleBean(InMemoryPendingAuthorizationStore.class));
    }

    @Test
    void withoutSpringVaultOnTheClasspathStartupFailsNamingTheStoreTypeAndWhatIsMissing() {
        runner().withPropertyValues(ownClient())
                .withClassLoader(new FilteredClassLoader(ReactiveVaultOperations.class))
                .run(ctx -> assertThat(ctx)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .isInstanceOfSatisfying(InvalidSaasConnectConfigurationException.class, e -> {
                            assertThat(e.property()).isEqualTo("saas-connect.store.type");
                            assertThat(e).hasMessageContaining("spring-vault-core");
                        }));
    }
}

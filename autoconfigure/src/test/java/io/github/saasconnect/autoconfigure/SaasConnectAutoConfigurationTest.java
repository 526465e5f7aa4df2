package io.github.saasconnect.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.failure.TransientFailureException;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.store.InMemoryTokenStore;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.file.FileTokenStore;
import io.github.saasconnect.token.BlockingTokenManager;
import io.github.saasconnect.token.TokenManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

class SaasConnectAutoConfigurationTest {

    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SaasConnectStoreAutoConfiguration.class, SaasConnectAutoConfiguration.class))
                .withPropertyValues(
                        "saas-connect.store.file.directory=" + dir.resolve("tokens"),
                        "saas-connect.providers.acme.type=oauth2",
                        "saas-connect.providers.acme.client-id=acme-client",
                        "saas-connect.providers.acme.client-secret=acme-secret",
                        "saas-connect.providers.acme.authorization-uri=http://127.0.0.1:1/authorize",
                        "saas-connect.providers.acme.token-uri=http://127.0.0.1:1/token");
    }

    @Test
    void defaultsToTheEncryptedFileStoreWithAGeneratedOwnerOnlyKeyFile() {
        runner().run(ctx -> {
            assertThat(ctx)
                    .hasSingleBean(FileTokenStore.class)
                    .hasSingleBean(TokenManager.class)
                    .hasSingleBean(BlockingTokenManager.class)
                    .hasSingleBean(OAuth2TokenClient.class);
            Path key = dir.resolve("store.key");
            assertThat(key).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                    .isEqualTo("rw-------");
            assertThat(ctx.getBean(ProviderRegistry.class)
                            .get("acme")
                            .descriptor()
                            .type())
                    .isEqualTo("oauth2");
        });
    }

    @Test
    void usesTheMemoryStoreWhenAsked() {
        runner().withPropertyValues("saas-connect.store.type=memory").run(ctx -> {
            assertThat(ctx).hasSingleBean(InMemoryTokenStore.class).doesNotHaveBean(FileTokenStore.class);
            assertThat(dir.resolve("tokens")).doesNotExist();
        });
    }

    @Test
    void theVaultStoreWithoutItsModuleStopsStartupNamingThePropertyAndTheArtifactToAdd() {
        runner().withPropertyValues("saas-connect.store.type=vault").run(ctx -> {
            assertThat(ctx)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .isInstanceOfSatisfying(InvalidSaasConnectConfigurationException.class, e -> {
                        assertThat(e.property()).isEqualTo("saas-connect.store.type");
                        assertThat(e)
                                .hasMessageContaining(
                                        "io.github.saasconnect:saas-connect-vault is not on the " + "class path");
                        assertThat(e.action()).contains("io.github.saasconnect:saas-connect-vault");
                    });
            // no quiet fallback to another store
            assertThat(dir.resolve("tokens")).doesNotExist();
        });
    }

    @Test
    void theApplicationsOwnStoreServesWhateverTheStoreTypeSays() {
        InMemoryTokenStore mine = new InMemoryTokenStore();
        runner().withPropertyValues("saas-connect.store.type=vault")
                .withBean(TokenStore.class, () -> mine)
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().hasSingleBean(TokenManager.class);
                    assertThat(ctx.getBean(TokenStore.class)).isSameAs(mine);
                });
    }

    @Test
    void backsOffForTheApplicationsOwnStore() {
        InMemoryTokenStore mine = new InMemoryTokenStore();
        runner().withBean(TokenStore.class, () -> mine).run(ctx -> {
            assertThat(ctx).doesNotHaveBean(FileTokenStore.class);
            assertThat(ctx.getBean(TokenStore.class)).isSameAs(mine);
            assertThat(ctx).hasSingleBean(TokenManager.class);
        });
    }

    @Test
    void backsOffForTheApplicationsOwnRegistry() {
        ProviderRegistry mine = new ProviderRegistry(java.util.List.of());
        runner().withBean(ProviderRegistry.class, () -> mine)
                .withPropertyValues("saas-connect.providers.acme.type=nonsense")
                .run(ctx -> assertThat(ctx)
                        .hasNotFailed()
                        .getBean(ProviderRegistry.class)
                        .isSameAs(mine));
    }

    @Test
    void contributesNothingWhenDisabled() {
        runner().withPropertyValues("saas-connect.enabled=false")
                .run(ctx -> assertThat(ctx)
                        .doesNotHaveBean(TokenManager.class)
                        .doesNotHaveBean(TokenStore.class)
                        .doesNotHaveBean(ProviderRegistry.class));
    }

    @Test
    void aMissingClientIdFailsStartupNamingTheProperty() {
        runner().withPropertyValues("saas-connect.providers.acme.client-id=")
                .run(ctx -> assertThat(ctx)
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(InvalidSaasConnectConfigurationException.class)
                        .hasMessageContaining("saas-connect.providers.acme.client-id")
                        .hasMessageContaining("no client id"));
    }

    @Test
    void anUnknownProviderTypeFailsStartupListingTheKnownTypes() {
        runner().withPropertyValues("saas-connect.providers.acme.type=gitlab")
                .run(ctx -> assertThat(ctx)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("saas-connect.providers.acme.type")
                        .hasMessageContaining("unknown provider type 'gitlab'")
                        .hasMessageContaining("oauth2"));
    }

    @Test
    void anInvalidRegistrationIdFailsStartupSayingWhichRuleItBreaks() {
        runner().withPropertyValues(
                        "saas-connect.providers.Bad_Id.type=oauth2", "saas-connect.providers.Bad_Id.client-id=x")
                .run(ctx -> assertThat(ctx)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("saas-connect.providers.Bad_Id")
                        .hasMessageContaining("only lowercase letters"));
    }

    @Test
    void aGenericProviderWithoutTokenUriFailsStartupNamingTheProperty() {
        runner().withPropertyValues(
                        "saas-connect.providers.other.type=oauth2",
                        "saas-connect.providers.other.client-id=x",
                        "saas-connect.providers.other.authorization-uri=http://127.0.0.1:1/a")
                .run(ctx -> assertThat(ctx)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("saas-connect.providers.other.token-uri"));
    }

    /**
     * A store written by commit 6036de9, the last that named records by an unkeyed SHA-256 (the same fixture as core's
     * FileStoreNameMigrationTest): github:alice@example.com, github:bob and google:alice@example.com.
     */
    private String givenAStoreInTheOldLayout() throws Exception {
        Path fixture = Path.of(getClass().getResource("legacy-sha256-names").toURI());
        for (String registration : java.util.List.of("github", "google")) {
            Path target = Files.createDirectories(dir.resolve("tokens").resolve(registration));
            try (java.util.stream.Stream<Path> files = Files.list(fixture.resolve(registration))) {
                for (Path f : files.toList()) {
                    Files.copy(f, target.resolve(f.getFileName()));
                }
            }
        }
        return Files.readString(fixture.resolve("store.key")).strip();
    }

    @Test
    void aStoreInTheOldLayoutIsRenamedOnStartWithoutLosingAConnection() throws Exception {
        String key = givenAStoreInTheOldLayout();
        runner().withPropertyValues("saas-connect.store.file.key=" + key).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            TokenStore store = ctx.getBean(TokenStore.class);
            assertThat(store.read(ConnectionId.of("github", "alice@example.com"))
                            .block()
                            .record()
                            .refreshToken()
                            .reveal())
                    .isEqualTo("refresh-github-alice@example.com");
            assertThat(store.list("github", null, 10).block().records()).hasSize(2);
            assertThat(store.read(ConnectionId.of("google", "alice@example.com"))
                            .block())
                    .isNotNull();
        });
    }

    @Test
    void aStoreInTheOldLayoutStopsStartupNamingTheSettingWhenTheMigrationIsOff() throws Exception {
        String key = givenAStoreInTheOldLayout();
        runner().withPropertyValues("saas-connect.store.file.key=" + key, "saas-connect.store.file.migrate-names=false")
                .run(ctx -> assertThat(ctx)
                        .getFailure()
                        .rootCause()
                        .isInstanceOfSatisfying(
                                InvalidSaasConnectConfigurationException.class,
                                e -> assertThat(e.property()).isEqualTo("saas-connect.store.file.migrate-names")));
    }

    @Test
    void anUnreadableKeyFileFailsStartupNamingTheProperty() throws Exception {
        Path key = dir.resolve("locked.key");
        Files.write(key, new byte[32]);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("---------"));
        boolean rootCanReadAnyway = Files.isReadable(key);
        runner().withPropertyValues("saas-connect.store.file.key-file=" + key).run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("saas-connect.store.file.key-file")
                    .hasMessageContaining(rootCanReadAnyway ? "locked.key" : "cannot be read");
        });
    }

    @Test
    void aMalformedConfiguredKeyFailsStartupNamingTheProperty() {
        runner().withPropertyValues("saas-connect.store.file.key=not-a-key")
                .run(ctx -> assertThat(ctx)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("saas-connect.store.file.key")
                        .hasMessageContaining("openssl rand -base64 32"));
    }

    @Test
    void theClientSecretNeverAppearsInTheStartupFailureOrTheRegistry() {
        runner().withPropertyValues(
                        "saas-connect.providers.acme.client-secret=very-secret-value-42",
                        "saas-connect.providers.acme.token-uri=")
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    assertThat(ctx.getStartupFailure().toString()).doesNotContain("very-secret-value-42");
                });
        runner().withPropertyValues("saas-connect.providers.acme.client-secret=very-secret-value-42")
                .run(ctx -> assertThat(
                                ctx.getBean(ProviderRegistry.class).get("acme").toString())
                        .doesNotContain("very-secret-value-42"));
    }

    @Test
    void anUnknownRotationRuleFailsStartupListingTheRules() {
        runner().withPropertyValues("saas-connect.providers.acme.rotation=sometimes")
                .run(ctx -> assertThat(ctx)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("saas-connect.providers.acme.options.rotation")
                        .hasMessageContaining("rotates-with-grace-period"));
    }

    @Test
    void everyProviderTypeIsKnownThroughTheStarter() {
        runner().withPropertyValues(
                        "saas-connect.providers.gh.type=github",
                        "saas-connect.providers.gh.client-id=Iv1.abc",
                        "saas-connect.providers.gh.client-secret=s",
                        "saas-connect.providers.ms.type=microsoft",
                        "saas-connect.providers.ms.tenant=organizations",
                        "saas-connect.providers.ms.client-id=11111111-2222-3333-4444-555555555555",
                        "saas-connect.providers.ds.type=docusign",
                        "saas-connect.providers.ds.environment=demo",
                        "saas-connect.providers.ds.client-id=ik",
                        "saas-connect.providers.go.type=google",
                        "saas-connect.providers.go.client-id=g.apps.googleusercontent.com",
                        "saas-connect.providers.bb.type=bitbucket",
                        "saas-connect.providers.bb.client-id=key")
                .run(ctx -> {
                    ProviderRegistry registry = ctx.getBean(ProviderRegistry.class);
                    assertThat(registry.all())
                            .extracting(r -> r.descriptor().type())
                            .containsExactlyInAnyOrder(
                                    "oauth2", "github", "microsoft", "docusign", "google", "bitbucket");
                    assertThat(registry.get("ms").descriptor().tokenUri().toString())
                            .isEqualTo("https://login.microsoftonline.com/organizations/oauth2/v2.0/token");
                    assertThat(registry.get("ds").descriptor().tokenUri().getHost())
                            .isEqualTo("account-d.docusign.com");
                });
    }

    @Test
    void aProviderSpecificMistakeFailsStartupNamingThatProperty() {
        runner().withPropertyValues(
                        "saas-connect.providers.ds.type=docusign",
                        "saas-connect.providers.ds.client-id=ik",
                        "saas-connect.providers.ds.environment=staging")
                .run(ctx -> assertThat(ctx)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("saas-connect.providers.ds.options.environment"));
    }

    @Test
    void tokenRequestsGoThroughTheApplicationsWebClientBuilderWhenThereIsOne() {
        AtomicInteger seen = new AtomicInteger();
        WebClient.Builder builder = WebClient.builder().exchangeFunction(request -> {
            seen.incrementAndGet();
            return Mono.just(ClientResponse.create(HttpStatus.OK)
                    .header("Content-Type", "application/json")
                    .body("{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"expires_in\":60}")
                    .build());
        });
        runner().withBean(WebClient.Builder.class, () -> builder).run(ctx -> {
            var registration = ctx.getBean(ProviderRegistry.class).get("acme");
            var tokens = ctx.getBean(OAuth2TokenClient.class)
                    .refresh(registration, ConnectionId.of("acme", "u"), Secret.of("r"))
                    .block();
            assertThat(tokens.accessToken().reveal()).isEqualTo("a");
            assertThat(seen).hasValue(1);
        });
    }

    @Test
    void withoutAWebClientBuilderBeanTheTokenClientUsesItsOwn() {
        runner().run(ctx -> {
            assertThat(ctx).doesNotHaveBean(WebClient.Builder.class);
            var registration = ctx.getBean(ProviderRegistry.class).get("acme");
            // nothing listens on port 1: the client's own WebClient reports a typed transient failure
            assertThatThrownBy(() -> ctx.getBean(OAuth2TokenClient.class)
                            .refresh(registration, ConnectionId.of("acme", "u"), Secret.of("r"))
                            .block())
                    .isInstanceOf(TransientFailureException.class)
                    .hasMessageContaining("connection refused");
        });
    }

    @Test
    void theWebClientBuilderIsOnlyAskedForAtTheFirstTokenRequestNotAtStartup() {
        AtomicInteger created = new AtomicInteger();
        runner().withBean(
                        WebClient.Builder.class,
                        () -> {
                            created.incrementAndGet();
                            return WebClient.builder();
                        },
                        definition -> definition.setLazyInit(true))
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(OAuth2TokenClient.class);
                    assertThat(created).hasValue(0);
                    var registration = ctx.getBean(ProviderRegistry.class).get("acme");
                    assertThatThrownBy(() -> ctx.getBean(OAuth2TokenClient.class)
                                    .refresh(registration, ConnectionId.of("acme", "u"), Secret.of("r"))
                                    .block())
                            .isInstanceOf(TransientFailureException.class);
                    assertThat(created).hasValue(1);
                });
    }
}

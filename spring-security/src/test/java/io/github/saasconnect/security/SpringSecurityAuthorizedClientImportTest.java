package io.github.saasconnect.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.saasconnect.autoconfigure.SaasConnectAutoConfiguration;
import io.github.saasconnect.autoconfigure.SaasConnectStoreAutoConfiguration;
import io.github.saasconnect.autoconfigure.TokenImportAutoConfiguration;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.importing.ImportOptions;
import io.github.saasconnect.importing.ImportOutcome;
import io.github.saasconnect.importing.ImportOutcome.Result;
import io.github.saasconnect.importing.ImportReport;
import io.github.saasconnect.importing.TokenImport;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.SeededConnection;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import io.github.saasconnect.token.TokenManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.client.JdbcOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

/**
 * Spring Security's JDBC authorized clients, written by Spring Security's own {@link JdbcOAuth2AuthorizedClientService}
 * into its schema, imported as connections and usable through the {@link TokenManager} against the GitHub sandbox
 * over loopback.
 */
class SpringSecurityAuthorizedClientImportTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String SECRET = "spring-import-client-secret";

    private GitHubSandbox github;
    private EmbeddedDatabase database;
    private InMemoryClientRegistrationRepository registrations;
    private JdbcOAuth2AuthorizedClientService spring;

    @BeforeEach
    void start() {
        github = GitHubSandbox.start(SandboxOptions.defaults().withClient("Iv1.spring", SECRET));
        database = new EmbeddedDatabaseBuilder()
                .setType(EmbeddedDatabaseType.H2)
                .generateUniqueName(true)
                .addScript("org/springframework/security/oauth2/client/oauth2-client-schema.sql")
                .build();
        registrations = new InMemoryClientRegistrationRepository(registration("gh"), registration("other"));
        spring = new JdbcOAuth2AuthorizedClientService(new JdbcTemplate(database), registrations);
    }

    @AfterEach
    void stop() {
        database.shutdown();
        github.close();
    }

    private ApplicationContextRunner saasConnect() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SaasConnectStoreAutoConfiguration.class,
                        SaasConnectAutoConfiguration.class,
                        TokenImportAutoConfiguration.class))
                .withPropertyValues(
                        "saas-connect.store.type=memory",
                        "saas-connect.providers.github.type=github",
                        "saas-connect.providers.github.client-id=Iv1.spring",
                        "saas-connect.providers.github.client-secret=" + SECRET,
                        "saas-connect.providers.github.web-base-url=" + github.webBaseUrl(),
                        "saas-connect.providers.github.api-base-url=" + github.apiBaseUrl());
    }

    @Test
    void authorizedClientsOfBridgedRegistrationsBecomeConnectionsTheTokenManagerServes() {
        SeededConnection alice = github.connect(github.user("alice"));
        save("gh", "alice@example.com", alice.accessToken(), alice.refreshToken());
        save("gh", "bob@example.com", "gho_bob", "ghr_revoked_long_ago");
        save("gh", "carol@example.com", "gho_carol", null);
        save("other", "dave@example.com", "gho_dave", "ghr_dave");

        saasConnect().run(ctx -> {
            SpringSecurityAuthorizedClientImport importer = new SpringSecurityAuthorizedClientImport(
                    new JdbcTemplate(database),
                    registrations,
                    BridgedRegistrations.of("gh", "github"),
                    ctx.getBean(TokenImport.class));

            ImportReport report = importer.importAll(ImportOptions.defaults()).block(TIMEOUT);

            assertThat(report.outcomes())
                    .extracting(o -> o.connection().owner(), ImportOutcome::result)
                    .containsExactly(
                            tuple("alice@example.com", Result.IMPORTED),
                            tuple("bob@example.com", Result.REJECTED),
                            tuple("carol@example.com", Result.SKIPPED));
            ConnectionId aliceId = ConnectionId.of("github", "alice@example.com");
            ConnectionRecord stored =
                    ctx.getBean(TokenStore.class).read(aliceId).block(TIMEOUT).record();
            assertThat(stored.refreshToken().reveal())
                    .as("the verifying refresh rotated it")
                    .isNotEqualTo(alice.refreshToken());
            String token = ctx.getBean(TokenManager.class)
                    .accessToken(aliceId)
                    .block(TIMEOUT)
                    .value()
                    .reveal();
            assertThat(github.isAccessTokenValid(token)).isTrue();
            assertThat(ctx.getBean(TokenStore.class)
                            .read(ConnectionId.of("github", "bob@example.com"))
                            .block(TIMEOUT))
                    .isNull();

            ImportReport again = importer.importAll(ImportOptions.defaults()).block(TIMEOUT);
            assertThat(again.outcomes().get(0).result())
                    .as("the connection refreshed since is newer than Spring Security's copy")
                    .isEqualTo(Result.SKIPPED);
        });
        assertThat(spring.<OAuth2AuthorizedClient>loadAuthorizedClient("gh", "alice@example.com"))
                .as("Spring Security's table is only read")
                .isNotNull();
    }

    private void save(String registration, String principal, String accessToken, String refreshToken) {
        Instant issued = github.clock().instant().minusSeconds(60);
        OAuth2AuthorizedClient client = new OAuth2AuthorizedClient(
                registrations.findByRegistrationId(registration),
                principal,
                new OAuth2AccessToken(
                        OAuth2AccessToken.TokenType.BEARER,
                        accessToken,
                        issued,
                        issued.plusSeconds(3600),
                        Set.of("repo")),
                refreshToken == null ? null : new OAuth2RefreshToken(refreshToken, issued));
        spring.saveAuthorizedClient(client, new TestingAuthenticationToken(principal, null));
    }

    private ClientRegistration registration(String id) {
        return ClientRegistration.withRegistrationId(id)
                .clientId("Iv1.spring")
                .clientSecret(SECRET)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("http://127.0.0.1/login/oauth2/code/" + id)
                .authorizationUri(github.authorizationEndpoint().toString())
                .tokenUri(github.tokenEndpoint().toString())
                .build();
    }
}

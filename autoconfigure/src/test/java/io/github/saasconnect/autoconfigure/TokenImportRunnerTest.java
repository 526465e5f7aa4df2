package io.github.saasconnect.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.importing.ImportOutcome.Result;
import io.github.saasconnect.importing.ImportReport;
import io.github.saasconnect.importing.TokenImport;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.SeededConnection;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import io.github.saasconnect.token.TokenManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The one-shot import of a JSON-lines file at startup, against the GitHub sandbox over loopback. */
@ExtendWith(OutputCaptureExtension.class)
class TokenImportRunnerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String SECRET = "import-client-secret-value";
    private static GitHubSandbox github;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        github = GitHubSandbox.start(SandboxOptions.defaults().withClient("Iv1.import", SECRET));
    }

    @AfterAll
    static void stop() {
        github.close();
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SaasConnectStoreAutoConfiguration.class,
                        SaasConnectAutoConfiguration.class,
                        TokenImportAutoConfiguration.class))
                .withPropertyValues(
                        "saas-connect.store.type=memory",
                        "saas-connect.providers.github.type=github",
                        "saas-connect.providers.github.client-id=Iv1.import",
                        "saas-connect.providers.github.client-secret=" + SECRET,
                        "saas-connect.providers.github.web-base-url=" + github.webBaseUrl(),
                        "saas-connect.providers.github.api-base-url=" + github.apiBaseUrl());
    }

    @Test
    void importsTheFileVerifiesEachGrantAndReportsWithoutLoggingAToken(CapturedOutput output) throws Exception {
        SeededConnection alice = github.connect(github.user("alice"));
        Path file = dir.resolve("grants.jsonl");
        Files.write(
                file,
                List.of(
                        "{\"registration\":\"github\",\"owner\":\"alice@example.com\",\"refresh_token\":\""
                                + alice.refreshToken() + "\",\"scope\":\"repo read:user\"}",
                        "",
                        "{\"registration\":\"github\",\"owner\":\"bob@example.com\",\"refresh_token\":\"ghr_dead\"}",
                        "{\"registration\":\"github\",\"owner\":\"carol@example.com\",\"access_token\":\"gho_leak\"}",
                        "{\"registration\":\"github\",\"owner\":\"dave@example.com\",\"refresh_token\":\"ghr_x\","
                                + "\"issued_at\":\"yesterday\"}",
                        "not json at all ghr_notjson"));

        runner().withPropertyValues("saas-connect.import.file=" + file).run(ctx -> {
            TokenImportRunner importRunner = ctx.getBean(TokenImportRunner.class);
            importRunner.run(null);
            ImportReport report = importRunner.report();

            assertThat(report.outcomes())
                    .extracting(o -> o.connection().owner(), o -> o.result())
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("alice@example.com", Result.IMPORTED),
                            org.assertj.core.groups.Tuple.tuple("bob@example.com", Result.REJECTED));
            ConnectionId id = ConnectionId.of("github", "alice@example.com");
            String token = ctx.getBean(TokenManager.class)
                    .accessToken(id)
                    .block(TIMEOUT)
                    .value()
                    .reveal();
            assertThat(github.isAccessTokenValid(token)).isTrue();
            assertThat(ctx.getBean(TokenStore.class)
                            .read(ConnectionId.of("github", "bob@example.com"))
                            .block(TIMEOUT))
                    .isNull();
        });

        assertThat(output.getAll())
                .contains("line 4: 'refresh_token' is missing or empty")
                .contains("line 5: 'issued_at' is not an ISO-8601 instant")
                .contains("line 6: not a JSON object")
                .contains("1 imported, 0 imported unverified, 1 rejected, 0 skipped; 3 invalid line(s)")
                .doesNotContain(alice.refreshToken())
                .doesNotContain("ghr_dead")
                .doesNotContain("gho_leak")
                .doesNotContain("ghr_notjson");
    }

    @Test
    void withoutTheFilePropertyThereIsNoRunnerButTokenImportIsThere() {
        runner().run(ctx -> assertThat(ctx).hasSingleBean(TokenImport.class).doesNotHaveBean(TokenImportRunner.class));
    }

    @Test
    void aFileThatDoesNotExistStopsStartupNamingTheProperty() {
        runner().withPropertyValues("saas-connect.import.file=" + dir.resolve("missing.jsonl"))
                .run(ctx ->
                        assertThat(ctx).getFailure().rootCause().hasMessageStartingWith("saas-connect.import.file: "));
    }
}

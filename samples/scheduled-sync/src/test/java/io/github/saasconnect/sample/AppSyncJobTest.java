package io.github.saasconnect.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.job.JobReport;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.RecordedRequest;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample's GitHub App job, as application.yml configures it on the GitHub sandbox: one run walks every
 * installation the sandbox has (including one added after startup), each with its own installation token, and
 * stores nothing.
 */
class AppSyncJobTest {

    private ConfigurableApplicationContext app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void oneRunVisitsEveryInstallationWithItsOwnToken() {
        app = new SpringApplicationBuilder(SampleApplication.class)
                .properties(
                        "server.port=0",
                        "server.address=127.0.0.1",
                        "SAMPLE_DATA_DIR=target/app-sync-test-" + System.nanoTime(),
                        "sample.sync.interval=1h",
                        "sample.app-sync.interval=1h")
                .run();
        SandboxProviders.Sandboxes sandboxes = app.getBean(SandboxProviders.Sandboxes.class);
        GitHubSandbox github = sandboxes.all().stream()
                .filter(GitHubSandbox.class::isInstance)
                .map(GitHubSandbox.class::cast)
                .findFirst()
                .orElseThrow();
        List<Long> installations = new ArrayList<>(sandboxes.githubAppInstallations());
        installations.add(github.installApp("umbrella"));

        JobReport report = app.getBean(AppSyncJob.class).runOnce();

        assertThat(report.succeeded()).isEqualTo(installations.size()).isEqualTo(4);
        assertThat(report.failures()).isEmpty();
        assertThat(github.requestCount(Endpoint.APP_TOKEN)).isEqualTo(4);
        List<RecordedRequest> listed = github.requests().of(Endpoint.API).stream()
                .filter(r -> r.path().equals("/installation/repositories"))
                .toList();
        assertThat(listed)
                .extracting(r -> r.header("authorization"))
                .as("each installation with its own token")
                .doesNotHaveDuplicates()
                .hasSize(4);
        SyncResults results = app.getBean(SyncResults.class);
        for (long installation : installations) {
            assertThat(results.of(ConnectionId.app("github-app", Long.toString(installation)))
                            .summary())
                    .isEqualTo("2 repositories");
        }
        assertThat(app.getBean(TokenStore.class)
                        .list("github-app", null, 10)
                        .block(Duration.ofSeconds(10))
                        .records())
                .isEmpty();
    }
}

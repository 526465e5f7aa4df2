package io.github.saasconnect.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.job.ConnectionJobs;
import io.github.saasconnect.job.JobReport;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.Fault;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;

/**
 * The README's example: an application's job, on the real {@code ConnectionJobs} and {@code ProviderClients}, tested
 * against the GitHub sandbox with two users connected by the annotation. No fake, no mock: tokens, refresh and the
 * API call are the real ones over loopback HTTP.
 */
@SpringBootTest(classes = SaasConnectSandboxesTest.App.class)
@SaasConnectSandboxes(
        value = SandboxProvider.GITHUB,
        connections = {"github:alice", "github:bob"})
class SaasConnectSandboxesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    RepoCounter job;

    @Autowired
    RunningSandboxes sandboxes;

    @Autowired
    TokenStore store;

    @Test
    void theJobRunsForEveryUserTheAnnotationConnected() {
        Counted counted = job.countRepositories();

        // (another test of this class may have connected carol to the shared context too)
        assertThat(counted.report().failed()).isZero();
        assertThat(counted.repositories())
                .containsKeys("alice", "bob")
                .allSatisfy((owner, count) -> assertThat(count).isPositive());
    }

    @Test
    void theConnectionsWentThroughTheRealConnectFlow() {
        GitHubSandbox github = sandboxes.sandbox(SandboxProvider.GITHUB, GitHubSandbox.class);

        assertThat(store.read(ConnectionId.of("github", "alice"))
                        .block(WAIT)
                        .record()
                        .status())
                .isEqualTo(ConnectionStatus.ACTIVE);
        // two code exchanges at the sandbox's token endpoint, at least
        assertThat(github.requestCount(Endpoint.TOKEN)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aTestConnectsMoreUsersAndInjectsFaultsInOneLine() {
        ConnectionId carol = sandboxes.connect("github:carol");
        sandboxes
                .sandbox(SandboxProvider.GITHUB, GitHubSandbox.class)
                .faults()
                .nextApiResponse(Fault.serviceUnavailable());

        Counted counted = job.countRepositories();

        assertThat(carol.owner()).isEqualTo("carol");
        // the outage fails one connection's work, as a transient failure; the others are counted
        assertThat(counted.report().failed(FailureKind.TRANSIENT)).isEqualTo(1);
        assertThat(counted.report().succeeded()).isEqualTo(counted.report().total() - 1);
        assertThat(counted.repositories()).hasSize(counted.report().total() - 1);
    }

    @Test
    void aProviderThatIsNotRunningIsNamed() {
        assertThatThrownBy(() -> sandboxes.connect("google:alice"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No GOOGLE sandbox runs for this test");
    }

    /** The application's job: how many repositories each connected GitHub user has. */
    @Component
    static class RepoCounter {

        private final ConnectionJobs jobs;

        RepoCounter(ConnectionJobs jobs) {
            this.jobs = jobs;
        }

        Counted countRepositories() {
            Map<String, Integer> counts = new ConcurrentHashMap<>();
            JobReport report = jobs.forEachConnectionBlocking("github", 4, (connection, api) -> {
                List<Map<String, Object>> page = api.get()
                        .uri("/user/repos?per_page=100")
                        .retrieve()
                        .body(new ParameterizedTypeReference<>() {});
                counts.put(connection.owner(), page.size());
            });
            return new Counted(Map.copyOf(counts), report);
        }
    }

    /** What the job counted per owner, and its report. */
    record Counted(Map<String, Integer> repositories, JobReport report) {}

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(RepoCounter.class)
    static class App {}
}

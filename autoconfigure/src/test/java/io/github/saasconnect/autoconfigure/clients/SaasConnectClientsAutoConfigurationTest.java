package io.github.saasconnect.autoconfigure.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.autoconfigure.SaasConnectAutoConfiguration;
import io.github.saasconnect.autoconfigure.SaasConnectClientsAutoConfiguration;
import io.github.saasconnect.autoconfigure.SaasConnectStoreAutoConfiguration;
import io.github.saasconnect.client.ClientSettings;
import io.github.saasconnect.client.ProviderClients;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.job.ConnectionJobs;
import io.github.saasconnect.job.ConnectionWork;
import io.github.saasconnect.job.JobReport;
import io.github.saasconnect.job.JobSettings;
import io.github.saasconnect.keepalive.KeepAliveScheduler;
import io.github.saasconnect.keepalive.KeepAliveSettings;
import io.github.saasconnect.keepalive.KeepAliveSweep;
import io.github.saasconnect.provider.PagingStyle;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.store.InMemoryTokenStore;
import io.github.saasconnect.store.JobClaims;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.SeededConnection;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import io.github.saasconnect.token.TokenManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class SaasConnectClientsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    SaasConnectStoreAutoConfiguration.class,
                    SaasConnectAutoConfiguration.class,
                    SaasConnectClientsAutoConfiguration.class))
            .withPropertyValues(
                    "saas-connect.store.type=memory",
                    "saas-connect.providers.acme.type=oauth2",
                    "saas-connect.providers.acme.client-id=acme-client",
                    "saas-connect.providers.acme.client-secret=acme-secret",
                    "saas-connect.providers.acme.authorization-uri=http://127.0.0.1:1/authorize",
                    "saas-connect.providers.acme.token-uri=http://127.0.0.1:1/token");

    @Test
    void contributesClientsJobsAndAKeepAliveSweepThatRunsWithTheContext() {
        runner.run(ctx -> {
            assertThat(ctx)
                    .hasSingleBean(ProviderClients.class)
                    .hasSingleBean(ConnectionJobs.class)
                    .hasSingleBean(KeepAliveSweep.class)
                    .hasSingleBean(KeepAliveScheduler.class);
            assertThat(ctx.getBean(KeepAliveScheduler.class).isRunning()).isTrue();
            assertThat(ctx.getBean(ProviderClients.class).settings()).isEqualTo(ClientSettings.defaults());
        });
    }

    @Test
    void theKeepAliveSweepStopsWhenTheContextCloses() {
        KeepAliveScheduler[] scheduler = new KeepAliveScheduler[1];
        runner.run(ctx -> scheduler[0] = ctx.getBean(KeepAliveScheduler.class));
        assertThat(scheduler[0].isRunning()).isFalse();
    }

    @Test
    void propertiesReachTheClients() {
        runner.withPropertyValues(
                        "saas-connect.clients.max-retry-after=45s",
                        "saas-connect.clients.max-attempts=3",
                        "saas-connect.clients.initial-backoff=3s",
                        "saas-connect.clients.backoff-multiplier=1.5",
                        "saas-connect.clients.max-backoff=20s",
                        "saas-connect.clients.max-pages=7")
                .run(ctx -> {
                    assertThat(ctx.getBean(ProviderClients.class).settings())
                            .isEqualTo(new ClientSettings(
                                    3, Duration.ofSeconds(3), 1.5, Duration.ofSeconds(20), Duration.ofSeconds(45), 7));
                    assertThat(ctx.getBean(ProviderClients.class)
                                    .paginator("acme")
                                    .style())
                            .isEqualTo(PagingStyle.LINK_HEADER);
                });
    }

    @Test
    void theKeepAliveSweepCanBeTurnedOff() {
        runner.withPropertyValues("saas-connect.keep-alive.enabled=false")
                .run(ctx -> assertThat(ctx)
                        .hasSingleBean(ProviderClients.class)
                        .doesNotHaveBean(KeepAliveSweep.class)
                        .doesNotHaveBean(KeepAliveScheduler.class));
    }

    @Test
    void backsOffForTheApplicationsOwnBeans() {
        runner.withUserConfiguration(OwnBeans.class).run(ctx -> {
            assertThat(ctx).getBeans(ConnectionJobs.class).containsOnlyKeys("myJobs");
            assertThat(ctx).getBeans(KeepAliveScheduler.class).containsOnlyKeys("myKeepAlive");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {

        @Bean
        ConnectionJobs myJobs(TokenStore store, ProviderRegistry registry, ProviderClients clients) {
            return new ConnectionJobs(store, registry, clients, Clock.systemUTC(), new JobSettings(10, 10));
        }

        @Bean
        KeepAliveScheduler myKeepAlive(KeepAliveSweep sweep) {
            return new KeepAliveScheduler(sweep, KeepAliveSettings.defaults());
        }
    }

    @Test
    void contributesNothingWithoutATokenManager() {
        runner.withPropertyValues("saas-connect.enabled=false")
                .run(ctx -> assertThat(ctx)
                        .doesNotHaveBean(TokenManager.class)
                        .doesNotHaveBean(ProviderClients.class)
                        .doesNotHaveBean(ConnectionJobs.class)
                        .doesNotHaveBean(KeepAliveScheduler.class));
    }

    @Test
    void theScheduledJobOfTheDesignRunsAgainstTheGitHubSandbox() {
        try (GitHubSandbox github = GitHubSandbox.start()) {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(
                            SaasConnectStoreAutoConfiguration.class,
                            SaasConnectAutoConfiguration.class,
                            SaasConnectClientsAutoConfiguration.class))
                    .withPropertyValues("saas-connect.store.type=memory")
                    .withPropertyValues(githubAsGenericOAuth2(github))
                    .run(ctx -> {
                        seed(ctx, github, "alice");
                        seed(ctx, github, "bob");
                        ConnectionJobs jobs = ctx.getBean(ConnectionJobs.class);
                        List<Object> repos = new CopyOnWriteArrayList<>();

                        JobReport report = jobs.forEachConnection(
                                "github",
                                16,
                                (connection, api) -> api.get()
                                        .uri("/user/repos")
                                        .retrieve()
                                        .bodyToFlux(Map.class)
                                        .doOnNext(repos::add)
                                        .then());

                        assertThat(report.succeeded()).isEqualTo(2);
                        assertThat(repos).hasSize(50);
                        assertThat(github.requestCount(Endpoint.API)).isEqualTo(2);
                    });
        }
    }

    @Test
    void jobsAndTheSweepClaimInTheStoresClaimsAsTheConfiguredReplica() {
        try (GitHubSandbox github = GitHubSandbox.start()) {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(
                            SaasConnectStoreAutoConfiguration.class,
                            SaasConnectAutoConfiguration.class,
                            SaasConnectClientsAutoConfiguration.class))
                    .withPropertyValues("saas-connect.store.type=memory", "saas-connect.clients.jobs.replica-id=pod-7")
                    .withPropertyValues(githubAsGenericOAuth2(github))
                    .run(ctx -> {
                        assertThat(ctx.getBean(JobClaims.class))
                                .isSameAs(ctx.getBean(InMemoryTokenStore.class).jobClaims());
                        seed(ctx, github, "alice");
                        ConnectionJobs jobs = ctx.getBean(ConnectionJobs.class).shared("sync", Duration.ofHours(1));
                        ConnectionWork call = (connection, api) -> api.get()
                                .uri("/user")
                                .retrieve()
                                .toBodilessEntity()
                                .then();

                        JobReport first = jobs.forEachConnection("github", 4, call);
                        JobReport second = jobs.forEachConnection("github", 4, call);

                        assertThat(first.succeeded()).isEqualTo(1);
                        assertThat(first.shared().replica()).isEqualTo("pod-7");
                        assertThat(second.shared().alreadyDone()).isEqualTo(1);
                        assertThat(github.requestCount(Endpoint.API)).isEqualTo(1);
                    });
        }
    }

    @Test
    void theReplicaIdDefaultsToTheTokenManagersInstanceId() {
        runner.withPropertyValues("saas-connect.token.instance-id=instance-3")
                .run(ctx -> assertThat(ctx.getBean(ConnectionJobs.class)
                                .shared("sync", Duration.ofHours(1))
                                .forEachConnection("acme", 1, (connection, api) -> reactor.core.publisher.Mono.empty())
                                .shared()
                                .replica())
                        .isEqualTo("instance-3"));
    }

    @Test
    void aReplicaIdWithALineBreakStopsStartupNamingTheProperty() {
        runner.withPropertyValues("saas-connect.clients.jobs.replica-id=pod\n7")
                .run(ctx -> assertThat(ctx)
                        .hasFailed()
                        .getFailure()
                        .hasRootCauseMessage(
                                "saas-connect.clients.jobs.replica-id: must be 1-200 characters without control "
                                        + "characters. Set it to a name unique per running process (such as the pod name), "
                                        + "or remove it to use the token manager's instance id"));
    }

    @Test
    void theRegistrationsApiHostsAllowListReachesItsDescriptor() {
        runner.withPropertyValues("saas-connect.providers.acme.api-hosts=files.acme.example,*.cdn.acme.example")
                .run(ctx -> assertThat(ctx.getBean(ProviderRegistry.class)
                                .get("acme")
                                .descriptor()
                                .apiHosts())
                        .containsExactlyInAnyOrder("files.acme.example", "*.cdn.acme.example"));
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void withVirtualThreadsEnabledBlockingJobWorkRunsOnVirtualThreads() {
        assertThat(blockingJobThreads("spring.threads.virtual.enabled=true"))
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t).startsWith("virtual saas-connect-job-"));
    }

    @Test
    void withoutVirtualThreadsBlockingJobWorkRunsOnTheJobsOwnPlatformThreads() {
        assertThat(blockingJobThreads("spring.threads.virtual.enabled=false"))
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t).startsWith("platform saas-connect-job-github"));
    }

    /** The threads a blocking job over three GitHub connections ran its work on: "virtual name" or "platform name". */
    private List<String> blockingJobThreads(String virtualThreads) {
        List<String> threads = new CopyOnWriteArrayList<>();
        try (GitHubSandbox github = GitHubSandbox.start()) {
            runner.withPropertyValues(virtualThreads)
                    .withPropertyValues(githubAsGenericOAuth2(github))
                    .run(ctx -> {
                        for (String login : List.of("alice", "bob", "carol")) {
                            seed(ctx, github, login);
                        }
                        JobReport report = ctx.getBean(ConnectionJobs.class)
                                .forEachConnectionBlocking("github", 2, (connection, api) -> {
                                    api.get().uri("/user").retrieve().toBodilessEntity();
                                    Thread current = Thread.currentThread();
                                    threads.add((isVirtual(current) ? "virtual " : "platform ") + current.getName());
                                });
                        assertThat(report.succeeded()).isEqualTo(3);
                    });
        }
        return threads;
    }

    /** Thread.isVirtual(), which this Java 17 build cannot call directly. */
    private static boolean isVirtual(Thread thread) {
        try {
            return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
        } catch (NoSuchMethodException javaBefore21) {
            return false;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A generic OAuth 2.0 registration "github" on the GitHub sandbox, without the keep-alive sweep. */
    private static String[] githubAsGenericOAuth2(GitHubSandbox github) {
        return new String[] {
            "saas-connect.keep-alive.enabled=false",
            "saas-connect.providers.github.type=oauth2",
            "saas-connect.providers.github.client-id=" + github.client().clientId(),
            "saas-connect.providers.github.client-secret=" + github.client().clientSecret(),
            "saas-connect.providers.github.authorization-uri=" + github.authorizationEndpoint(),
            "saas-connect.providers.github.token-uri=" + github.tokenEndpoint(),
            "saas-connect.providers.github.api-base-uri=" + github.apiBaseUrl()
        };
    }

    private static void seed(ConfigurableApplicationContext ctx, GitHubSandbox github, String login) {
        SeededConnection seeded = github.connect(github.user(login));
        Instant now = Instant.now();
        ctx.getBean(TokenStore.class)
                .write(
                        new ConnectionRecord(
                                ConnectionRecord.CURRENT_SCHEMA,
                                ConnectionId.of("github", login),
                                ConnectionStatus.ACTIVE,
                                Secret.of(seeded.refreshToken()),
                                null,
                                Secret.of(seeded.accessToken()),
                                seeded.accessTokenExpiresAt(),
                                "Bearer",
                                seeded.scopes(),
                                Map.of(),
                                now,
                                now,
                                null,
                                null,
                                "g1"),
                        0)
                .block();
    }
}

package io.github.saasconnect.autoconfigure.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.autoconfigure.SaasConnectAutoConfiguration;
import io.github.saasconnect.autoconfigure.SaasConnectClientsAutoConfiguration;
import io.github.saasconnect.autoconfigure.SaasConnectStoreAutoConfiguration;
import io.github.saasconnect.client.ProviderClients;
import io.github.saasconnect.client.RateLimitListener;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.job.ConnectionJobs;
import io.github.saasconnect.job.JobReport;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.ListFixture;
import io.github.saasconnect.testkit.sandbox.ProviderSandbox;
import io.github.saasconnect.testkit.sandbox.SeededConnection;
import io.github.saasconnect.testkit.sandbox.bitbucket.BitbucketSandbox;
import io.github.saasconnect.testkit.sandbox.docusign.DocuSignAccount;
import io.github.saasconnect.testkit.sandbox.docusign.DocuSignSandbox;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import io.github.saasconnect.testkit.sandbox.google.GoogleSandbox;
import io.github.saasconnect.testkit.sandbox.microsoft.MicrosoftSandbox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/**
 * The provider types of the providers module (their descriptors pick the rate-limit and paging styles by type name;
 * DocuSign's adapter gives each connection its {@code base_uri}) configured as an application would, against the
 * five sandboxes: expired tokens refreshed with each provider's quirks, one rate-limit answer each, every page.
 */
class RealProviderTypesAgainstSandboxesTest {

    private static final int ITEMS = 250;
    private static final List<ProviderSandbox> SANDBOXES = new ArrayList<>();
    private static GoogleSandbox google;
    private static MicrosoftSandbox microsoft;
    private static GitHubSandbox github;
    private static DocuSignSandbox docusign;
    private static BitbucketSandbox bitbucket;

    @BeforeAll
    static void start() {
        google = started(GoogleSandbox.start());
        microsoft = started(MicrosoftSandbox.start());
        github = started(GitHubSandbox.start());
        docusign = started(DocuSignSandbox.start());
        bitbucket = started(BitbucketSandbox.start());
        SANDBOXES.forEach(s -> s.listFixture(ListFixture.of(ITEMS)));
    }

    @AfterAll
    static void stop() {
        SANDBOXES.forEach(ProviderSandbox::close);
    }

    private static <T extends ProviderSandbox> T started(T sandbox) {
        SANDBOXES.add(sandbox);
        return sandbox;
    }

    private ApplicationContextRunner runner() {
        List<String> p =
                new ArrayList<>(List.of("saas-connect.store.type=memory", "saas-connect.keep-alive.enabled=false"));
        client(p, "google", google);
        p.add("saas-connect.providers.google.token-uri=" + google.tokenEndpoint());
        p.add("saas-connect.providers.google.api-base-uri=" + google.baseUrl());
        client(p, "microsoft", microsoft);
        p.add("saas-connect.providers.microsoft.tenant=common");
        p.add("saas-connect.providers.microsoft.options.authority-host=" + microsoft.baseUrl());
        p.add("saas-connect.providers.microsoft.api-base-uri=" + microsoft.baseUrl());
        client(p, "github", github);
        p.add("saas-connect.providers.github.web-base-url=" + github.webBaseUrl());
        p.add("saas-connect.providers.github.api-base-url=" + github.apiBaseUrl());
        client(p, "docusign", docusign);
        p.add("saas-connect.providers.docusign.options.oauth-base-url=" + docusign.baseUrl());
        client(p, "bitbucket", bitbucket);
        p.add("saas-connect.providers.bitbucket.token-uri=" + bitbucket.tokenEndpoint());
        p.add("saas-connect.providers.bitbucket.api-base-uri=" + bitbucket.baseUrl());
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SaasConnectStoreAutoConfiguration.class,
                        SaasConnectAutoConfiguration.class,
                        SaasConnectClientsAutoConfiguration.class))
                .withPropertyValues(p.toArray(String[]::new));
    }

    private static void client(List<String> p, String type, ProviderSandbox sandbox) {
        p.add("saas-connect.providers." + type + ".type=" + type);
        p.add("saas-connect.providers." + type + ".client-id="
                + sandbox.client().clientId());
        p.add("saas-connect.providers." + type + ".client-secret="
                + sandbox.client().clientSecret());
    }

    @Test
    void expiredTokensAreRefreshedAndEveryPageIsReadThroughOneRateLimitPerProvider() {
        List<Duration> waits = new CopyOnWriteArrayList<>();
        Map<ProviderSandbox, Long> tokenRequestsBefore = new ConcurrentHashMap<>();
        SANDBOXES.forEach(s -> tokenRequestsBefore.put(s, s.requestCount(Endpoint.TOKEN)));
        runner().withBean(RateLimitListener.class, () -> (id, wait, reason, waiting) -> waits.add(wait))
                .run(ctx -> {
                    ConnectionId g = seed(ctx, "google", google, "alice", Map.of());
                    ConnectionId m = seed(ctx, "microsoft", microsoft, "alice", Map.of());
                    ConnectionId h = seed(ctx, "github", github, "alice", Map.of());
                    DocuSignAccount account =
                            docusign.accounts(docusign.user("alice")).get(0);
                    ConnectionId d = seed(
                            ctx,
                            "docusign",
                            docusign,
                            "alice",
                            Map.of("account_id", account.accountId(), "base_uri", account.baseUri()));
                    ConnectionId b = seed(ctx, "bitbucket", bitbucket, "alice", Map.of());
                    google.faults().nextApiResponse(google.userRateLimitExceeded());
                    microsoft.faults().nextApiResponse(microsoft.throttled(Duration.ofSeconds(1)));
                    github.faults().nextApiResponse(github.secondaryRateLimit(403, Duration.ofSeconds(1)));
                    bitbucket.faults().nextApiResponse(bitbucket.rateLimited());
                    ProviderClients clients = ctx.getBean(ProviderClients.class);

                    Map<String, Integer> counts = new ConcurrentHashMap<>();
                    Flux.merge(
                                    count(counts, "google", clients, g, "/drive/v3/files?pageSize=100", "files"),
                                    count(counts, "microsoft", clients, m, "/v1.0/me/messages?$top=100", null),
                                    count(counts, "github", clients, h, "/user/repos?per_page=100", null),
                                    count(
                                            counts,
                                            "docusign",
                                            clients,
                                            d,
                                            "/v2.1/accounts/" + account.accountId() + "/envelopes?count=100",
                                            "envelopes"),
                                    count(counts, "bitbucket", clients, b, "/2.0/repositories/alice?pagelen=100", null))
                            .blockLast(Duration.ofSeconds(30));

                    assertThat(counts)
                            .containsOnly(
                                    Map.entry("google", ITEMS),
                                    Map.entry("microsoft", ITEMS),
                                    Map.entry("github", ITEMS),
                                    Map.entry("docusign", ITEMS),
                                    Map.entry("bitbucket", ITEMS));
                    assertThat(waits).hasSize(4);
                    SANDBOXES.forEach(s -> assertThat(s.requestCount(Endpoint.TOKEN) - tokenRequestsBefore.get(s))
                            .as(s.getClass().getSimpleName())
                            .isEqualTo(1));
                });
    }

    @Test
    void aJobOverGitHubConnectionsUsesTheGitHubTypesDescriptor() {
        runner().run(ctx -> {
            for (int i = 0; i < 20; i++) {
                seed(ctx, "github", github, "user" + i, Map.of());
            }
            AtomicInteger repos = new AtomicInteger();
            ProviderClients clients = ctx.getBean(ProviderClients.class);

            JobReport report = ctx.getBean(ConnectionJobs.class)
                    .forEachConnection(
                            "github",
                            8,
                            (connection, api) -> clients.paginator("github")
                                    .items(api, "/user/repos?per_page=100", JsonNode.class)
                                    .doOnNext(repo -> repos.incrementAndGet())
                                    .then());

            assertThat(report.succeeded()).isEqualTo(20);
            assertThat(repos).hasValue(20 * ITEMS);
        });
    }

    private static Flux<Object> count(
            Map<String, Integer> counts,
            String registration,
            ProviderClients clients,
            ConnectionId id,
            String uri,
            String field) {
        return clients.paginator(registration)
                .items(clients.webClient(id), uri, field, JsonNode.class)
                .count()
                .doOnNext(n -> counts.put(registration, n.intValue()))
                .cast(Object.class)
                .flux();
    }

    /** A stored connection whose access token has expired, so the first call refreshes it. */
    private static ConnectionId seed(
            ApplicationContext ctx,
            String registration,
            ProviderSandbox sandbox,
            String login,
            Map<String, String> attributes) {
        SeededConnection seeded = sandbox.connect(sandbox.user(login));
        Instant now = Instant.now();
        ConnectionId id = ConnectionId.of(registration, login);
        ctx.getBean(TokenStore.class)
                .write(
                        new ConnectionRecord(
                                ConnectionRecord.CURRENT_SCHEMA,
                                id,
                                ConnectionStatus.ACTIVE,
                                Secret.ofNullable(seeded.refreshToken()),
                                null,
                                Secret.of(seeded.accessToken()),
                                now.minusSeconds(1),
                                "Bearer",
                                seeded.scopes(),
                                attributes,
                                now.minusSeconds(3600),
                                now.minusSeconds(3600),
                                null,
                                null,
                                "g1"),
                        0)
                .block();
        return id;
    }
}

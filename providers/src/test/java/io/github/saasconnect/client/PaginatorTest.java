package io.github.saasconnect.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.http.JdkWebClients;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.ListFixture;
import io.github.saasconnect.testkit.sandbox.RecordedRequest;
import io.github.saasconnect.testkit.sandbox.bitbucket.BitbucketSandbox;
import io.github.saasconnect.testkit.sandbox.docusign.DocuSignSandbox;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import io.github.saasconnect.testkit.sandbox.google.GoogleSandbox;
import io.github.saasconnect.testkit.sandbox.microsoft.MicrosoftSandbox;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/** Paging over 1,234 items of each provider's list endpoint, with each provider's style of next page. */
class PaginatorTest {

    private static final int ITEMS = 1234;
    private static final Duration VERIFY = Duration.ofSeconds(30);

    record Repo(long id, String name) {}

    @Test
    void gitHubFollowsTheLinkHeaderToTheLastItem() {
        try (ApiFixture<GitHubSandbox> github = ApiFixture.github(ProviderStrategies.GITHUB)) {
            github.sandbox.listFixture(ListFixture.of(ITEMS));
            ConnectionId alice = github.connect("alice");

            List<Repo> repos = github.clients()
                    .paginator("github")
                    .items(github.clients().webClient(alice), "/user/repos?per_page=100", Repo.class)
                    .collectList()
                    .block(VERIFY);

            assertThat(repos).hasSize(ITEMS);
            assertThat(new HashSet<>(repos)).hasSize(ITEMS);
            assertThat(repos.get(ITEMS - 1).name()).isEqualTo("repo-" + ITEMS);
            assertThat(github.sandbox.requestCount(Endpoint.API)).isEqualTo(13);
        }
    }

    @Test
    void graphFollowsOdataNextLinkAsIsAcrossEmptyPagesAndResendsHeaders() {
        try (ApiFixture<MicrosoftSandbox> microsoft = ApiFixture.microsoft(ProviderStrategies.MICROSOFT)) {
            microsoft.sandbox.listFixture(ListFixture.of(ITEMS).withEmptyPages(2, 7));
            ConnectionId alice = microsoft.connect("alice");

            List<JsonNode> messages = microsoft
                    .clients()
                    .paginator("microsoft")
                    .items(
                            microsoft.clients().webClient(alice),
                            "/v1.0/me/messages?$top=100",
                            null,
                            JsonNode.class,
                            headers -> headers.set("ConsistencyLevel", "eventual"))
                    .collectList()
                    .block(VERIFY);

            assertThat(messages).hasSize(ITEMS);
            assertThat(messages.stream().map(m -> m.path("id").asString()).distinct())
                    .hasSize(ITEMS);
            List<RecordedRequest> pages = microsoft.sandbox.requests().of(Endpoint.API);
            assertThat(pages).hasSize(15);
            assertThat(pages)
                    .allSatisfy(
                            page -> assertThat(page.header("ConsistencyLevel")).isEqualTo("eventual"));
            assertThat(pages.get(1).query()).contains("%24skiptoken=").contains("%24top=100");
        }
    }

    @Test
    void googleStopsWhenNextPageTokenIsAbsentNotWhenAPageIsEmpty() {
        try (ApiFixture<GoogleSandbox> google = ApiFixture.google(ProviderStrategies.GOOGLE)) {
            google.sandbox.listFixture(ListFixture.of(ITEMS).withEmptyPages(3));
            ConnectionId alice = google.connect("alice");

            List<JsonNode> files = google.clients()
                    .paginator("google")
                    .items(
                            google.clients().webClient(alice),
                            "/drive/v3/files?pageSize=100&fields=files(id,name)",
                            "files",
                            JsonNode.class)
                    .collectList()
                    .block(VERIFY);

            assertThat(files).hasSize(ITEMS);
            assertThat(files.stream().map(f -> f.path("id").asString()).distinct())
                    .hasSize(ITEMS);
            List<RecordedRequest> pages = google.sandbox.requests().of(Endpoint.API);
            assertThat(pages).hasSize(14);
            assertThat(pages.get(1).query())
                    .contains("pageSize=100")
                    .contains("fields=")
                    .contains("pageToken=");
        }
    }

    @Test
    void bitbucketFollowsNextUrlsInTheBody() {
        try (ApiFixture<BitbucketSandbox> bitbucket = ApiFixture.bitbucket(ProviderStrategies.BITBUCKET)) {
            bitbucket.sandbox.listFixture(ListFixture.of(ITEMS));
            ConnectionId alice = bitbucket.connect("alice");

            List<JsonNode> repositories = bitbucket
                    .clients()
                    .paginator("bitbucket")
                    .items(bitbucket.clients().webClient(alice), "/2.0/repositories/acme?pagelen=100", JsonNode.class)
                    .collectList()
                    .block(VERIFY);

            assertThat(repositories).hasSize(ITEMS);
            assertThat(repositories.stream().map(r -> r.path("uuid").asString()).distinct())
                    .hasSize(ITEMS);
            assertThat(bitbucket.sandbox.requestCount(Endpoint.API)).isEqualTo(13);
        }
    }

    @Test
    void docuSignFollowsNextUriRelativeToTheConnectionsBaseUri() {
        try (ApiFixture<DocuSignSandbox> docusign = ApiFixture.docusign(ProviderStrategies.DOCUSIGN)) {
            docusign.sandbox.burstLimit(1000);
            docusign.sandbox.listFixture(ListFixture.of(ITEMS));
            ConnectionId alice = docusign.connectDocuSign("alice", null);
            String account = docusign.stored(alice).attributes().get("account_id");

            List<JsonNode> envelopes = docusign.clients()
                    .paginator("docusign")
                    .items(
                            docusign.clients().webClient(alice),
                            "/v2.1/accounts/" + account + "/envelopes?count=100",
                            "envelopes",
                            JsonNode.class)
                    .collectList()
                    .block(VERIFY);

            assertThat(envelopes).hasSize(ITEMS);
            assertThat(envelopes.stream()
                            .map(e -> e.path("envelopeId").asString())
                            .distinct())
                    .hasSize(ITEMS);
            assertThat(docusign.sandbox.requests().of(Endpoint.API))
                    .hasSize(13)
                    .allSatisfy(
                            r -> assertThat(r.path()).isEqualTo("/restapi/v2.1/accounts/" + account + "/envelopes"));
        }
    }

    @Test
    void pagesAreFetchedAtMostOnePageAheadOfWhatTheSubscriberAskedFor() {
        try (ApiFixture<GitHubSandbox> github = ApiFixture.github(ProviderStrategies.GITHUB)) {
            github.sandbox.listFixture(ListFixture.of(ITEMS));
            ConnectionId alice = github.connect("alice");
            WebClient api = github.clients().webClient(alice);

            StepVerifier.create(
                            github.clients().paginator("github").items(api, "/user/repos?per_page=100", Repo.class), 0)
                    .thenRequest(5)
                    .expectNextCount(5)
                    .then(() -> assertThat(github.sandbox.requestCount(Endpoint.API))
                            .isBetween(1L, 2L))
                    .thenRequest(100)
                    .expectNextCount(100)
                    .then(() -> assertThat(github.sandbox.requestCount(Endpoint.API))
                            .isBetween(2L, 3L))
                    .thenCancel()
                    .verify(VERIFY);
            assertThat(github.sandbox.requestCount(Endpoint.API)).isLessThanOrEqualTo(3);
        }
    }

    @Test
    void aPageLimitStopsEndlessPaging() {
        try (ApiFixture<GitHubSandbox> github = ApiFixture.github(ProviderStrategies.GITHUB)) {
            github.clientSettings = github.clientSettings.withMaxPages(3);
            github.sandbox.listFixture(ListFixture.of(ITEMS));
            ConnectionId alice = github.connect("alice");

            StepVerifier.create(github.clients()
                            .paginator("github")
                            .items(github.clients().webClient(alice), "/user/repos?per_page=100", Repo.class))
                    .expectNextCount(300)
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(PageLimitExceededException.class)
                            .hasMessageContaining("3 pages")
                            .hasMessageContaining("max-pages"))
                    .verify(VERIFY);
            assertThat(github.sandbox.requestCount(Endpoint.API)).isEqualTo(3);
        }
    }

    @Test
    void anItemsFieldIsRequiredWhereItsNameDiffersPerEndpoint() {
        try (ApiFixture<GoogleSandbox> google = ApiFixture.google(ProviderStrategies.GOOGLE)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> google.clients()
                            .paginator("google")
                            .items(JdkWebClients.builder().build(), "/drive/v3/files", Map.class))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("\"files\"");
        }
    }
}

package io.github.saasconnect.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.failure.TransientFailureException;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.Fault;
import io.github.saasconnect.testkit.sandbox.docusign.DocuSignSandbox;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/** ProviderClients against the GitHub sandbox: URL resolution, bearer tokens, one refresh on 401, the breaker. */
@SuppressWarnings("unchecked")
class AuthorizedClientsTest {

    private final ApiFixture<GitHubSandbox> github = ApiFixture.github();

    @AfterEach
    void close() {
        github.close();
    }

    private Map<String, Object> user(ConnectionId id) {
        return github.clients()
                .webClient(id)
                .get()
                .uri("/user")
                .retrieve()
                .bodyToMono(Map.class)
                .block(Duration.ofSeconds(10));
    }

    @Test
    void aBoundClientSendsTheConnectionsBearerTokenToTheProvidersApi() {
        ConnectionId alice = github.connect("alice");

        Map<String, Object> user = user(alice);

        assertThat(user).containsEntry("login", "alice");
        assertThat(github.sandbox.requests().last(Endpoint.API).orElseThrow().header("Authorization"))
                .isEqualTo("Bearer " + github.storedAccessToken(alice));
    }

    @Test
    void theRegistrationClientCallsAsTheConnectionNamedInTheRequest() {
        github.connect("alice");
        ConnectionId bob = github.connect("bob");

        Map<String, Object> user = (Map<String, Object>) github.clients()
                .webClient("github")
                .get()
                .uri("/user")
                .attributes(ProviderClients.connection(bob))
                .retrieve()
                .bodyToMono(Map.class)
                .block();

        assertThat(user).containsEntry("login", "bob");
    }

    @Test
    void docuSignCallsGoToTheConnectionsBaseUriNotTheDescriptors() {
        try (ApiFixture<DocuSignSandbox> docusign = ApiFixture.docusign()) {
            ConnectionId alice = docusign.connectDocuSign("alice", null);
            String account = docusign.stored(alice).attributes().get("account_id");

            for (int i = 0; i < 3; i++) {
                Map<String, Object> body = (Map<String, Object>) docusign.clients()
                        .webClient("docusign")
                        .get()
                        .uri("/v2.1/accounts/{account}", account)
                        .attributes(ProviderClients.connection(alice))
                        .retrieve()
                        .bodyToMono(Map.class)
                        .block();
                assertThat(body).containsEntry("accountIdGuid", account);
            }

            assertThat(docusign.sandbox.requests().of(Endpoint.API))
                    .hasSize(3)
                    .allSatisfy(r -> assertThat(r.path()).isEqualTo("/restapi/v2.1/accounts/" + account));
        }
    }

    @Test
    void aRequestThatNamesNoConnectionIsRefused() {
        assertThatThrownBy(() -> github.clients()
                        .webClient("github")
                        .get()
                        .uri("/user")
                        .retrieve()
                        .bodyToMono(String.class)
                        .block())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ProviderClients.connection(id)");
        assertThat(github.sandbox.requestCount(Endpoint.API)).isZero();
    }

    @Test
    void theTokenIsNeverSentToAHostOutsideTheApisDomain() {
        ConnectionId alice = github.connect("alice");

        assertThatThrownBy(() -> github.clients()
                        .webClient(alice)
                        .get()
                        .uri(URI.create("http://127.0.0.2:9/steal"))
                        .retrieve()
                        .bodyToMono(String.class)
                        .block())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refusing to send the access token of connection github:alice");
    }

    @Test
    void enterpriseServerCallsKeepTheApiV3Prefix() {
        try (ApiFixture<GitHubSandbox> ghes = ApiFixture.githubEnterpriseServer()) {
            ConnectionId alice = ghes.connect("alice");

            Map<String, Object> user = (Map<String, Object>) ghes.clients()
                    .webClient(alice)
                    .get()
                    .uri("/user")
                    .retrieve()
                    .bodyToMono(Map.class)
                    .block();

            assertThat(user).containsEntry("login", "alice");
            assertThat(ghes.sandbox.requests().last(Endpoint.API).orElseThrow().path())
                    .isEqualTo("/api/v3/user");
        }
    }

    @Test
    void a401RefreshesOnceAndTheRetrySucceeds() {
        ConnectionId alice = github.connect("alice");
        String before = github.storedAccessToken(alice);
        github.sandbox.expireAccessToken(before);

        Map<String, Object> user = user(alice);

        assertThat(user).containsEntry("login", "alice");
        assertThat(github.sandbox.requestCount(Endpoint.TOKEN)).isEqualTo(1);
        assertThat(github.sandbox.requestCount(Endpoint.API)).isEqualTo(2);
        assertThat(github.storedAccessToken(alice)).isNotEqualTo(before);
    }

    @Test
    void aSecond401IsATypedErrorNotALoop() {
        ConnectionId alice = github.connect("alice");
        github.sandbox.faults().nextApiResponse(unauthorized(), unauthorized(), unauthorized());

        assertThatThrownBy(() -> user(alice))
                .isInstanceOf(ApiUnauthorizedException.class)
                .hasMessageContaining("github:alice")
                .hasMessageNotContaining(github.storedAccessToken(alice))
                .satisfies(e -> assertThat(((ApiUnauthorizedException) e).kind())
                        .isEqualTo(FailureKind.REAUTHORIZATION_REQUIRED));
        assertThat(github.sandbox.requestCount(Endpoint.TOKEN)).isEqualTo(1);
        assertThat(github.sandbox.requestCount(Endpoint.API)).isEqualTo(2);
    }

    @Test
    void theRestClientTwinRefreshesOnceOn401() {
        ConnectionId alice = github.connect("alice");
        github.sandbox.expireAccessToken(github.storedAccessToken(alice));

        Map<String, Object> user = (Map<String, Object>)
                github.clients().restClient(alice).get().uri("/user").retrieve().body(Map.class);

        assertThat(user).containsEntry("login", "alice");
        assertThat(github.sandbox.requestCount(Endpoint.TOKEN)).isEqualTo(1);
        assertThat(github.sandbox.requestCount(Endpoint.API)).isEqualTo(2);
    }

    @Test
    void theRestClientTwinFailsTypedOnASecond401() {
        ConnectionId alice = github.connect("alice");
        github.sandbox.faults().nextApiResponse(unauthorized(), unauthorized(), unauthorized());

        assertThatThrownBy(() -> github.clients()
                        .restClient("github")
                        .get()
                        .uri("/user")
                        .attributes(ProviderClients.connection(alice))
                        .retrieve()
                        .body(Map.class))
                .isInstanceOf(ApiUnauthorizedException.class);
        assertThat(github.sandbox.requestCount(Endpoint.API)).isEqualTo(2);
    }

    @Test
    void serverErrorsCountAgainstTheApiBreakerAndAnOpenBreakerStopsCalls() {
        ConnectionId alice = github.connect("alice");
        github.sandbox.faults().always(Endpoint.API, Fault.htmlServerError());
        CircuitBreaker breaker = github.resilience().apiBreaker("github");

        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> user(alice)).isInstanceOf(WebClientResponseException.InternalServerError.class);
        }
        long sent = github.sandbox.requestCount(Endpoint.API);

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(() -> user(alice))
                .isInstanceOf(TransientFailureException.class)
                .hasMessageContaining("circuit breaker");
        assertThatThrownBy(() -> github.clients()
                        .restClient(alice)
                        .get()
                        .uri("/user")
                        .retrieve()
                        .body(Map.class))
                .isInstanceOf(TransientFailureException.class);
        assertThat(github.sandbox.requestCount(Endpoint.API)).isEqualTo(sent);
    }

    @Test
    void theRestClientTwinReportsServerErrorsToTheApiBreakerToo() {
        ConnectionId alice = github.connect("alice");
        github.sandbox.faults().nextApiResponse(Fault.htmlServerError());

        assertThatThrownBy(() -> github.clients()
                        .restClient(alice)
                        .get()
                        .uri("/user")
                        .retrieve()
                        .body(Map.class))
                .isInstanceOf(HttpServerErrorException.InternalServerError.class);
        assertThat(github.resilience().apiBreaker("github").getMetrics().getNumberOfFailedCalls())
                .isEqualTo(1);
    }

    private static Fault unauthorized() {
        return Fault.response(401, "application/json", "{\"message\":\"Bad credentials\"}", Map.of());
    }
}

package io.github.saasconnect.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.connect.AuthorizationCallback;
import io.github.saasconnect.connect.ConnectFlow;
import io.github.saasconnect.connect.ConnectRedirect;
import io.github.saasconnect.connect.ConnectResult;
import io.github.saasconnect.connect.ConnectSettings;
import io.github.saasconnect.connect.ReturnToPolicy;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.event.ConnectionEvent;
import io.github.saasconnect.event.ReauthorizationRequiredEvent;
import io.github.saasconnect.failure.ReauthorizationCause;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.http.JdkWebClients;
import io.github.saasconnect.job.ConnectionJobs;
import io.github.saasconnect.job.JobReport;
import io.github.saasconnect.job.JobSettings;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.store.InMemoryPendingAuthorizationStore;
import io.github.saasconnect.testkit.sandbox.AuthorizationRedirect;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.RecordedRequest;
import io.github.saasconnect.testkit.sandbox.github.GitHubAppKind;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A classic GitHub OAuth App token (no refresh token, no expiry) that GitHub stops accepting, over HTTP against the
 * GitHub sandbox: the rejected token is never sent again, the connection is marked once, jobs skip it, and
 * connecting again brings it back.
 */
@SuppressWarnings("unchecked")
class RejectedTokenWithoutRefreshTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ApiFixture<GitHubSandbox> github = ApiFixture.github();

    RejectedTokenWithoutRefreshTest() {
        github.sandbox.appKind(GitHubAppKind.OAUTH_APP);
    }

    @AfterEach
    void close() {
        github.close();
    }

    private Map<String, Object> viaWebClient(ConnectionId id) {
        return github.clients()
                .webClient(id)
                .get()
                .uri("/user")
                .retrieve()
                .bodyToMono(Map.class)
                .block(WAIT);
    }

    private Map<String, Object> viaRestClient(ConnectionId id) {
        return github.clients().restClient(id).get().uri("/user").retrieve().body(Map.class);
    }

    @Test
    void webClientRevokedGrantMarksTheConnectionOnceAndNeverSendsTheRejectedTokenAgain() {
        revokedGrantMarksTheConnectionOnce(this::viaWebClient);
    }

    @Test
    void restClientRevokedGrantMarksTheConnectionOnceAndNeverSendsTheRejectedTokenAgain() {
        revokedGrantMarksTheConnectionOnce(this::viaRestClient);
    }

    private void revokedGrantMarksTheConnectionOnce(Function<ConnectionId, Map<String, Object>> call) {
        // Given an OAuth App connection in use, whose grant the user then revokes at GitHub
        ConnectionId alice = github.connect("alice");
        assertThat(github.stored(alice).refreshToken()).isNull();
        String token = github.storedAccessToken(alice);
        assertThat(call.apply(alice)).containsEntry("login", "alice");
        assertThat(github.sandbox.revokeGrant(github.sandbox.user("alice"))).isTrue();

        // When the application calls the API for it
        assertThatThrownBy(() -> call.apply(alice))
                .isInstanceOfSatisfying(ReauthorizationRequiredException.class, e -> {
                    assertThat(e.connection()).isEqualTo(alice);
                    assertThat(e.reason()).isEqualTo(ReauthorizationCause.NO_REFRESH_TOKEN);
                    assertThat(e.errorCode()).isEqualTo("access_token_rejected");
                    assertThat(e.getMessage()).doesNotContain(token);
                });

        // Then the rejected token went out once, no retry followed, and the connection is marked with one event
        List<RecordedRequest> api = github.sandbox.requests().of(Endpoint.API);
        assertThat(api)
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + token));
        assertThat(github.sandbox.requestCount(Endpoint.TOKEN)).isZero();
        ConnectionRecord stored = github.stored(alice);
        assertThat(stored.status()).isEqualTo(ConnectionStatus.REAUTHORIZATION_REQUIRED);
        assertThat(stored.lastError().kind()).isEqualTo(FailureKind.REAUTHORIZATION_REQUIRED);
        assertThat(stored.lastError().code()).isEqualTo("access_token_rejected");
        assertThat(reauthorizationEvents()).singleElement().satisfies(event -> {
            assertThat(event.connection()).isEqualTo(alice);
            assertThat(event.cause()).isEqualTo(ReauthorizationCause.NO_REFRESH_TOKEN);
            assertThat(event.errorCode()).isEqualTo("access_token_rejected");
        });
        // and later calls fail at once, without reaching GitHub or publishing again
        assertThatThrownBy(() -> call.apply(alice))
                .isInstanceOfSatisfying(
                        ReauthorizationRequiredException.class,
                        e -> assertThat(e.reason()).isEqualTo(ReauthorizationCause.ALREADY_MARKED));
        assertThat(github.sandbox.requestCount(Endpoint.API)).isEqualTo(2);
        assertThat(reauthorizationEvents()).hasSize(1);
    }

    @Test
    void aTokenStoredMeanwhileIsWhatTheRetrySendsAndNothingIsMarked() {
        // Given a connection whose cached token GitHub rejects, and whose stored token another instance replaced
        ConnectionId alice = github.connect("alice");
        String rejected = github.storedAccessToken(alice);
        assertThat(viaWebClient(alice)).containsEntry("login", "alice");
        github.sandbox.revokeGrant(github.sandbox.user("alice"));
        String replacement =
                github.sandbox.connect(github.sandbox.user("alice")).accessToken();
        var current = github.store.read(alice).block(WAIT);
        ConnectionRecord r = current.record();
        github.store
                .write(
                        new ConnectionRecord(
                                r.schema(),
                                r.id(),
                                r.status(),
                                null,
                                null,
                                Secret.of(replacement),
                                null,
                                r.tokenType(),
                                r.scopes(),
                                r.attributes(),
                                r.connectedAt(),
                                r.lastRefreshedAt(),
                                null,
                                null,
                                r.generation()),
                        current.version())
                .block(WAIT);

        // When
        Map<String, Object> user = viaRestClient(alice);

        // Then the store was read again after the 401, and its token used
        assertThat(user).containsEntry("login", "alice");
        assertThat(github.sandbox.requests().of(Endpoint.API))
                .extracting(request -> request.header("Authorization"))
                .containsExactly("Bearer " + rejected, "Bearer " + rejected, "Bearer " + replacement);
        assertThat(github.stored(alice).status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(reauthorizationEvents()).isEmpty();
    }

    @Test
    void jobsReportTheRejectedConnectionOnceThenSkipItUntilTheUserConnectsAgain() {
        // Given two OAuth App connections, one of whose grants is revoked
        ConnectionId alice = github.connect("alice");
        ConnectionId bob = github.connect("bob");
        github.sandbox.revokeGrant(github.sandbox.user("alice"));
        ConnectionJobs jobs = new ConnectionJobs(
                github.store,
                new ProviderRegistry(List.of(github.registration)),
                github.clients(),
                github.clock,
                JobSettings.defaults());

        // When a job runs over the registration twice
        JobReport first = jobs.forEachConnection(
                "github",
                4,
                (connection, api) ->
                        api.get().uri("/user").retrieve().bodyToMono(Map.class).then());
        long afterFirst = github.sandbox.requestCount(Endpoint.API);
        JobReport second = jobs.forEachConnectionBlocking(
                "github",
                4,
                (connection, api) -> api.get().uri("/user").retrieve().body(Map.class));

        // Then the first run sent alice's token once and recorded her; the second did not call the API for her
        assertThat(first.needsReauthorization()).containsExactly(alice);
        assertThat(first.succeeded()).isEqualTo(1);
        assertThat(afterFirst).isEqualTo(2);
        assertThat(second.needsReauthorization()).isEmpty();
        assertThat(second.skipped()).isEqualTo(1);
        assertThat(second.succeeded()).isEqualTo(1);
        assertThat(github.sandbox.requestCount(Endpoint.API)).isEqualTo(afterFirst + 1);
        assertThat(github.sandbox.requests().last(Endpoint.API).orElseThrow().header("Authorization"))
                .isEqualTo("Bearer " + github.storedAccessToken(bob));
        assertThat(reauthorizationEvents()).hasSize(1);

        // When alice connects again
        ConnectResult reconnected = reconnect("alice");

        // Then her connection is active, calls go through with the new token, and jobs include her again
        assertThat(reconnected.recovered()).isTrue();
        assertThat(github.stored(alice).status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(viaWebClient(alice)).containsEntry("login", "alice");
        JobReport third = jobs.forEachConnection(
                "github",
                4,
                (connection, api) ->
                        api.get().uri("/user").retrieve().bodyToMono(Map.class).then());
        assertThat(third.succeeded()).isEqualTo(2);
        assertThat(third.skipped()).isZero();
    }

    private ConnectResult reconnect(String owner) {
        URI callback = URI.create("https://app.example/saas-connect/callback/github");
        ConnectFlow flow = ConnectFlow.builder(
                        new ProviderRegistry(List.of(github.registration)),
                        github.store,
                        new InMemoryPendingAuthorizationStore(github.clock),
                        new OAuth2TokenClient(JdkWebClients.builder().build(), github.clock, WAIT))
                .events(event -> {
                    github.events.add(event);
                    github.tokens().onConnectionEvent((ConnectionEvent) event);
                })
                .clock(github.clock)
                .settings(new ConnectSettings(
                        Duration.ofMinutes(10), new ReturnToPolicy(List.of("https://app.example"), "/"), 5))
                .observations(ObservationRegistry.NOOP)
                .build();
        ConnectRedirect redirect = flow.start("github", owner, "/", callback).block(WAIT);
        AuthorizationRedirect answer = github.sandbox.approve(redirect.location());
        return flow.complete("github", owner, AuthorizationCallback.ofCode(answer.state(), answer.code()))
                .block(WAIT);
    }

    private List<ReauthorizationRequiredEvent> reauthorizationEvents() {
        return github.events.stream()
                .filter(ReauthorizationRequiredEvent.class::isInstance)
                .map(ReauthorizationRequiredEvent.class::cast)
                .toList();
    }
}

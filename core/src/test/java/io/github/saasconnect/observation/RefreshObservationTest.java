package io.github.saasconnect.observation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.client.ApiFixture;
import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * With a tracing handler on the observation registry, each refresh is one span (however many callers wait for it),
 * with the documented keys and nothing that identifies the user or opens their account. Refreshes run over HTTP
 * against the GitHub sandbox.
 */
class RefreshObservationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String OWNER = "alice";

    private final SimpleTracer tracer = new SimpleTracer();
    private final ObservationRegistry observations = ObservationRegistry.create();

    RefreshObservationTest() {
        observations.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
    }

    @Test
    void aRefreshIsOneSpanWithTheDocumentedKeys() {
        try (ApiFixture<GitHubSandbox> github = ApiFixture.github()) {
            // Given a connection whose access token has expired
            github.observations = observations;
            ConnectionId alice = github.connectExpired(OWNER);

            // When
            github.tokens().accessToken(alice).block(WAIT);

            // Then
            assertThat(refreshSpans()).singleElement().satisfies(span -> {
                assertThat(span.getName()).isEqualTo("refresh github");
                assertThat(span.getTags())
                        .containsExactlyInAnyOrderEntriesOf(
                                Map.of("registration", "github", "provider", "github", "outcome", "success"));
                assertThat(span.getError()).isNull();
            });
        }
    }

    @Test
    void aStampedeOfCallersIsOneRefreshAndOneSpan() {
        try (ApiFixture<GitHubSandbox> github = ApiFixture.github()) {
            // Given
            github.observations = observations;
            ConnectionId alice = github.connectExpired(OWNER);

            // When fifty callers ask at once
            List<AccessToken> tokens = Flux.range(0, 50)
                    .flatMap(i -> github.tokens().accessToken(alice))
                    .collectList()
                    .block(WAIT);

            // Then
            assertThat(tokens)
                    .hasSize(50)
                    .extracting(token -> token.value().reveal())
                    .containsOnly(tokens.get(0).value().reveal());
            assertThat(github.sandbox.requestCount(Endpoint.TOKEN)).isEqualTo(1);
            assertThat(refreshSpans()).hasSize(1);
        }
    }

    @Test
    void aRefreshNestsUnderTheCallersObservationFromTheReactorContextOrTheThread() {
        try (ApiFixture<GitHubSandbox> github = ApiFixture.github()) {
            // Given two connections to refresh, and a job observing its work
            github.observations = observations;
            ConnectionId alice = github.connectExpired(OWNER);
            ConnectionId bob = github.connectExpired("bob");
            Observation job = Observation.start("sync job", observations);

            // When one is refreshed reactively with the job in the Reactor context, the other blocking in its scope
            github.tokens()
                    .accessToken(alice)
                    .contextWrite(context -> context.put(Observed.REACTOR_CONTEXT_KEY, job))
                    .block(WAIT);
            try (Observation.Scope scope = job.openScope()) {
                github.tokens().blocking().accessToken(bob);
            }
            job.stop();

            // Then
            String jobSpan = tracer.getSpans().stream()
                    .filter(span -> span.getName().equals("sync job"))
                    .findFirst()
                    .orElseThrow()
                    .getSpanId();
            assertThat(refreshSpans())
                    .hasSize(2)
                    .allSatisfy(span -> assertThat(span.getParentId()).isEqualTo(jobSpan));
        }
    }

    @Test
    void aCachedTokenStartsNoObservation() {
        try (ApiFixture<GitHubSandbox> github = ApiFixture.github()) {
            // Given a refreshed token in the cache
            github.observations = observations;
            ConnectionId alice = github.connectExpired(OWNER);
            github.tokens().accessToken(alice).block(WAIT);
            int spans = tracer.getSpans().size();

            // When
            for (int i = 0; i < 100; i++) {
                github.tokens().accessToken(alice).block(WAIT);
                github.tokens().blocking().accessToken(alice);
            }

            // Then
            assertThat(tracer.getSpans()).hasSize(spans);
        }
    }

    @Test
    void storeOperationsAreSpansWithTheStoreTheOperationAndTheOutcome() {
        try (ApiFixture<GitHubSandbox> github = ApiFixture.github()) {
            // Given
            github.observations = observations;
            ConnectionId alice = github.connectExpired(OWNER);

            // When
            github.tokens().accessToken(alice).block(WAIT);

            // Then the read, the lease and the refreshed tokens
            assertThat(tracer.getSpans())
                    .filteredOn(span -> span.getName().startsWith("memory "))
                    .extracting(SimpleSpan::getName)
                    .contains("memory read", "memory write");
            assertThat(tracer.getSpans())
                    .filteredOn(span -> span.getName().equals("memory write"))
                    .hasSize(2)
                    .allSatisfy(span -> assertThat(span.getTags())
                            .containsExactlyInAnyOrderEntriesOf(
                                    Map.of("store", "memory", "operation", "write", "outcome", "success")));
        }
    }

    @Test
    void noSpanNameTagOrEventCarriesTheOwnerATokenOrTheClientSecret() {
        try (ApiFixture<GitHubSandbox> github = ApiFixture.github()) {
            // Given a refresh, a dead grant and API calls
            github.observations = observations;
            ConnectionId alice = github.connectExpired(OWNER);
            String oldRefreshToken = github.stored(alice).refreshToken().reveal();
            github.tokens().accessToken(alice).block(WAIT);
            github.clients()
                    .webClient(alice)
                    .get()
                    .uri("/user")
                    .retrieve()
                    .bodyToMono(Map.class)
                    .block(WAIT);

            // When
            List<String> shown = new ArrayList<>();
            for (SimpleSpan span : tracer.getSpans()) {
                shown.add(span.getName());
                span.getTags().forEach((key, value) -> {
                    shown.add(key);
                    shown.add(value);
                });
                span.getEvents().forEach(event -> shown.add(event.getValue()));
            }

            // Then
            List<String> secrets = List.of(
                    OWNER,
                    github.storedAccessToken(alice),
                    github.stored(alice).refreshToken().reveal(),
                    oldRefreshToken,
                    github.sandbox.client().clientSecret(),
                    github.sandbox.client().clientId());
            assertThat(shown)
                    .isNotEmpty()
                    .allSatisfy(value -> assertThat(secrets)
                            .noneSatisfy(secret -> assertThat(value).contains(secret)));
            assertThat(tracer.getSpans()).extracting(SimpleSpan::getName).contains("refresh github", "api call github");
        }
    }

    private List<SimpleSpan> refreshSpans() {
        return tracer.getSpans().stream()
                .filter(span -> span.getName().startsWith("refresh "))
                .toList();
    }
}

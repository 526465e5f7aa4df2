package io.github.saasconnect.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.failure.RateLimitedException;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.ProviderSandbox;
import io.github.saasconnect.testkit.sandbox.bitbucket.BitbucketSandbox;
import io.github.saasconnect.testkit.sandbox.docusign.DocuSignSandbox;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import io.github.saasconnect.testkit.sandbox.google.GoogleSandbox;
import io.github.saasconnect.testkit.sandbox.microsoft.MicrosoftSandbox;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Each provider's rate-limit signal, answered by its sandbox, is waited out for exactly as long as it says (or the
 * documented backoff when it says nothing), in virtual time: no test sleeps. The sandbox clock is moved along so
 * its windows reset as the real ones would.
 */
class RateLimitWaitsTest {

    private static final Duration VERIFY = Duration.ofSeconds(15);

    @Test
    void gitHubPrimaryLimitWaitsUntilTheResetInstant() {
        try (ApiFixture<GitHubSandbox> github = ApiFixture.github(ProviderStrategies.GITHUB)) {
            github.clientSettings = github.clientSettings.withMaxRetryAfter(Duration.ofHours(2));
            ConnectionId alice = github.connect("alice");
            github.sandbox.exhaustRateLimit(github.sandbox.user("alice"));

            Duration expected = Duration.ofHours(1);
            waitsThenSucceeds(github, () -> get(github, alice, "/user"), expected, "login");
        }
    }

    @Test
    void gitHubPrimaryLimitAnsweredWith429IsWaitedOnTheSameWay() {
        try (ApiFixture<GitHubSandbox> github = ApiFixture.github(ProviderStrategies.GITHUB)) {
            github.clientSettings = github.clientSettings.withMaxRetryAfter(Duration.ofHours(2));
            github.sandbox.primaryRateLimitStatus(429);
            ConnectionId alice = github.connect("alice");
            github.sandbox.exhaustRateLimit(github.sandbox.user("alice"));

            waitsThenSucceeds(github, () -> get(github, alice, "/user"), Duration.ofHours(1), "login");
        }
    }

    @Test
    void gitHubSecondaryLimitWaitsRetryAfter() {
        try (ApiFixture<GitHubSandbox> github = ApiFixture.github(ProviderStrategies.GITHUB)) {
            ConnectionId alice = github.connect("alice");
            github.sandbox.faults().nextApiResponse(github.sandbox.secondaryRateLimit(403, Duration.ofSeconds(37)));

            waitsThenSucceeds(github, () -> get(github, alice, "/user"), Duration.ofSeconds(37), "login");
        }
    }

    @Test
    void gitHubSecondaryLimitWithoutHeadersWaitsAMinuteThenBacksOff() {
        try (ApiFixture<GitHubSandbox> github = ApiFixture.github(ProviderStrategies.GITHUB)) {
            github.clientSettings = github.clientSettings.withMaxRetryAfter(Duration.ofMinutes(5));
            ConnectionId alice = github.connect("alice");
            github.sandbox
                    .faults()
                    .nextApiResponse(github.sandbox.secondaryRateLimit(403), github.sandbox.secondaryRateLimit(429));

            StepVerifier.withVirtualTime(() -> get(github, alice, "/user"))
                    .expectSubscription()
                    .then(() -> assertThat(github.nextWait()).isEqualTo(Duration.ofSeconds(60)))
                    .expectNoEvent(Duration.ofSeconds(59))
                    .then(() -> assertThat(github.sandbox.requestCount(Endpoint.API))
                            .isEqualTo(1))
                    .thenAwait(Duration.ofSeconds(1))
                    .then(() -> assertThat(github.nextWait()).isEqualTo(Duration.ofSeconds(120)))
                    .expectNoEvent(Duration.ofSeconds(119))
                    .then(() -> assertThat(github.sandbox.requestCount(Endpoint.API))
                            .isEqualTo(2))
                    .thenAwait(Duration.ofSeconds(1))
                    .assertNext(body -> assertThat(body).containsKey("login"))
                    .expectComplete()
                    .verify(VERIFY);
        }
    }

    @Test
    void microsoftGraphThrottlingWaitsRetryAfter() {
        try (ApiFixture<MicrosoftSandbox> microsoft = ApiFixture.microsoft(ProviderStrategies.MICROSOFT)) {
            ConnectionId alice = microsoft.connect("alice");
            microsoft.sandbox.faults().nextApiResponse(microsoft.sandbox.throttled(Duration.ofSeconds(23)));

            waitsThenSucceeds(microsoft, () -> get(microsoft, alice, "/v1.0/me"), Duration.ofSeconds(23), "id");
        }
    }

    @Test
    void googleUserRateLimitExceededBacksOffExponentially() {
        try (ApiFixture<GoogleSandbox> google = ApiFixture.google(ProviderStrategies.GOOGLE)) {
            ConnectionId alice = google.connect("alice");
            google.sandbox
                    .faults()
                    .nextApiResponse(
                            google.sandbox.userRateLimitExceeded(),
                            google.sandbox.rateLimitExceeded(),
                            google.sandbox.tooManyRequests());
            AtomicReference<Duration> first = new AtomicReference<>();
            AtomicReference<Duration> second = new AtomicReference<>();
            AtomicReference<Duration> third = new AtomicReference<>();

            StepVerifier.withVirtualTime(() -> get(google, alice, "/drive/v3/files"))
                    .expectSubscription()
                    .then(() -> first.set(google.nextWait()))
                    .then(() -> assertThat(first.get()).isBetween(Duration.ofMillis(1000), Duration.ofMillis(1200)))
                    .thenAwait(Duration.ofMillis(1200))
                    .then(() -> second.set(google.nextWait()))
                    .then(() -> assertThat(second.get()).isBetween(Duration.ofMillis(1600), Duration.ofMillis(2400)))
                    .thenAwait(Duration.ofMillis(2400))
                    .then(() -> third.set(google.nextWait()))
                    .then(() -> assertThat(third.get()).isBetween(Duration.ofMillis(3200), Duration.ofMillis(4800)))
                    .thenAwait(Duration.ofMillis(4800))
                    .assertNext(body -> assertThat(body).containsKey("files"))
                    .expectComplete()
                    .verify(VERIFY);
            assertThat(google.sandbox.requestCount(Endpoint.API)).isEqualTo(4);
        }
    }

    @Test
    void googlePermissionErrorsAreNotRateLimitsAndReachTheCallerIntact() {
        try (ApiFixture<GoogleSandbox> google = ApiFixture.google(ProviderStrategies.GOOGLE)) {
            ConnectionId alice = google.connect("alice");
            google.sandbox
                    .faults()
                    .nextApiResponse(io.github.saasconnect.testkit.sandbox.Fault.response(
                            403,
                            "application/json",
                            "{\"error\":{\"code\":403,\"errors\":[{\"reason\":\"insufficientPermissions\"}]}}",
                            Map.of()));

            String body = google.clients()
                    .webClient(alice)
                    .get()
                    .uri("/drive/v3/files")
                    .exchangeToMono(r -> r.bodyToMono(String.class))
                    .block(VERIFY);

            assertThat(body).contains("insufficientPermissions");
            assertThat(google.waits).isEmpty();
        }
    }

    @Test
    void docuSignHourlyLimitWaitsUntilTheResetAtTheTopOfTheHour() {
        try (ApiFixture<DocuSignSandbox> docusign = ApiFixture.docusign(ProviderStrategies.DOCUSIGN)) {
            docusign.clientSettings = docusign.clientSettings.withMaxRetryAfter(Duration.ofHours(1));
            docusign.sandbox.hourlyLimit(1);
            ConnectionId alice = docusign.connectDocuSign("alice", null);
            String account =
                    "/v2.1/accounts/" + docusign.stored(alice).attributes().get("account_id");
            docusign.clock.advance(Duration.ofMinutes(17));
            get(docusign, alice, account).block(VERIFY);

            waitsThenSucceeds(docusign, () -> get(docusign, alice, account), Duration.ofMinutes(43), "accountName");
        }
    }

    @Test
    void docuSignBurstLimitWaitsTheThirtySecondWindow() {
        try (ApiFixture<DocuSignSandbox> docusign = ApiFixture.docusign(ProviderStrategies.DOCUSIGN)) {
            docusign.sandbox.burstLimit(1);
            docusign.sandbox.limitErrorStatus(429);
            ConnectionId alice = docusign.connectDocuSign("alice", null);
            String account =
                    "/v2.1/accounts/" + docusign.stored(alice).attributes().get("account_id");
            get(docusign, alice, account).block(VERIFY);

            waitsThenSucceeds(docusign, () -> get(docusign, alice, account), Duration.ofSeconds(30), "accountName");
        }
    }

    @Test
    void bitbucket429WithoutHeadersBacksOff() {
        try (ApiFixture<BitbucketSandbox> bitbucket = ApiFixture.bitbucket(ProviderStrategies.BITBUCKET)) {
            ConnectionId alice = bitbucket.connect("alice");
            bitbucket.sandbox.faults().nextApiResponse(bitbucket.sandbox.rateLimited());
            AtomicReference<Duration> wait = new AtomicReference<>();

            StepVerifier.withVirtualTime(() -> get(bitbucket, alice, "/2.0/user"))
                    .expectSubscription()
                    .then(() -> wait.set(bitbucket.nextWait()))
                    .then(() -> assertThat(wait.get()).isBetween(Duration.ofMillis(1000), Duration.ofMillis(1200)))
                    .expectNoEvent(Duration.ofMillis(999))
                    .thenAwait(Duration.ofMillis(201))
                    .assertNext(body -> assertThat(body).containsKey("uuid"))
                    .expectComplete()
                    .verify(VERIFY);
            assertThat(bitbucket.sandbox.requestCount(Endpoint.API)).isEqualTo(2);
        }
    }

    @Test
    void aWaitBeyondTheBoundFailsAtOnceWithTheTimeToRetry() {
        try (ApiFixture<GitHubSandbox> github = ApiFixture.github(ProviderStrategies.GITHUB)) {
            ConnectionId alice = github.connect("alice");
            github.sandbox.exhaustRateLimit(github.sandbox.user("alice"));

            StepVerifier.withVirtualTime(() -> get(github, alice, "/user"))
                    .expectSubscription()
                    .expectErrorSatisfies(e -> {
                        assertThat(e).isInstanceOf(RateLimitedException.class).hasMessageContaining("github:alice");
                        assertThat(((RateLimitedException) e).retryAfter()).isEqualTo(Duration.ofHours(1));
                    })
                    .verify(VERIFY);
            assertThat(github.refusedWaits).containsExactly(Duration.ofHours(1));
            assertThat(github.sandbox.requestCount(Endpoint.API)).isEqualTo(1);
        }
    }

    @Test
    void theRestClientTwinWaitsTheSameSignals() {
        try (ApiFixture<MicrosoftSandbox> microsoft = ApiFixture.microsoft(ProviderStrategies.MICROSOFT)) {
            ConnectionId alice = microsoft.connect("alice");
            microsoft.sandbox.faults().nextApiResponse(microsoft.sandbox.throttled(Duration.ofSeconds(9)));

            Map<?, ?> me = microsoft
                    .clients()
                    .restClient(alice)
                    .get()
                    .uri("/v1.0/me")
                    .retrieve()
                    .body(Map.class);
            assertThat(me.containsKey("id")).isTrue();

            assertThat(microsoft.slept).containsExactly(Duration.ofSeconds(9));
            assertThat(microsoft.sandbox.requestCount(Endpoint.API)).isEqualTo(2);
        }
    }

    @Test
    void rateLimitedAnswersNeverCountAsBreakerFailures() {
        try (ApiFixture<MicrosoftSandbox> microsoft = ApiFixture.microsoft(ProviderStrategies.MICROSOFT)) {
            microsoft.clientSettings = new ClientSettings(
                    1, Duration.ofSeconds(1), 2, Duration.ofSeconds(60), Duration.ofMinutes(2), 1000);
            ConnectionId alice = microsoft.connect("alice");
            CircuitBreaker breaker = microsoft.resilience().apiBreaker("microsoft");
            for (int i = 0; i < 20; i++) {
                microsoft.sandbox.faults().nextApiResponse(microsoft.sandbox.throttled(Duration.ofSeconds(1)));
                StepVerifier.create(get(microsoft, alice, "/v1.0/me"))
                        .expectError(RateLimitedException.class)
                        .verify(VERIFY);
            }

            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
            assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isZero();
        }
    }

    /** Subscribes under virtual time; checks the wait, that nothing is sent before it ends, then the answer. */
    private static void waitsThenSucceeds(
            ApiFixture<? extends ProviderSandbox> fixture,
            java.util.function.Supplier<Mono<Map<String, Object>>> call,
            Duration expected,
            String key) {
        long before = fixture.sandbox.requestCount(Endpoint.API);
        StepVerifier.withVirtualTime(call)
                .expectSubscription()
                .then(() -> assertThat(fixture.nextWait()).isEqualTo(expected))
                .expectNoEvent(expected.minusSeconds(1))
                .then(() ->
                        assertThat(fixture.sandbox.requestCount(Endpoint.API)).isEqualTo(before + 1))
                .then(() -> fixture.clock.advance(expected))
                .thenAwait(Duration.ofSeconds(1))
                .assertNext(body -> assertThat(body).containsKey(key))
                .expectComplete()
                .verify(VERIFY);
        assertThat(fixture.sandbox.requestCount(Endpoint.API)).isEqualTo(before + 2);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Mono<Map<String, Object>> get(ApiFixture<?> fixture, ConnectionId id, String path) {
        return (Mono) fixture.clients().webClient(id).get().uri(path).retrieve().bodyToMono(Map.class);
    }
}

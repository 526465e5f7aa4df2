package io.github.saasconnect.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.client.ApiFixture;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.failure.RateLimitedException;
import io.github.saasconnect.provider.RateLimit;
import io.github.saasconnect.provider.RateLimitSignals;
import io.github.saasconnect.testkit.sandbox.Fault;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import io.github.saasconnect.testkit.sandbox.microsoft.MicrosoftSandbox;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * The authorized clients observe every HTTP exchange with the provider (status class and time) and every rate-limit
 * wait, from the WebClient and the RestClient alike.
 */
class ApiCallObservationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ObservedMeters observed = new ObservedMeters();
    private final SimpleMeterRegistry registry = observed.meters;

    @AfterEach
    void close() {
        observed.close();
    }

    @Test
    void eachWebClientExchangeIsTimedByItsStatusClass() {
        try (ApiFixture<GitHubSandbox> github = ApiFixture.github()) {
            // Given
            github.observations = observed.observations;
            ConnectionId alice = github.connect("alice");

            // When
            github.clients()
                    .webClient(alice)
                    .get()
                    .uri("/user")
                    .retrieve()
                    .bodyToMono(Map.class)
                    .block(WAIT);
            assertThatThrownBy(() -> github.clients()
                            .webClient(alice)
                            .get()
                            .uri("/no/such/thing")
                            .retrieve()
                            .toBodilessEntity()
                            .block(WAIT))
                    .isInstanceOf(WebClientResponseException.NotFound.class);

            // Then
            assertThat(apiCalls("github", "2xx").count()).isEqualTo(1);
            assertThat(apiCalls("github", "4xx").count()).isEqualTo(1);
            assertThat(apiCalls("github", "2xx").totalTime(TimeUnit.NANOSECONDS))
                    .isPositive();
        }
    }

    @Test
    void aRejectedTokenAndTheCallAfterTheRefreshAreTwoExchanges() {
        try (ApiFixture<GitHubSandbox> github = ApiFixture.github()) {
            // Given an access token the provider no longer takes
            github.observations = observed.observations;
            ConnectionId alice = github.connect("alice");
            github.sandbox.expireAccessToken(github.storedAccessToken(alice));

            // When
            github.clients()
                    .webClient(alice)
                    .get()
                    .uri("/user")
                    .retrieve()
                    .bodyToMono(Map.class)
                    .block(WAIT);

            // Then the 401 and the 200 after the refresh
            assertThat(apiCalls("github", "4xx").count()).isEqualTo(1);
            assertThat(apiCalls("github", "2xx").count()).isEqualTo(1);
        }
    }

    @Test
    void theRestClientReportsItsExchangesAndItsRateLimitWait() {
        try (ApiFixture<MicrosoftSandbox> microsoft = ApiFixture.microsoft()) {
            // Given Graph throttling the first call for 9 s
            microsoft.observations = observed.observations;
            ConnectionId alice = microsoft.connect("alice");
            microsoft.sandbox.faults().nextApiResponse(microsoft.sandbox.throttled(Duration.ofSeconds(9)));

            // When
            microsoft
                    .clients()
                    .restClient(alice)
                    .get()
                    .uri("/v1.0/me")
                    .retrieve()
                    .body(Map.class);

            // Then the 429, the wait, and the 200
            assertThat(apiCalls("microsoft", "4xx").count()).isEqualTo(1);
            assertThat(apiCalls("microsoft", "2xx").count()).isEqualTo(1);
            Timer waited = registry.get(DefaultRateLimitWaitObservationConvention.NAME)
                    .tags("registration", "microsoft", "provider", "microsoft", "outcome", "waited")
                    .timer();
            assertThat(waited.count()).isEqualTo(1);
            // the timer measures the wait as it happens: this test's sleeper returns at once, having recorded 9 s
            assertThat(microsoft.slept).containsExactly(Duration.ofSeconds(9));
        }
    }

    @Test
    void aWaitBeyondTheBoundIsReportedAsRefused() {
        // GitHub's own signals live in the providers module; these read its primary limit the same way
        RateLimitSignals primaryLimit = (answer, now, attempt, backoff) -> {
            Instant reset = RateLimit.epochSeconds(answer.headers().getFirst("x-ratelimit-reset"));
            return "0".equals(answer.headers().getFirst("x-ratelimit-remaining")) && reset != null
                    ? RateLimit.until(now, reset, "primary rate limit")
                    : null;
        };
        try (ApiFixture<GitHubSandbox> github = ApiFixture.github(b -> b.rateLimitSignals(primaryLimit))) {
            // Given a user whose hourly GitHub limit is used up
            github.observations = observed.observations;
            ConnectionId alice = github.connect("alice");
            github.sandbox.exhaustRateLimit(github.sandbox.user("alice"));

            // When
            assertThatThrownBy(() -> github.clients()
                            .webClient(alice)
                            .get()
                            .uri("/user")
                            .retrieve()
                            .bodyToMono(Map.class)
                            .block(WAIT))
                    .isInstanceOf(RateLimitedException.class);

            // Then
            Timer refused = registry.get(DefaultRateLimitWaitObservationConvention.NAME)
                    .tags("registration", "github", "outcome", "refused")
                    .timer();
            assertThat(refused.count()).isEqualTo(1);
            assertThat(refused.totalTime(TimeUnit.MINUTES))
                    .as("a refused wait is not waited")
                    .isLessThan(1);
            assertThat(github.refusedWaits).containsExactly(Duration.ofHours(1));
        }
    }

    @Test
    void anExchangeWithoutAnAnswerIsAnIoError() {
        try (ApiFixture<GitHubSandbox> github = ApiFixture.github()) {
            // Given
            github.observations = observed.observations;
            ConnectionId alice = github.connect("alice");
            // twice: the JDK client sends a GET whose connection closed before any answer once more
            github.sandbox.faults().nextApiResponse(Fault.connectionReset(), Fault.connectionReset());

            // When
            assertThatThrownBy(() -> github.clients()
                            .webClient(alice)
                            .get()
                            .uri("/user")
                            .retrieve()
                            .bodyToMono(Map.class)
                            .block(WAIT))
                    .isInstanceOf(RuntimeException.class);

            // Then
            assertThat(apiCalls("github", "io_error").count()).isEqualTo(1);
        }
    }

    private Timer apiCalls(String registration, String status) {
        return registry.get(DefaultApiCallObservationConvention.NAME)
                .tags("registration", registration, "status", status)
                .timer();
    }
}

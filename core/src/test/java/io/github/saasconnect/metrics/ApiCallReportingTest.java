package io.github.saasconnect.metrics;

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
 * The authorized clients report every HTTP exchange with the provider (status class and time) and every rate-limit
 * wait, from the WebClient and the RestClient alike.
 */
class ApiCallReportingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerInstrumentation meters = new MicrometerInstrumentation(registry);

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void eachWebClientExchangeIsTimedByItsStatusClass() {
        try (ApiFixture<GitHubSandbox> github = ApiFixture.github()) {
            // Given
            github.instrumentation = meters;
            ConnectionId alice = github.connect("alice");

            // When
            github.clients().webClient(alice).get().uri("/user").retrieve().bodyToMono(Map.class).block(WAIT);
            assertThatThrownBy(() -> github.clients().webClient(alice).get().uri("/no/such/thing").retrieve()
                    .toBodilessEntity().block(WAIT)).isInstanceOf(WebClientResponseException.NotFound.class);

            // Then
            assertThat(apiCalls("github", "2xx").count()).isEqualTo(1);
            assertThat(apiCalls("github", "4xx").count()).isEqualTo(1);
            assertThat(apiCalls("github", "2xx").totalTime(TimeUnit.NANOSECONDS)).isPositive();
        }
    }

    @Test
    void aRejectedTokenAndTheCallAfterTheRefreshAreTwoExchanges() {
        try (ApiFixture<GitHubSandbox> github = ApiFixture.github()) {
            // Given an access token the provider no longer takes
            github.instrumentation = meters;
            ConnectionId alice = github.connect("alice");
            github.sandbox.expireAccessToken(github.storedAccessToken(alice));

            // When
            github.clients().webClient(alice).get().uri("/user").retrieve().bodyToMono(Map.class).block(WAIT);

            // Then the 401 and the 200 after the refresh
            assertThat(apiCalls("github", "4xx").count()).isEqualTo(1);
            assertThat(apiCalls("github", "2xx").count()).isEqualTo(1);
        }
    }

    @Test
    void theRestClientReportsItsExchangesAndItsRateLimitWait() {
        try (ApiFixture<MicrosoftSandbox> microsoft = ApiFixture.microsoft()) {
            // Given Graph throttling the first call for 9 s
            microsoft.instrumentation = meters;
            ConnectionId alice = microsoft.connect("alice");
            microsoft.sandbox.faults().nextApiResponse(microsoft.sandbox.throttled(Duration.ofSeconds(9)));

            // When
            microsoft.clients().restClient(alice).get().uri("/v1.0/me").retrieve().body(Map.class);

            // Then the 429, the wait, and the 200
            assertThat(apiCalls("microsoft", "4xx").count()).isEqualTo(1);
            assertThat(apiCalls("microsoft", "2xx").count()).isEqualTo(1);
            Timer waited = registry.get(MicrometerInstrumentation.RATE_LIMIT_WAITS)
                    .tags("registration", "microsoft", "outcome", "waited").timer();
            assertThat(waited.count()).isEqualTo(1);
            assertThat(waited.totalTime(TimeUnit.SECONDS)).isEqualTo(9);
        }
    }

    @Test
    void aWaitBeyondTheBoundIsReportedAsRefused() {
        // GitHub's own signals live in the providers module; these read its primary limit the same way
        RateLimitSignals primaryLimit = (answer, now, attempt, backoff) -> {
            Instant reset = RateLimit.epochSeconds(answer.headers().getFirst("x-ratelimit-reset"));
            return "0".equals(answer.headers().getFirst("x-ratelimit-remaining")) && reset != null
                    ? RateLimit.until(now, reset, "primary rate limit") : null;
        };
        try (ApiFixture<GitHubSandbox> github = ApiFixture.github(b -> b.rateLimitSignals(primaryLimit))) {
            // Given a user whose hourly GitHub limit is used up
            github.instrumentation = meters;
            ConnectionId alice = github.connect("alice");
            github.sandbox.exhaustRateLimit(github.sandbox.user("alice"));

            // When
            assertThatThrownBy(() -> github.clients().webClient(alice).get().uri("/user").retrieve()
                    .bodyToMono(Map.class).block(WAIT)).isInstanceOf(RateLimitedException.class);

            // Then
            Timer refused = registry.get(MicrometerInstrumentation.RATE_LIMIT_WAITS)
                    .tags("registration", "github", "outcome", "refused").timer();
            assertThat(refused.count()).isEqualTo(1);
            assertThat(refused.totalTime(TimeUnit.HOURS)).isEqualTo(1);
            assertThat(github.refusedWaits).containsExactly(Duration.ofHours(1));
        }
    }

    @Test
    void anExchangeWithoutAnAnswerIsAnIoError() {
        try (ApiFixture<GitHubSandbox> github = ApiFixture.github()) {
            // Given
            github.instrumentation = meters;
            ConnectionId alice = github.connect("alice");
            github.sandbox.faults().nextApiResponse(Fault.connectionReset());

            // When
            assertThatThrownBy(() -> github.clients().webClient(alice).get().uri("/user").retrieve()
                    .bodyToMono(Map.class).block(WAIT)).isInstanceOf(RuntimeException.class);

            // Then
            assertThat(apiCalls("github", "io_error").count()).isEqualTo(1);
        }
    }

    private Timer apiCalls(String registration, String status) {
        return registry.get(MicrometerInstrumentation.API_CALLS).tags("registration", registration, "status", status)
                .timer();
    }
}

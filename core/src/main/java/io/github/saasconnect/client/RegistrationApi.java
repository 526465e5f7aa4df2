package io.github.saasconnect.client;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.failure.RateLimitedException;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.failure.TransientFailureException;
import io.github.saasconnect.observation.ApiCallContext;
import io.github.saasconnect.observation.Observed;
import io.github.saasconnect.observation.RateLimitWaitContext;
import io.github.saasconnect.observation.SaasConnectObservation;
import io.github.saasconnect.provider.ApiAnswer;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.RateLimit;
import io.github.saasconnect.provider.RateLimitSignals;
import io.github.saasconnect.token.TokenManager;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.reactive.function.client.ClientResponse;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * What every authorized call to one registration's API shares, for the {@code WebClient} filter and the
 * {@code RestClient} interceptor alike: the connection named by the request, tokens, base URLs, the provider's
 * breaker and its rate-limit signals with the configured bounds.
 */
final class RegistrationApi {

    final ProviderRegistration registration;
    final TokenManager tokens;
    final ApiBaseUris bases;
    final CircuitBreaker breaker;
    final Retry retry;
    private final RateLimitSignals signals;
    private final ClientSettings settings;
    private final IntervalFunction backoff;
    private final Clock clock;
    private final RateLimitListener listener;
    private final ObservationRegistry observations;

    RegistrationApi(
            ProviderRegistration registration,
            TokenManager tokens,
            ApiBaseUris bases,
            CircuitBreaker breaker,
            Retry retry,
            RateLimitSignals signals,
            ClientSettings settings,
            Clock clock,
            RateLimitListener listener,
            ObservationRegistry observations) {
        this.registration = registration;
        this.tokens = tokens;
        this.bases = bases;
        this.breaker = breaker;
        this.retry = retry;
        this.signals = signals;
        this.settings = settings;
        this.backoff = settings.backoff().intervals(0.2);
        this.clock = clock;
        this.listener = listener;
        this.observations = observations;
    }

    /** The hosts besides the API base URL's own that tokens may go to. */
    java.util.Set<String> apiHosts() {
        return registration.descriptor().apiHosts();
    }

    String id() {
        return registration.id();
    }

    /** The connection a request names, checked against this registration. */
    ConnectionId connectionOf(Map<String, Object> attributes) {
        Object named = attributes.get(ProviderClients.CONNECTION_ATTRIBUTE);
        if (named == null) {
            throw new IllegalStateException("the request does not name its connection; add"
                    + " .attributes(ProviderClients.connection(id)) or use the client bound to the connection"
                    + " (ProviderClients.webClient(ConnectionId))");
        }
        if (!(named instanceof ConnectionId id)) {
            throw new IllegalArgumentException("attribute " + ProviderClients.CONNECTION_ATTRIBUTE
                    + " must be a ConnectionId but was a " + named.getClass().getName());
        }
        if (!id.registration().equals(registration.id())) {
            throw new IllegalArgumentException("connection " + id + " belongs to registration '" + id.registration()
                    + "', not to '" + registration.id() + "' whose client was called");
        }
        return id;
    }

    /** The base URL bound to the request, if a bound client set one. */
    static URI boundBase(Map<String, Object> attributes) {
        return attributes.get(ProviderClients.API_BASE_ATTRIBUTE) instanceof URI base ? base : null;
    }

    /** {@code exchange}, one HTTP exchange with the API (the WebClient path), observed as an API call. */
    Mono<ClientResponse> exchange(Mono<ClientResponse> exchange) {
        return Observed.mono(
                exchange,
                SaasConnectObservation.API_CALL,
                observations,
                this::apiCall,
                (call, response) -> call.status(response.statusCode().value()));
    }

    /** One blocking HTTP exchange with the API (the RestClient path), observed as an API call. */
    ClientHttpResponse exchange(Observed.Work<ClientHttpResponse, IOException> exchange) throws IOException {
        return Observed.call(
                exchange,
                SaasConnectObservation.API_CALL,
                observations,
                this::apiCall,
                (call, response) -> call.status(status(response)));
    }

    private ApiCallContext apiCall() {
        return new ApiCallContext(registration.id(), registration.descriptor().type());
    }

    private static int status(ClientHttpResponse response) {
        try {
            return response.getStatusCode().value();
        } catch (IOException e) {
            return 0;
        }
    }

    private RateLimitWaitContext rateLimitWait(RateLimit limit, boolean waiting) {
        return new RateLimitWaitContext(
                registration.id(), registration.descriptor().type(), limit.delay(), waiting);
    }

    boolean readsBody(int status) {
        return signals.readsBody(status);
    }

    RateLimit detect(ApiAnswer answer, int attempt) {
        return signals.read(answer, clock.instant(), attempt, n -> Duration.ofMillis(backoff.apply(n)));
    }

    /**
     * What follows the {@code attempt}-th rate-limited answer of one call: {@link ApiRetry.Again} when the client
     * may wait it out (the listener hears of the wait once it is scheduled), else the {@link RateLimitedException}
     * the call fails with (the listener hears of that at once).
     */
    RuntimeException rateLimited(ConnectionId id, RateLimit limit, int attempt) {
        if (limit.delay().compareTo(settings.maxRetryAfter()) <= 0 && attempt < settings.maxAttempts()) {
            return new ApiRetry.Again(limit);
        }
        listener.onRateLimited(id, limit.delay(), limit.reason(), false);
        Observed.call(
                () -> null,
                SaasConnectObservation.RATE_LIMIT_WAIT,
                observations,
                () -> rateLimitWait(limit, false),
                null);
        String why = attempt >= settings.maxAttempts()
                ? limit.reason() + "; gave up after " + settings.maxAttempts() + " attempts"
                        + " (saas-connect.clients.max-attempts)"
                : limit.reason() + "; longer than saas-connect.clients.max-retry-after (" + settings.maxRetryAfter()
                        + ")";
        return new RateLimitedException(registration.id(), id, limit.delay(), why);
    }

    /**
     * {@code attempts}, subscribed again as long as the API retry says so. Resilience4j's {@link Retry} decides
     * (its config from {@link ApiRetry}, its attempt count, events and metrics) through its async context; the
     * wait is scheduled here rather than by its {@code RetryOperator}, because the listener must hear of a wait
     * only once it is scheduled: a test following waits in virtual time would otherwise move the clock before the
     * wait exists.
     */
    <T> Mono<T> retried(ConnectionId id, Mono<T> attempts) {
        return Mono.defer(() -> {
            Retry.AsyncContext<T> context = retry.asyncContext();
            return attempts.retryWhen(reactor.util.retry.Retry.from(failures -> failures.concatMap(failure -> {
                        long waitMillis = context.onError(failure.failure());
                        if (!(failure.failure() instanceof ApiRetry.Again again)) {
                            return Mono.error(failure.failure());
                        }
                        return waitMillis >= 0
                                ? delay(id, again.limit, Duration.ofMillis(waitMillis))
                                : Mono.error(exhausted(again));
                    })))
                    .doOnSuccess(value -> context.onComplete());
        });
    }

    /**
     * Completes after {@code wait} on Reactor's timer (virtual time in tests); the listener hears of a rate-limit
     * wait once it is scheduled.
     */
    private Mono<Long> delay(ConnectionId id, RateLimit limit, Duration wait) {
        if (limit == null) {
            return Mono.just(0L);
        }
        return Observed.mono(
                Mono.<Long>create(sink -> {
                    Disposable task = Schedulers.parallel()
                            .schedule(() -> sink.success(0L), wait.toNanos(), TimeUnit.NANOSECONDS);
                    sink.onDispose(task);
                    listener.onRateLimited(id, limit.delay(), limit.reason(), true);
                }),
                SaasConnectObservation.RATE_LIMIT_WAIT,
                observations,
                () -> rateLimitWait(limit, true));
    }

    /** Blocks for {@code wait} (the {@code RestClient} path); the listener hears of a rate-limit wait first. */
    void sleep(ConnectionId id, RateLimit limit, Duration wait, Sleeper sleeper) {
        if (limit == null) {
            return;
        }
        listener.onRateLimited(id, limit.delay(), limit.reason(), true);
        try {
            Observed.call(
                    () -> {
                        sleeper.sleep(wait);
                        return null;
                    },
                    SaasConnectObservation.RATE_LIMIT_WAIT,
                    observations,
                    () -> rateLimitWait(limit, true),
                    null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailureException(
                    registration.id(), id, 0, "interrupted while waiting out a rate limit", null);
        }
    }

    /**
     * The retry ran out before the call's own budget, which {@link ApiRetry#config} leaves room for: the registry
     * held a retry of that name made with another config.
     */
    IllegalStateException exhausted(ApiRetry.Again again) {
        return new IllegalStateException(
                "retry '" + retry.getName() + "' allows fewer attempts than "
                        + "saas-connect.clients.max-attempts asks for; was it made elsewhere with another config?",
                again);
    }

    /** The failure of a call the API circuit breaker did not let through. */
    TransientFailureException breakerOpen(ConnectionId id) {
        return new TransientFailureException(
                registration.id(),
                id,
                0,
                "the circuit breaker of registration '" + registration.id() + "' is " + breaker.getState()
                        + "; not calling the provider's API",
                null);
    }

    /** A failure without an answer (refused, reset, timed out) as a typed transient failure, nothing echoed. */
    RuntimeException transportFailure(ConnectionId id, Throwable e) {
        if (e instanceof SaasConnectException s) {
            return s;
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new TransientFailureException(
                registration.id(),
                id,
                0,
                "the API request failed (" + root.getClass().getSimpleName() + ")",
                null);
    }

    /** Waits a duration; {@link Thread#sleep} in production, a recorder in tests. */
    @FunctionalInterface
    interface Sleeper {

        Sleeper THREAD = wait -> Thread.sleep(wait.toMillis(), wait.toNanosPart() % 1_000_000);

        void sleep(Duration wait) throws InterruptedException;
    }
}

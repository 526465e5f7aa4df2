package io.github.saasconnect.client;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.IntervalFunction;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.failure.RateLimitedException;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.failure.TransientFailureException;
import io.github.saasconnect.metrics.SaasConnectInstrumentation;
import io.github.saasconnect.provider.ApiAnswer;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.RateLimit;
import io.github.saasconnect.provider.RateLimitSignals;
import io.github.saasconnect.token.TokenManager;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    private final RateLimitSignals signals;
    private final ClientSettings settings;
    private final IntervalFunction backoff;
    private final Clock clock;
    private final RateLimitListener listener;
    private final SaasConnectInstrumentation instrumentation;

    RegistrationApi(ProviderRegistration registration, TokenManager tokens, ApiBaseUris bases, CircuitBreaker breaker,
            RateLimitSignals signals, ClientSettings settings, Clock clock, RateLimitListener listener,
            SaasConnectInstrumentation instrumentation) {
        this.registration = registration;
        this.tokens = tokens;
        this.bases = bases;
        this.breaker = breaker;
        this.signals = signals;
        this.settings = settings;
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(settings.backoffInitial(),
                settings.backoffMultiplier(), 0.2, settings.backoffMax());
        this.clock = clock;
        this.listener = listener;
        this.instrumentation = instrumentation;
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

    /** Reports one HTTP exchange that began at {@code startNanos}: its status, or {@code 0} when none came. */
    void exchanged(int status, long startNanos) {
        if (instrumentation != SaasConnectInstrumentation.NOOP) {
            instrumentation.apiCall(registration.id(), status, Duration.ofNanos(System.nanoTime() - startNanos));
        }
    }

    boolean readsBody(int status) {
        return signals.readsBody(status);
    }

    RateLimit detect(ApiAnswer answer, int attempt) {
        return signals.read(answer, clock.instant(), attempt, n -> Duration.ofMillis(backoff.apply(n)));
    }

    /**
     * Whether the client may wait out {@code limit} on the {@code attempt}-th rate-limited answer of one call; when
     * it may not, the listener hears of it and the call fails with the returned error.
     */
    RateLimitedException refusal(ConnectionId id, RateLimit limit, int attempt) {
        if (limit.delay().compareTo(settings.maxRateLimitWait()) <= 0 && attempt <= settings.maxRateLimitRetries()) {
            return null;
        }
        listener.onRateLimited(id, limit.delay(), limit.reason(), false);
        String why = attempt > settings.maxRateLimitRetries()
                ? limit.reason() + "; gave up after " + settings.maxRateLimitRetries() + " waits"
                : limit.reason() + "; longer than saas-connect.clients.max-rate-limit-wait (" + settings.maxRateLimitWait()
                        + ")";
        return new RateLimitedException(registration.id(), id, limit.delay(), why);
    }

    /** Completes after {@code limit.delay()} on Reactor's timer; the listener hears of it once the wait is scheduled. */
    Mono<Void> delay(ConnectionId id, RateLimit limit) {
        return Mono.create(sink -> {
            Disposable task = Schedulers.parallel().schedule(sink::success, limit.delay().toNanos(),
                    TimeUnit.NANOSECONDS);
            sink.onDispose(task);
            listener.onRateLimited(id, limit.delay(), limit.reason(), true);
        });
    }

    /** Blocks for {@code limit.delay()} (the {@code RestClient} path). */
    void sleep(ConnectionId id, RateLimit limit, Sleeper sleeper) {
        listener.onRateLimited(id, limit.delay(), limit.reason(), true);
        try {
            sleeper.sleep(limit.delay());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailureException(registration.id(), id, 0, "interrupted while waiting out a rate limit",
                    null);
        }
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
        return new TransientFailureException(registration.id(), id, 0, "the API request failed ("
                + root.getClass().getSimpleName() + ")", null);
    }

    /** Waits a duration; {@link Thread#sleep} in production, a recorder in tests. */
    @FunctionalInterface
    interface Sleeper {

        Sleeper THREAD = wait -> Thread.sleep(wait.toMillis(), wait.toNanosPart() % 1_000_000);

        void sleep(Duration wait) throws InterruptedException;
    }
}

package io.github.saasconnect.metrics;

import io.github.saasconnect.failure.ClientMisconfiguredException;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * Reports token requests to an instrumentation: how long each took and how it ended, and a client the provider
 * rejected. The clock starts when the request is subscribed, so retries inside it count towards its time.
 */
public final class TimedTokenRequest {

    private TimedTokenRequest() {
    }

    /** {@code request}, a refresh of {@code registration}, reported when it ends. */
    public static <T> Mono<T> refresh(SaasConnectInstrumentation instrumentation, String registration,
            Mono<T> request) {
        if (instrumentation == SaasConnectInstrumentation.NOOP) {
            return request;
        }
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return request
                    .doOnSuccess(v -> instrumentation.refresh(registration, TokenRequestOutcome.SUCCESS, since(start)))
                    .doOnError(e -> {
                        instrumentation.refresh(registration, TokenRequestOutcome.of(e), since(start));
                        rejected(instrumentation, registration, e);
                    });
        });
    }

    /** {@code request}, an authorization-code exchange of {@code registration}, reported when it ends. */
    public static <T> Mono<T> codeExchange(SaasConnectInstrumentation instrumentation, String registration,
            Mono<T> request) {
        if (instrumentation == SaasConnectInstrumentation.NOOP) {
            return request;
        }
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return request
                    .doOnSuccess(v -> instrumentation.codeExchange(registration, TokenRequestOutcome.SUCCESS,
                            since(start)))
                    .doOnError(e -> {
                        instrumentation.codeExchange(registration, TokenRequestOutcome.of(e), since(start));
                        rejected(instrumentation, registration, e);
                    });
        });
    }

    private static void rejected(SaasConnectInstrumentation instrumentation, String registration, Throwable e) {
        if (e instanceof ClientMisconfiguredException c) {
            instrumentation.clientMisconfigured(registration, c.errorCode());
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}

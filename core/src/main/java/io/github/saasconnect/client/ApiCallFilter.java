package io.github.saasconnect.client;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.provider.ApiAnswer;
import io.github.saasconnect.provider.RateLimit;
import java.net.URI;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;

/**
 * Makes a {@code WebClient} call a provider's API as one connection: resolves the URL against the connection's API
 * base, adds {@code Authorization: Bearer} from the {@code TokenManager}, refreshes and retries once on 401 (never
 * with the rejected token: without a refresh token the {@code TokenManager} marks the connection instead), waits
 * out rate limits within the configured bounds, and reports one outcome per call to the registration's API circuit
 * breaker. A request whose body can be written only once cannot be retried; use a repeatable body (a value or form
 * data).
 *
 * <p>Composed outermost first: the API circuit breaker (Resilience4j's {@code CircuitBreakerOperator}: one outcome
 * per call, after its retries), then the API retry (Resilience4j's {@code Retry}, see
 * {@link RegistrationApi#retried}), then one attempt (token, exchange, answer).
 */
final class ApiCallFilter implements ExchangeFilterFunction {

    private final RegistrationApi api;

    ApiCallFilter(RegistrationApi api) {
        this.api = api;
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        return Mono.defer(() -> {
            ConnectionId id = api.connectionOf(request.attributes());
            URI bound = RegistrationApi.boundBase(request.attributes());
            Mono<Optional<URI>> base = bound != null ? Mono.just(Optional.of(bound)) : api.bases.of(id);
            return base.flatMap(b -> {
                Call call = new Call(
                        request,
                        next,
                        id,
                        ApiUrls.resolve(api.id(), id, request.url(), b.orElse(null), api.apiHosts()));
                return api.retried(id, Mono.defer(call::attempt))
                        .transformDeferred(CircuitBreakerOperator.of(api.breaker))
                        .onErrorMap(CallNotPermittedException.class, e -> api.breakerOpen(id))
                        .onErrorMap(ApiRetry.TokenFailure.class, ApiRetry.TokenFailure::unwrap);
            });
        });
    }

    /** One logical call: its attempts share the 401 budget and the rate-limit count. */
    private final class Call {

        private final ClientRequest request;
        private final ExchangeFunction next;
        private final ConnectionId id;
        private final URI url;
        private boolean refreshedAfter401;
        private int rateLimited;

        Call(ClientRequest request, ExchangeFunction next, ConnectionId id, URI url) {
            this.request = request;
            this.next = next;
            this.id = id;
            this.url = url;
        }

        Mono<ClientResponse> attempt() {
            return api.tokens
                    .accessToken(id)
                    .onErrorMap(ApiRetry.TokenFailure::new)
                    .flatMap(this::send);
        }

        private Mono<ClientResponse> send(AccessToken token) {
            ClientRequest authorized = ClientRequest.from(request)
                    .url(url)
                    .headers(h -> h.set(HttpHeaders.AUTHORIZATION, token.authorizationHeader()))
                    .build();
            return api.exchange(next.exchange(authorized))
                    .onErrorMap(e -> {
                        return api.transportFailure(id, e);
                    })
                    .flatMap(response -> answered(response, token));
        }

        private Mono<ClientResponse> answered(ClientResponse response, AccessToken token) {
            int status = response.statusCode().value();
            if (status == 401) {
                return response.releaseBody().then(Mono.error(unauthorized(token)));
            }
            if (api.readsBody(status)) {
                return response.bodyToMono(String.class).defaultIfEmpty("").flatMap(body -> {
                    RateLimit limit = api.detect(
                            new ApiAnswer(status, response.headers().asHttpHeaders(), body), rateLimited + 1);
                    return limit == null
                            ? Mono.just(response.mutate().body(body).build())
                            : Mono.error(api.rateLimited(id, limit, ++rateLimited));
                });
            }
            RateLimit limit =
                    api.detect(new ApiAnswer(status, response.headers().asHttpHeaders(), null), rateLimited + 1);
            return limit == null
                    ? Mono.just(response)
                    : response.releaseBody().then(Mono.error(api.rateLimited(id, limit, ++rateLimited)));
        }

        /** The first 401 invalidates the token and sends again at once; a second one fails the call. */
        private RuntimeException unauthorized(AccessToken token) {
            if (refreshedAfter401) {
                return new ApiUnauthorizedException(
                        api.id(), id, request.method().name(), url.getRawPath());
            }
            refreshedAfter401 = true;
            api.tokens.invalidate(token);
            api.bases.evict(id);
            return new ApiRetry.Again(null);
        }
    }
}

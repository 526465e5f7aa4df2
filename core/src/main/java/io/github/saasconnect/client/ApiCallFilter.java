package io.github.saasconnect.client;

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
 * base, adds {@code Authorization: Bearer} from the {@code TokenManager}, refreshes and retries once on 401, waits
 * out rate limits within the configured bounds, and reports to the provider's circuit breaker. A request whose body
 * can be written only once cannot be retried; use a repeatable body (a value or form data).
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
            return base.flatMap(b -> new Call(request, next, id,
                    ApiUrls.resolve(api.id(), id, request.url(), b.orElse(null))).attempt());
        });
    }

    /** One logical call: its retries share the 401 budget and the rate-limit count. */
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
            return api.tokens.accessToken(id).flatMap(this::send);
        }

        private Mono<ClientResponse> send(AccessToken token) {
            BreakerPermit permit = BreakerPermit.acquire(api.breaker, api.id(), id);
            ClientRequest authorized = ClientRequest.from(request)
                    .url(url)
                    .headers(h -> h.set(HttpHeaders.AUTHORIZATION, token.authorizationHeader()))
                    .build();
            long start = System.nanoTime();
            return next.exchange(authorized)
                    .onErrorMap(e -> {
                        api.exchanged(0, start);
                        RuntimeException failure = api.transportFailure(id, e);
                        permit.failed(failure);
                        return failure;
                    })
                    .doOnNext(response -> api.exchanged(response.statusCode().value(), start))
                    .flatMap(response -> answered(response, token, permit))
                    .doOnCancel(permit::release);
        }

        private Mono<ClientResponse> answered(ClientResponse response, AccessToken token, BreakerPermit permit) {
            int status = response.statusCode().value();
            if (status == 401) {
                permit.answered(status, api.id(), id);
                return unauthorized(response, token);
            }
            if (api.readsBody(status)) {
                return response.bodyToMono(String.class).defaultIfEmpty("").flatMap(body -> {
                    RateLimit limit = api.detect(new ApiAnswer(status, response.headers().asHttpHeaders(), body),
                            rateLimited + 1);
                    if (limit == null) {
                        permit.answered(status, api.id(), id);
                        return Mono.just(response.mutate().body(body).build());
                    }
                    permit.release();
                    return waitThenRetry(limit);
                });
            }
            RateLimit limit = api.detect(new ApiAnswer(status, response.headers().asHttpHeaders(), null),
                    rateLimited + 1);
            if (limit == null) {
                permit.answered(status, api.id(), id);
                return Mono.just(response);
            }
            permit.release();
            return response.releaseBody().then(waitThenRetry(limit));
        }

        private Mono<ClientResponse> unauthorized(ClientResponse response, AccessToken token) {
            if (refreshedAfter401) {
                return response.releaseBody().then(Mono.error(new ApiUnauthorizedException(api.id(), id,
                        request.method().name(), url.getRawPath())));
            }
            refreshedAfter401 = true;
            api.tokens.invalidate(token);
            api.bases.evict(id);
            return response.releaseBody().then(Mono.defer(this::attempt));
        }

        private Mono<ClientResponse> waitThenRetry(RateLimit limit) {
            rateLimited++;
            var refusal = api.refusal(id, limit, rateLimited);
            if (refusal != null) {
                return Mono.error(refusal);
            }
            return api.delay(id, limit).then(Mono.defer(this::attempt));
        }
    }
}

package io.github.saasconnect.client;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.provider.ApiAnswer;
import io.github.saasconnect.provider.RateLimit;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.support.HttpRequestWrapper;

/**
 * The {@code RestClient} twin of {@link ApiCallFilter}: the same URL resolution, bearer token, single refresh on
 * 401 (or reauthorization when the token cannot be refreshed), rate-limit waits and breaker, for blocking code.
 * Waits block the calling thread.
 *
 * <p>The same composition: the API circuit breaker ({@code CircuitBreaker.decorateCheckedSupplier}) around the API
 * retry around one attempt. The retry is driven through Resilience4j's {@link Retry.AsyncContext}, which counts
 * attempts, applies {@link ApiRetry}'s interval function and publishes the retry's events and metrics but leaves
 * the waiting to us: its blocking decorators sleep through one JVM-wide static hook, which would make every rate
 * limit a real sleep in tests and could not be replaced per client.
 */
final class ApiCallInterceptor implements ClientHttpRequestInterceptor {

    private final RegistrationApi api;
    private final RegistrationApi.Sleeper sleeper;

    ApiCallInterceptor(RegistrationApi api, RegistrationApi.Sleeper sleeper) {
        this.api = api;
        this.sleeper = sleeper;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        ConnectionId id = api.connectionOf(request.getAttributes());
        URI bound = RegistrationApi.boundBase(request.getAttributes());
        URI base = bound != null ? bound : api.bases.of(id).block().orElse(null);
        Call call = new Call(
                request, body, execution, id, ApiUrls.resolve(api.id(), id, request.getURI(), base, api.apiHosts()));
        try {
            return CircuitBreaker.decorateCheckedSupplier(api.breaker, call::retried)
                    .get();
        } catch (CallNotPermittedException e) {
            throw api.breakerOpen(id);
        } catch (ApiRetry.TokenFailure e) {
            throw (RuntimeException) e.getCause();
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** One logical call: its attempts share the 401 budget and the rate-limit count. */
    private final class Call {

        private final HttpRequest request;
        private final byte[] body;
        private final ClientHttpRequestExecution execution;
        private final ConnectionId id;
        private final URI url;
        private boolean refreshedAfter401;
        private int rateLimited;

        Call(HttpRequest request, byte[] body, ClientHttpRequestExecution execution, ConnectionId id, URI url) {
            this.request = request;
            this.body = body;
            this.execution = execution;
            this.id = id;
            this.url = url;
        }

        ClientHttpResponse retried() throws IOException {
            Retry.AsyncContext<Object> context = api.retry.asyncContext();
            while (true) {
                try {
                    ClientHttpResponse response = attempt();
                    context.onComplete();
                    return response;
                } catch (ApiRetry.Again again) {
                    long waitMillis = context.onError(again);
                    if (waitMillis < 0) {
                        throw api.exhausted(again);
                    }
                    api.sleep(id, again.limit, Duration.ofMillis(waitMillis), sleeper);
                } catch (RuntimeException e) {
                    context.onError(e);
                    throw e;
                }
            }
        }

        private ClientHttpResponse attempt() throws IOException {
            AccessToken token;
            try {
                token = api.tokens.blocking().accessToken(id);
            } catch (RuntimeException e) {
                throw new ApiRetry.TokenFailure(e);
            }
            ClientHttpResponse response;
            try {
                response = api.exchange(() -> execution.execute(authorized(request, url, token), body));
            } catch (IOException | RuntimeException e) {
                throw api.transportFailure(id, e);
            }
            int status = response.getStatusCode().value();
            if (status == 401) {
                response.close();
                if (refreshedAfter401) {
                    throw new ApiUnauthorizedException(
                            api.id(), id, request.getMethod().name(), url.getRawPath());
                }
                refreshedAfter401 = true;
                api.tokens.invalidate(token);
                api.bases.evict(id);
                throw new ApiRetry.Again(null);
            }
            String text = null;
            if (api.readsBody(status)) {
                byte[] bytes;
                try (InputStream in = response.getBody()) {
                    bytes = in.readAllBytes();
                }
                text = new String(bytes, StandardCharsets.UTF_8);
                response = new BufferedResponse(response, bytes);
            }
            RateLimit limit = api.detect(new ApiAnswer(status, response.getHeaders(), text), rateLimited + 1);
            if (limit == null) {
                return response;
            }
            response.close();
            throw api.rateLimited(id, limit, ++rateLimited);
        }
    }

    private static HttpRequest authorized(HttpRequest request, URI url, AccessToken token) {
        HttpHeaders headers = HttpHeaders.copyOf(request.getHeaders());
        headers.set(HttpHeaders.AUTHORIZATION, token.authorizationHeader());
        return new HttpRequestWrapper(request) {
            @Override
            public URI getURI() {
                return url;
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }

    /** A response whose body was read to classify it, handed on with the same bytes. */
    private static final class BufferedResponse implements ClientHttpResponse {

        private final ClientHttpResponse delegate;
        private final byte[] body;

        BufferedResponse(ClientHttpResponse delegate, byte[] body) {
            this.delegate = delegate;
            this.body = body;
        }

        @Override
        public HttpStatusCode getStatusCode() throws IOException {
            return delegate.getStatusCode();
        }

        @Override
        public String getStatusText() throws IOException {
            return delegate.getStatusText();
        }

        @Override
        public HttpHeaders getHeaders() {
            return delegate.getHeaders();
        }

        @Override
        public InputStream getBody() {
            return new ByteArrayInputStream(body);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}

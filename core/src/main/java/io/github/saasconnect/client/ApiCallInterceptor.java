package io.github.saasconnect.client;

import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.provider.ApiAnswer;
import io.github.saasconnect.provider.RateLimit;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.support.HttpRequestWrapper;

/**
 * The {@code RestClient} twin of {@link ApiCallFilter}: the same URL resolution, bearer token, single refresh on
 * 401, rate-limit waits and breaker, for blocking code. Waits block the calling thread.
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
        URI url = ApiUrls.resolve(api.id(), id, request.getURI(), base);
        boolean refreshedAfter401 = false;
        int rateLimited = 0;
        while (true) {
            AccessToken token = api.tokens.blocking().accessToken(id);
            BreakerPermit permit = BreakerPermit.acquire(api.breaker, api.id(), id);
            ClientHttpResponse response;
            long start = System.nanoTime();
            try {
                response = execution.execute(authorized(request, url, token), body);
            } catch (IOException | RuntimeException e) {
                api.exchanged(0, start);
                RuntimeException failure = api.transportFailure(id, e);
                permit.failed(failure);
                throw failure;
            }
            int status = response.getStatusCode().value();
            api.exchanged(status, start);
            if (status == 401) {
                permit.answered(status, api.id(), id);
                response.close();
                if (refreshedAfter401) {
                    throw new ApiUnauthorizedException(api.id(), id, request.getMethod().name(), url.getRawPath());
                }
                refreshedAfter401 = true;
                api.tokens.invalidate(token);
                api.bases.evict(id);
                continue;
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
                permit.answered(status, api.id(), id);
                return response;
            }
            permit.release();
            response.close();
            rateLimited++;
            var refusal = api.refusal(id, limit, rateLimited);
            if (refusal != null) {
                throw refusal;
            }
            api.sleep(id, limit, sleeper);
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

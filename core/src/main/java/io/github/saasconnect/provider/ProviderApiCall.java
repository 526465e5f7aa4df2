package io.github.saasconnect.provider;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.failure.ReauthorizationCause;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.failure.TransientFailureException;
import io.github.saasconnect.http.RetryAfter;
import io.github.saasconnect.http.internal.HttpStatusFailures;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A call an adapter makes to a provider's own API rather than its token endpoint: discovery after a code exchange
 * ({@code GET /user}, {@code /oauth/userinfo}) or a revocation that is not RFC 7009 (GitHub). Answers other than
 * 2xx become the same typed failures as token-endpoint answers; messages carry the status and what was asked,
 * never a token.
 */
public final class ProviderApiCall {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProviderApiCall() {}

    /**
     * {@code GET uri} with {@code accessToken} as a Bearer token; the JSON object in the answer.
     *
     * @param what names the call in failure messages ({@code "GET /user"})
     */
    public static Mono<Map<String, Object>> getJson(
            WebClient http, ProviderRegistration registration, URI uri, Secret accessToken, String what) {
        return http.get()
                .uri(uri)
                .headers(h -> {
                    h.setBearerAuth(accessToken.reveal());
                    h.setAccept(List.of(MediaType.APPLICATION_JSON));
                })
                .retrieve()
                .onStatus(status -> true, response -> Mono.empty())
                .toEntity(byte[].class)
                .map(answer -> {
                    int status = answer.getStatusCode().value();
                    if (status / 100 != 2) {
                        throw failure(registration, null, status, answer.getHeaders(), what);
                    }
                    return jsonObject(registration, status, bytes(answer), what);
                })
                .onErrorMap(
                        e -> !(e instanceof SaasConnectException),
                        e -> new TransientFailureException(
                                registration.id(),
                                null,
                                0,
                                what + " failed (" + e.getClass().getSimpleName() + ")",
                                null));
    }

    /**
     * {@code method uri} with {@code bearer} and an optional JSON {@code body}; the 2xx answer's headers and JSON
     * (an object or an array). A non-2xx answer fails with what {@code errors} makes of its status (when it returns
     * one), else with {@link #failure}; a transport failure is transient. Bounded by {@code timeout}.
     *
     * @param what names the call in failure messages ({@code "POST /app/installations/{id}/access_tokens"})
     */
    public static Mono<JsonAnswer> sendJson(
            WebClient http,
            ProviderRegistration registration,
            ConnectionId connection,
            org.springframework.http.HttpMethod method,
            URI uri,
            Secret bearer,
            Object body,
            java.util.function.IntFunction<SaasConnectException> errors,
            java.time.Duration timeout,
            String what) {
        WebClient.RequestBodySpec request = http.method(method).uri(uri).headers(h -> {
            h.setBearerAuth(bearer.reveal());
            h.setAccept(List.of(MediaType.APPLICATION_JSON));
        });
        WebClient.RequestHeadersSpec<?> sent = body == null
                ? request
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
        return sent.retrieve()
                .onStatus(status -> true, response -> Mono.empty())
                .toEntity(byte[].class)
                .map(answer -> {
                    int status = answer.getStatusCode().value();
                    HttpHeaders headers = answer.getHeaders();
                    if (status / 100 != 2) {
                        SaasConnectException special = errors.apply(status);
                        throw special != null ? special : failure(registration, connection, status, headers, what);
                    }
                    return new JsonAnswer(headers, json(registration, connection, status, bytes(answer), what));
                })
                .timeout(timeout)
                .onErrorMap(
                        e -> !(e instanceof SaasConnectException),
                        e -> new TransientFailureException(
                                registration.id(),
                                connection,
                                0,
                                what + " failed (" + e.getClass().getSimpleName() + ")",
                                null));
    }

    /**
     * The body of {@code answer}, empty when it had none. Read through {@code retrieve()} with every status let through
     * (the callers judge statuses themselves) rather than {@code exchangeToMono}: that one releases the body after the
     * handler read it, which the JDK transport answers with an exception and its stack trace on every call.
     */
    private static byte[] bytes(ResponseEntity<byte[]> answer) {
        byte[] body = answer.getBody();
        return body == null ? new byte[0] : body;
    }

    /** A 2xx answer of {@link #sendJson}: its headers and its JSON, a {@code Map} or a {@code List}. */
    public record JsonAnswer(HttpHeaders headers, Object body) {}

    private static Object json(
            ProviderRegistration registration, ConnectionId connection, int status, byte[] body, String what) {
        try {
            return JSON.readValue(body, Object.class);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new TransientFailureException(
                    registration.id(),
                    connection,
                    status,
                    what + " answered with a body that is not JSON (" + body.length + " bytes)",
                    null);
        }
    }

    /**
     * The failure for a non-2xx answer of a provider API call: 401 means the token was refused (the user must
     * connect again), 429 is rate limiting, 5xx and 408 are transient, anything else is a configuration problem
     * (a missing permission or scope, a wrong URL).
     */
    public static SaasConnectException failure(
            ProviderRegistration registration, ConnectionId connection, int status, HttpHeaders headers, String what) {
        if (status == 401) {
            return new ReauthorizationRequiredException(
                    registration.id(),
                    connection,
                    ReauthorizationCause.GRANT_INVALID,
                    "http_401",
                    what + " refused the access token");
        }
        // Static and clock-less: providers send delta-seconds here; an HTTP date is measured on the system clock.
        return HttpStatusFailures.failure(
                registration.id(),
                connection,
                status,
                RetryAfter.of(headers, Instant.now()),
                what + " answered HTTP " + status,
                "check the registration's scopes or permissions and its API base URL");
    }

    private static Map<String, Object> jsonObject(
            ProviderRegistration registration, int status, byte[] body, String what) {
        try {
            return JSON.readValue(body, MAP);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new TransientFailureException(
                    registration.id(),
                    null,
                    status,
                    what + " answered with a body that is not a JSON object (" + body.length + " bytes)",
                    null);
        }
    }
}

package io.github.saasconnect.oauth2;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.failure.TransientFailureException;
import io.github.saasconnect.http.RetryAfter;
import io.github.saasconnect.http.internal.HttpStatusFailures;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.TokenErrorResponse;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a token endpoint's answer, whatever shape it takes: JSON or form-encoded tokens, an RFC 6749 §5.2
 * error (with any status, GitHub sends 200), or something else entirely (an HTML error page, an empty or
 * malformed body), which becomes a typed failure carrying the status, never a parse exception.
 */
final class TokenResponseReader {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final JsonMapper json = JsonMapper.builder().build();
    private final Clock clock;

    TokenResponseReader(Clock clock) {
        this.clock = clock;
    }

    /**
     * The tokens in a successful answer; any other answer is thrown as a typed failure.
     *
     * @param secretsSent the secret values the request carried; an error answer that quotes one is redacted
     */
    TokenSet read(
            ProviderRegistration registration,
            ConnectionId connection,
            int status,
            HttpHeaders headers,
            byte[] body,
            Collection<String> secretsSent) {
        Map<String, String> fields = fields(registration, connection, status, headers, body);
        if (fields.containsKey("error")) {
            throw registration
                    .descriptor()
                    .errorClassifier()
                    .classify(registration, connection, errorOf(status, headers, fields, secretsSent));
        }
        if (status / 100 != 2) {
            throw failureWithoutOAuthBody(registration.id(), connection, status, headers, "no OAuth error field");
        }
        String accessToken = fields.get("access_token");
        if (accessToken == null || accessToken.isEmpty()) {
            throw new TransientFailureException(
                    registration.id(), connection, status, "malformed token response: no access_token", null);
        }
        Instant now = clock.instant();
        Instant accessExpiry = seconds(fields.get("expires_in"))
                .map(now::plusSeconds)
                .orElse(
                        registration.descriptor().defaultAccessTokenLifetime() == null
                                ? null
                                : now.plus(registration.descriptor().defaultAccessTokenLifetime()));
        Instant refreshExpiry = seconds(fields.get("refresh_token_expires_in"))
                .map(now::plusSeconds)
                .orElse(null);
        String scope = fields.containsKey("scope") ? fields.get("scope") : fields.get("scopes");
        return new TokenSet(
                Secret.of(accessToken),
                accessExpiry,
                fields.get("token_type"),
                Secret.ofNullable(fields.get("refresh_token")),
                refreshExpiry,
                scopes(scope, registration.descriptor().responseScopeDelimiter()),
                Secret.ofNullable(fields.get("id_token")),
                nonSecret(fields));
    }

    /** Checks an answer that should carry no tokens (revocation): a failure is thrown as typed. */
    void expectSuccess(
            ProviderRegistration registration,
            ConnectionId connection,
            int status,
            HttpHeaders headers,
            byte[] body,
            Collection<String> secretsSent) {
        if (status / 100 == 2) {
            return;
        }
        Map<String, String> fields = fields(registration, connection, status, headers, body);
        if (fields.containsKey("error")) {
            throw registration
                    .descriptor()
                    .errorClassifier()
                    .classify(registration, connection, errorOf(status, headers, fields, secretsSent));
        }
        throw failureWithoutOAuthBody(registration.id(), connection, status, headers, "no OAuth error field");
    }

    private Map<String, String> fields(
            ProviderRegistration registration, ConnectionId connection, int status, HttpHeaders headers, byte[] body) {
        MediaType type = headers.getContentType();
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            throw failureWithoutOAuthBody(registration.id(), connection, status, headers, "empty body");
        }
        boolean looksJson = text.startsWith("{");
        if (type != null && type.isCompatibleWith(MediaType.APPLICATION_JSON)
                || type == null && looksJson
                || looksJson && type != null && type.isCompatibleWith(MediaType.TEXT_PLAIN)) {
            return jsonFields(registration.id(), connection, status, headers, body);
        }
        if (type != null && type.isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED)) {
            return formFields(text);
        }
        String what = type == null
                ? "a body without content type"
                : "a " + type.getType() + "/" + type.getSubtype() + " body";
        throw failureWithoutOAuthBody(
                registration.id(), connection, status, headers, what + " instead of a token response");
    }

    private Map<String, String> jsonFields(
            String registration, ConnectionId connection, int status, HttpHeaders headers, byte[] body) {
        Map<String, Object> parsed;
        try {
            parsed = json.readValue(body, MAP);
        } catch (JacksonException | IllegalArgumentException e) {
            parsed = null;
        }
        if (parsed == null) {
            // the literal "null" parses without error; it is as malformed as a truncated object
            throw failureWithoutOAuthBody(
                    registration, connection, status, headers, "malformed JSON body (" + body.length + " bytes)");
        }
        Map<String, String> out = new LinkedHashMap<>();
        parsed.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v instanceof Iterable<?> list ? join(list) : String.valueOf(v));
            }
        });
        return out;
    }

    private static String join(Iterable<?> list) {
        StringBuilder sb = new StringBuilder();
        for (Object o : list) {
            sb.append(sb.isEmpty() ? "" : ",").append(o);
        }
        return sb.toString();
    }

    private static Map<String, String> formFields(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(key, value);
        }
        return out;
    }

    /**
     * The error answer, with every value the request sent as a secret redacted: some providers quote the
     * refresh token or code they reject, and the description ends up in exception messages and logs.
     */
    private TokenErrorResponse errorOf(
            int status, HttpHeaders headers, Map<String, String> fields, Collection<String> secretsSent) {
        Map<String, String> extra = new LinkedHashMap<>(nonSecret(fields));
        extra.keySet().removeAll(Set.of("error", "error_description", "error_uri"));
        extra.replaceAll((k, v) -> redact(v, secretsSent));
        return new TokenErrorResponse(
                status,
                redact(fields.get("error"), secretsSent),
                redact(fields.get("error_description"), secretsSent),
                redact(fields.get("error_uri"), secretsSent),
                extra,
                retryAfter(headers));
    }

    private static String redact(String text, Collection<String> secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                out = out.replace(secret, "[redacted]")
                        .replace(URLEncoder.encode(secret, StandardCharsets.UTF_8), "[redacted]");
            }
        }
        return out;
    }

    SaasConnectException failureWithoutOAuthBody(
            String registration, ConnectionId connection, int status, HttpHeaders headers, String what) {
        return HttpStatusFailures.failure(
                registration,
                connection,
                status,
                retryAfter(headers),
                status == 429 ? "HTTP 429, " + what : what,
                "is the token endpoint URL right?");
    }

    /** The {@code Retry-After} header as a duration, on our clock, or {@code null}. */
    Duration retryAfter(HttpHeaders headers) {
        return RetryAfter.of(headers, clock.instant());
    }

    private static java.util.Optional<Long> seconds(String value) {
        if (value == null || value.isBlank()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of((long) Double.parseDouble(value.strip()));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static Set<String> scopes(String scope, String delimiter) {
        if (scope == null || scope.isBlank()) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        Arrays.stream(Pattern.compile(delimiter).split(scope.strip()))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .forEach(out::add);
        return out;
    }

    /** Fields safe to keep: anything whose name mentions a token or secret is dropped. */
    private static Map<String, String> nonSecret(Map<String, String> fields) {
        Map<String, String> out = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            String key = k.toLowerCase(java.util.Locale.ROOT);
            if (!(key.contains("token") && !key.endsWith("expires_in")
                    || key.contains("secret")
                    || key.contains("code") && !key.equals("error_codes")
                    || key.equals("assertion"))) {
                out.put(k, v);
            }
        });
        return out;
    }
}

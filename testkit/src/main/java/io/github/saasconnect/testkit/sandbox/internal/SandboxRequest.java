package io.github.saasconnect.testkit.sandbox.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as the sandboxes see it: method, decoded path, query, headers (names lower-cased) and the whole
 * body as text.
 */
public final class SandboxRequest {

    private final String method;
    private final String path;
    private final String rawQuery;
    private final Map<String, String> query;
    private final Map<String, List<String>> headers;
    private final String body;
    private final Map<String, String> pathVariables;

    public SandboxRequest(String method, String path, String rawQuery, Map<String, List<String>> headers, String body) {
        this(method, path, rawQuery, headers, body, Map.of());
    }

    private SandboxRequest(
            String method,
            String path,
            String rawQuery,
            Map<String, List<String>> headers,
            String body,
            Map<String, String> pathVariables) {
        this.method = method.toUpperCase(Locale.ROOT);
        this.path = path;
        this.rawQuery = rawQuery == null ? "" : rawQuery;
        this.query = Collections.unmodifiableMap(FormCodec.decode(this.rawQuery));
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.forEach((name, values) -> lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), key -> new ArrayList<>())
                .addAll(values));
        this.headers = Collections.unmodifiableMap(lower);
        this.body = body == null ? "" : body;
        this.pathVariables = Map.copyOf(pathVariables);
    }

    /** A copy carrying the variables a route template matched. */
    public SandboxRequest withPathVariables(Map<String, String> variables) {
        return new SandboxRequest(method, path, rawQuery, headers, body, variables);
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public String rawQuery() {
        return rawQuery;
    }

    public Map<String, String> query() {
        return query;
    }

    public String query(String name) {
        return query.get(name);
    }

    /**
     * The named query parameter as an {@code int}, or {@code fallback} when it is absent or not a number: paging
     * parameters that providers quietly default rather than reject.
     */
    public int queryInt(String name, int fallback) {
        String value = query.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException malformed) {
            return fallback;
        }
    }

    public Map<String, List<String>> headers() {
        return headers;
    }

    public String body() {
        return body;
    }

    public String pathVariable(String name) {
        return pathVariables.get(name);
    }

    /** First value of the named header, ignoring case, or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The media type of the body without parameters, lower-cased, or {@code ""}. */
    public String mediaType() {
        String contentType = header("content-type");
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .toLowerCase(Locale.ROOT);
    }

    /** The body parsed as a form when it is declared {@code application/x-www-form-urlencoded}, else empty. */
    public Map<String, String> form() {
        return "application/x-www-form-urlencoded".equals(mediaType()) ? FormCodec.decode(body) : Map.of();
    }

    /** Query parameters for GET, form fields (falling back to the query) otherwise. */
    public Map<String, String> parameters() {
        if ("GET".equals(method)) {
            return query;
        }
        Map<String, String> merged = new LinkedHashMap<>(query);
        merged.putAll(form());
        return merged;
    }

    /** Client id and secret from an {@code Authorization: Basic} header, if one is present and well formed. */
    public Optional<BasicCredentials> basicCredentials() {
        String authorization = header("authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            return Optional.of(new BasicCredentials(
                    FormCodec.decodeComponent(decoded.substring(0, colon)),
                    FormCodec.decodeComponent(decoded.substring(colon + 1))));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    /** The token of an {@code Authorization} header with the given scheme (case-insensitive), if any. */
    public Optional<String> authorizationToken(String scheme) {
        String authorization = header("authorization");
        String prefix = scheme + " ";
        if (authorization == null || !authorization.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return Optional.empty();
        }
        String token = authorization.substring(prefix.length()).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /** The bearer token of the {@code Authorization} header, if any. */
    public Optional<String> bearerToken() {
        return authorizationToken("Bearer");
    }

    /**
     * Credentials from HTTP Basic.
     *
     * @param clientId the user part
     * @param clientSecret the password part
     */
    public record BasicCredentials(String clientId, String clientSecret) {}
}

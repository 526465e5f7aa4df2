package io.github.saasconnect.testkit.vault;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;

/**
 * One request as the engine sees it: percent-decoded path, decoded query, header lookup and the raw body.
 * {@link #operation()} is the logical operation, so a {@code GET …?list=true} is a {@code LIST}.
 */
final class VaultRequest {

    static final String PREFIX = "/v1/";

    private static final Set<String> METHODS = Set.of("GET", "LIST", "POST", "PUT", "DELETE", "PATCH", "HEAD");

    private final String method;

    private final String path;

    private final Map<String, String> query;

    private final UnaryOperator<String> headers;

    private final byte[] body;

    private boolean malformedEscape;

    private String operation;

    private String vaultPath;

    private JsonNode json;

    private boolean jsonParsed;

    private VaultRequest(
            String method, String path, Map<String, String> query, UnaryOperator<String> headers, byte[] body) {
        this.method = method;
        this.path = path;
        this.query = query;
        this.headers = headers;
        this.body = body;
    }

    /**
     * Decodes the request line. Never throws: a path that cannot be decoded is kept raw and refused by
     * {@link #validate()}, so the request can still be logged.
     */
    static VaultRequest of(String method, String uri, UnaryOperator<String> headers, byte[] body) {
        int queryStart = uri.indexOf('?');
        String rawPath = (queryStart >= 0) ? uri.substring(0, queryStart) : uri;
        String rawQuery = (queryStart >= 0) ? uri.substring(queryStart + 1) : "";
        String path = rawPath;
        boolean malformed = false;
        try {
            path = percentDecode(rawPath);
        } catch (IllegalArgumentException ex) {
            malformed = true;
        }
        VaultRequest request = new VaultRequest(method, path, parseQuery(rawQuery), headers, body);
        request.malformedEscape = malformed;
        return request;
    }

    /**
     * Applies the transport rules that come before everything else: path syntax (D1, D2), the {@code /v1/} prefix
     * and the method (A4).
     */
    void validate() {
        if (this.malformedEscape) {
            throw VaultError.badRequest("invalid URL escape in path");
        }
        for (int i = 0; i < this.path.length(); i++) {
            char c = this.path.charAt(i);
            if (Character.isISOControl(c) || !isPrintable(c)) {
                throw VaultError.badRequestWithoutBody();
            }
        }
        if (!this.path.startsWith(PREFIX)) {
            throw VaultError.notFound();
        }
        String rest = this.path.substring(PREFIX.length());
        if (rest.isEmpty()) {
            throw VaultError.notFound();
        }
        String[] segments = rest.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean trailing = (i == segments.length - 1) && i > 0;
            if ((segment.isEmpty() && !trailing) || segment.contains("..") || segment.equals(".")) {
                throw VaultError.badRequest("relative paths not supported");
            }
        }
        if (!METHODS.contains(this.method)) {
            throw VaultError.unsupportedOperation();
        }
        this.operation = this.method;
        String list = this.query.get("list");
        if (this.method.equals("GET") && list != null && parseGoBool(list)) {
            this.operation = "LIST";
        }
        this.vaultPath = (this.operation.equals("LIST") && !rest.endsWith("/")) ? rest + "/" : rest;
    }

    private static boolean isPrintable(char c) {
        int type = Character.getType(c);
        return type != Character.UNASSIGNED
                && type != Character.FORMAT
                && type != Character.PRIVATE_USE
                && type != Character.SURROGATE
                && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR;
    }

    /** Go's {@code strconv.ParseBool}; anything else is a 400. */
    static boolean parseGoBool(String text) {
        return switch (text) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw VaultError.badRequest("error parsing list parameter: invalid syntax \"" + text + "\"");
        };
    }

    private static String percentDecode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new IllegalArgumentException("truncated escape");
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new IllegalArgumentException("bad escape");
                }
                bytes.write((high << 4) | low);
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery.isEmpty()) {
            return Collections.unmodifiableMap(query);
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = (equals >= 0) ? pair.substring(0, equals) : pair;
            String value = (equals >= 0) ? pair.substring(equals + 1) : "";
            try {
                query.putIfAbsent(
                        URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException ex) {
                query.putIfAbsent(name, value);
            }
        }
        return Collections.unmodifiableMap(query);
    }

    /** The HTTP method as sent. */
    String method() {
        return this.method;
    }

    /** The logical operation: the method, except that {@code GET ?list=true} is {@code LIST}. */
    String operation() {
        return this.operation;
    }

    /** The percent-decoded path as sent, starting with {@code /v1/} when valid. */
    String path() {
        return this.path;
    }

    /** The decoded path after {@code /v1/}; a list request's path ends with {@code /}. Set by {@link #validate}. */
    String vaultPath() {
        return this.vaultPath;
    }

    Map<String, String> query() {
        return this.query;
    }

    String header(String name) {
        return this.headers.apply(name);
    }

    /** B1: the token from {@code X-Vault-Token}, else from {@code Authorization: Bearer}; {@code null} if none. */
    String token() {
        String token = header("X-Vault-Token");
        if (token != null && !token.isBlank()) {
            return token.trim();
        }
        String authorization = header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String bearer = authorization.substring(7).trim();
            return bearer.isEmpty() ? null : bearer;
        }
        return null;
    }

    RecordedRequest.TokenSource tokenSource() {
        String token = header("X-Vault-Token");
        if (token != null && !token.isBlank()) {
            return RecordedRequest.TokenSource.X_VAULT_TOKEN;
        }
        return (token() != null) ? RecordedRequest.TokenSource.AUTHORIZATION_BEARER : RecordedRequest.TokenSource.NONE;
    }

    byte[] body() {
        return this.body;
    }

    /** The body as JSON, {@code null} when empty; parsed once. */
    JsonNode json() {
        if (!this.jsonParsed) {
            this.json = Json.parseBody(this.body);
            this.jsonParsed = true;
        }
        return this.json;
    }

    /** The body as JSON, tolerating a broken one (for the request log only). */
    JsonNode jsonOrNull() {
        try {
            return json();
        } catch (VaultError ex) {
            return null;
        }
    }
}

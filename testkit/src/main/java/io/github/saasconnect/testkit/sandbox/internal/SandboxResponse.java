package io.github.saasconnect.testkit.sandbox.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP response a sandbox sends: status, headers in the order given, and the body bytes.
 *
 * @param status HTTP status code
 * @param headers response headers, in sending order
 * @param body body bytes, empty for none
 */
public record SandboxResponse(int status, Map<String, String> headers, byte[] body) {

    public static final String JSON = "application/json; charset=utf-8";
    public static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";
    public static final String HTML = "text/html; charset=utf-8";
    public static final String TEXT = "text/plain; charset=utf-8";

    public SandboxResponse {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** A JSON response; {@code value} is serialised with Jackson. */
    public static SandboxResponse json(int status, Object value) {
        return of(status, JSON, Json.write(value));
    }

    /** A form-encoded response, as GitHub's token endpoint sends by default. */
    public static SandboxResponse form(int status, Map<String, ?> fields) {
        return of(status, FORM, FormCodec.encode(fields));
    }

    public static SandboxResponse html(int status, String page) {
        return of(status, HTML, page);
    }

    public static SandboxResponse text(int status, String text) {
        return of(status, TEXT, text);
    }

    /** A response with the given content type and text body. */
    public static SandboxResponse of(int status, String contentType, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        return new SandboxResponse(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** A 302 redirect to {@code location}. */
    public static SandboxResponse redirect(URI location) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Location", location.toString());
        headers.put("Cache-Control", "no-store");
        return new SandboxResponse(302, headers, new byte[0]);
    }

    /** A response with no body. */
    public static SandboxResponse empty(int status) {
        return new SandboxResponse(status, Map.of(), new byte[0]);
    }

    /** A copy with one more header (or the named header replaced). */
    public SandboxResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new SandboxResponse(status, copy, body);
    }

    /** A copy with the given headers added. */
    public SandboxResponse withHeaders(Map<String, String> extra) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.putAll(extra);
        return new SandboxResponse(status, copy, body);
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The value of the named header, ignoring case, or {@code null}. */
    public String header(String name) {
        return headers.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }
}

package io.github.saasconnect.provider;

import java.time.Duration;
import java.util.Map;

/**
 * An error answer of a token endpoint (RFC 6749 §5.2), with the HTTP facts around it.
 *
 * @param status the HTTP status (GitHub sends some errors with 200)
 * @param error the {@code error} code
 * @param description {@code error_description}, or {@code null}
 * @param uri {@code error_uri}, or {@code null}
 * @param extra other fields as text ({@code error_subtype}, {@code error_codes}, {@code trace_id} ...)
 * @param retryAfter the {@code Retry-After} header, or {@code null}
 */
public record TokenErrorResponse(
        int status, String error, String description, String uri, Map<String, String> extra, Duration retryAfter) {

    public TokenErrorResponse {
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** One of the extra fields, or {@code null}. */
    public String field(String name) {
        return extra.get(name);
    }
}

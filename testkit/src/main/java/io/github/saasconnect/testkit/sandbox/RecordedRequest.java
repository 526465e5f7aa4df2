package io.github.saasconnect.testkit.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request a sandbox received, for assertions on what a client sent.
 *
 * @param endpoint the kind of endpoint it hit
 * @param method HTTP method
 * @param path decoded path, without the query
 * @param query raw query string, {@code ""} when absent
 * @param headers request headers, names lower-cased
 * @param body request body as text
 * @param receivedAt the sandbox clock's time of arrival
 */
public record RecordedRequest(
        Endpoint endpoint,
        String method,
        String path,
        String query,
        Map<String, List<String>> headers,
        String body,
        Instant receivedAt) {

    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    /** The body as a decoded form ({@code application/x-www-form-urlencoded}); empty when there is none. */
    public Map<String, String> form() {
        return body == null || body.isEmpty()
                ? Map.of()
                : io.github.saasconnect.testkit.sandbox.internal.FormCodec.decode(body);
    }

    /** The first value of a header, ignoring case, or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}

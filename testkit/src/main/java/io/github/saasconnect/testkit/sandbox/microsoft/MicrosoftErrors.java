package io.github.saasconnect.testkit.sandbox.microsoft;

import io.github.saasconnect.testkit.sandbox.internal.SandboxResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Microsoft's error bodies: identity-platform token errors and the Graph error envelope. */
final class MicrosoftErrors {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private MicrosoftErrors() {}

    /**
     * A token-endpoint error: {@code error}, {@code error_description} ("AADSTSnnnn: ... Trace ID: ... Correlation
     * ID: ... Timestamp: ..."), {@code error_codes}, {@code timestamp}, {@code trace_id}, {@code correlation_id},
     * {@code error_uri}.
     */
    static SandboxResponse token(int status, String error, int code, String message, Instant now) {
        String traceId = UUID.randomUUID().toString();
        String correlationId = UUID.randomUUID().toString();
        String timestamp = TIMESTAMP.format(now);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put(
                "error_description",
                "AADSTS" + code + ": " + message + " Trace ID: " + traceId + " Correlation ID: " + correlationId
                        + " Timestamp: " + timestamp);
        body.put("error_codes", List.of(code));
        body.put("timestamp", timestamp);
        body.put("trace_id", traceId);
        body.put("correlation_id", correlationId);
        body.put("error_uri", "https://login.microsoftonline.com/error?code=" + code);
        return SandboxResponse.json(status, body).withHeader("Cache-Control", "no-store, no-cache");
    }

    /** The Graph {@code {"error": {"code", "message", "innerError"}}} envelope. */
    static SandboxResponse graph(int status, String code, String message, Instant now) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("date", now.toString());
        inner.put("request-id", UUID.randomUUID().toString());
        inner.put("client-request-id", UUID.randomUUID().toString());
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("innerError", inner);
        return SandboxResponse.json(status, Map.of("error", error));
    }
}

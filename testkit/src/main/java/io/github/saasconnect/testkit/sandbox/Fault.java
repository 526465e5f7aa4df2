package io.github.saasconnect.testkit.sandbox;

import io.github.saasconnect.testkit.sandbox.internal.SandboxResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Something to do instead of (or after) the normal answer to one request: an HTML error page, a dropped connection,
 * no answer at all, a garbled body, throttling. Queue faults with {@link Faults}; provider sandboxes offer faults in
 * their own wire shape (for example {@code GoogleSandbox.invalidRapt()}).
 *
 * <p>By default the faulted request is not processed, so no state changes. {@link #afterProcessing()} processes it
 * first (a refresh still rotates the token) and then loses the answer, which is how a client ends up holding a
 * refresh token the provider already replaced.
 */
public final class Fault {

    enum Kind {
        RESPOND,
        RESET,
        NO_RESPONSE,
        DELAY
    }

    private final Kind kind;
    private final SandboxResponse response;
    private final Duration delay;
    private final boolean afterProcessing;
    private final String description;

    private Fault(Kind kind, SandboxResponse response, Duration delay, boolean afterProcessing, String description) {
        this.kind = kind;
        this.response = response;
        this.delay = delay;
        this.afterProcessing = afterProcessing;
        this.description = description;
    }

    /** HTTP 500 with an HTML error page, as a load balancer or front end sends instead of the JSON a client expects. */
    public static Fault htmlServerError() {
        return htmlError(500);
    }

    /** HTTP 503 with an HTML page and no {@code Retry-After}. */
    public static Fault serviceUnavailable() {
        return htmlError(503);
    }

    /** Any status with a small HTML error page. */
    public static Fault htmlError(int status) {
        String page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error " + status
                + "</title></head><body><h1>" + status + ". That's an error.</h1>"
                + "<p>The server encountered an error and could not complete your request.</p></body></html>\n";
        return respond("HTML " + status, SandboxResponse.html(status, page));
    }

    /**
     * Closes the connection without answering, with {@code SO_LINGER 0} so the client sees a TCP reset rather than a
     * clean end of stream.
     */
    public static Fault connectionReset() {
        return new Fault(Kind.RESET, null, Duration.ZERO, false, "connection reset");
    }

    /** Never answers; the connection stays open until the client gives up or the sandbox closes. */
    public static Fault noResponse() {
        return new Fault(Kind.NO_RESPONSE, null, Duration.ZERO, false, "no response");
    }

    /** Answers normally, but only after {@code delay} (wall-clock time, for testing a client's read timeout). */
    public static Fault slowResponse(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        return new Fault(Kind.DELAY, null, delay, false, "slow response (" + delay + ")");
    }

    /** HTTP 200, {@code application/json}, and a body cut off mid-object. */
    public static Fault malformedJson() {
        return respond(
                "malformed JSON",
                SandboxResponse.of(200, SandboxResponse.JSON, "{\"access_token\": \"abc\", \"token_type\": "));
    }

    /** HTTP 200, {@code application/json}, and no body. */
    public static Fault emptyBody() {
        return respond(
                "empty body", new SandboxResponse(200, Map.of("Content-Type", SandboxResponse.JSON), new byte[0]));
    }

    /** HTTP 429 with {@code Retry-After} in whole seconds. */
    public static Fault tooManyRequests(Duration retryAfter) {
        Objects.requireNonNull(retryAfter, "retryAfter");
        return respond(
                "429 retry after " + retryAfter.toSeconds() + "s",
                SandboxResponse.text(429, "Too Many Requests")
                        .withHeader("Retry-After", Long.toString(retryAfter.toSeconds())));
    }

    /** HTTP 429 with no {@code Retry-After} and no rate-limit headers. */
    public static Fault tooManyRequests() {
        return respond("429", SandboxResponse.text(429, "Too Many Requests"));
    }

    /** A canned response. */
    public static Fault response(int status, String contentType, String body, Map<String, String> headers) {
        SandboxResponse response =
                SandboxResponse.of(status, contentType, body).withHeaders(new LinkedHashMap<>(headers));
        return respond("HTTP " + status, response);
    }

    /**
     * A canned response built by a provider sandbox. Intended for the provider packages.
     *
     * @param description what the fault is, for {@link #toString()}
     * @param response the response to send
     * @return the fault
     */
    public static Fault respond(String description, SandboxResponse response) {
        return new Fault(Kind.RESPOND, Objects.requireNonNull(response, "response"), Duration.ZERO, false, description);
    }

    /** This fault, but the request is processed first, so its side effects (rotation, revocation) happen. */
    public Fault afterProcessing() {
        return new Fault(kind, response, delay, true, description);
    }

    Kind kind() {
        return kind;
    }

    SandboxResponse response() {
        return response;
    }

    Duration delay() {
        return delay;
    }

    boolean processesRequest() {
        return afterProcessing || kind == Kind.DELAY;
    }

    /** The status this fault answers with, or {@code -1} when it does not answer with a response of its own. */
    public int status() {
        return response == null ? -1 : response.status();
    }

    /** The body this fault answers with, or {@code ""}. */
    public String body() {
        return response == null ? "" : new String(response.body(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Fault[" + description + (afterProcessing ? ", after processing" : "") + "]";
    }
}

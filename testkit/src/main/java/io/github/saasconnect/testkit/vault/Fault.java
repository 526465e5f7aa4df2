package io.github.saasconnect.testkit.vault;

import java.time.Duration;
import java.util.Objects;

/**
 * What the server does instead of (or after) answering a request normally. Build one with the factory methods and
 * hand it to {@link Faults}.
 * <ul>
 * <li>{@link #rateLimited()}, {@link #internalError()}, {@link #unavailable()}, {@link #status(int)}: answer with
 * that error <em>instead</em> of handling the request, so nothing changes.</li>
 * <li>{@link #afterCommit()}: handle the request first (a write is applied), then answer with the error anyway.</li>
 * <li>{@link #dropConnection()}: handle the request (a write is applied), then close the connection without
 * answering. The client sees an I/O error although the write happened: an ambiguous commit.</li>
 * <li>{@link #delay(Duration)}: handle the request, then hold the answer back for a while (a client with a shorter
 * read timeout sees a timeout although the write happened). Any fault can be delayed with
 * {@link #withDelay(Duration)}.</li>
 * </ul>
 *
 * @param action what happens to the answer
 * @param status the status of an {@link Action#ERROR} answer, 0 otherwise
 * @param message the error message of an {@link Action#ERROR} answer, {@code null} otherwise
 * @param retryAfter the {@code Retry-After} header to send, or {@code null} for none
 * @param delay how long to hold the answer back, {@link Duration#ZERO} for no delay
 * @param handledFirst whether the request is handled (and its write applied) before the fault strikes
 */
public record Fault(
        Action action, int status, String message, Duration retryAfter, Duration delay, boolean handledFirst) {

    /** What a fault does to the answer. */
    public enum Action {

        /** Answer with {@link Fault#status()} and {@code {"errors":[message]}}. */
        ERROR,

        /** Close the connection after handling the request, without any answer. */
        DROP_CONNECTION,

        /** Answer normally, only later. */
        DELAY
    }

    public Fault {
        Objects.requireNonNull(action, "action must not be null");
        Objects.requireNonNull(delay, "delay must not be null");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, was " + delay);
        }
        if (action == Action.ERROR && (status < 400 || status > 599 || message == null)) {
            throw new IllegalArgumentException("an ERROR fault needs a 4xx or 5xx status and a message");
        }
        if (action != Action.ERROR && (status != 0 || message != null)) {
            throw new IllegalArgumentException(action + " faults carry no status and no message");
        }
        if (retryAfter != null && (retryAfter.isNegative() || action != Action.ERROR)) {
            throw new IllegalArgumentException("retryAfter needs an ERROR fault and must not be negative");
        }
        if (action != Action.ERROR && !handledFirst) {
            throw new IllegalArgumentException(action + " faults always strike after the request was handled");
        }
    }

    /** 429 {@code rate limit quota exceeded}, without {@code Retry-After}. */
    public static Fault rateLimited() {
        return status(429);
    }

    /** 429 {@code rate limit quota exceeded} with a {@code Retry-After} header in whole seconds. */
    public static Fault rateLimited(Duration retryAfter) {
        Objects.requireNonNull(retryAfter, "retryAfter must not be null");
        return new Fault(Action.ERROR, 429, messageFor(429), retryAfter, Duration.ZERO, false);
    }

    /** 500 {@code internal error}. */
    public static Fault internalError() {
        return status(500);
    }

    /** 503 {@code no active Vault instance found}, as during a leader election. */
    public static Fault unavailable() {
        return status(503);
    }

    /**
     * An error answer with Vault's message for the status: 429 rate limit, 500 internal error, 503 no active
     * instance, 412 index not yet replicated; any other 4xx or 5xx gets a generic message.
     */
    public static Fault status(int status) {
        return new Fault(Action.ERROR, status, messageFor(status), null, Duration.ZERO, false);
    }

    /** Handle the request, then close the connection without answering. */
    public static Fault dropConnection() {
        return new Fault(Action.DROP_CONNECTION, 0, null, null, Duration.ZERO, true);
    }

    /** Handle the request normally but hold the answer back for {@code delay}. */
    public static Fault delay(Duration delay) {
        return new Fault(Action.DELAY, 0, null, null, delay, true);
    }

    /** This error fault, struck only after the request was handled and its write applied. */
    public Fault afterCommit() {
        return new Fault(this.action, this.status, this.message, this.retryAfter, this.delay, true);
    }

    /** This fault, with its effect held back for {@code delay}. */
    public Fault withDelay(Duration delay) {
        return new Fault(this.action, this.status, this.message, this.retryAfter, delay, this.handledFirst);
    }

    private static String messageFor(int status) {
        return switch (status) {
            case 412 -> "required index state not present";
            case 429 -> "rate limit quota exceeded";
            case 500 -> "internal error";
            case 503 -> "no active Vault instance found";
            default -> "injected fault";
        };
    }
}

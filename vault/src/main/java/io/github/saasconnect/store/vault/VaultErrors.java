package io.github.saasconnect.store.vault;

import io.github.saasconnect.http.RetryAfter;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.vault.VaultException;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * Reads what went wrong in a Spring Vault call. The blocking template puts the HTTP error in the cause
 * ({@link HttpStatusCodeException}); the reactive one only in the message ({@code Status 400 [path]: text}).
 */
final class VaultErrors {

    static final String CAS_MISMATCH = "check-and-set parameter did not match the current version";
    private static final Pattern STATUS = Pattern.compile("^Status (\\d{3})\\b");

    /** How the store reacts to a failure. */
    enum Kind {
        /** 400 with the check-and-set message: someone else wrote first. */
        CAS_MISMATCH,
        /** 403: the token's policy (or the token itself) does not allow the call. Not retried. */
        PERMISSION_DENIED,
        /** 429 or 503 (sealed, no active node, standby): the request was turned away, nothing was applied. */
        REJECTED,
        /** Another 5xx, an I/O failure or a timeout: for a write, it may or may not have been applied. */
        UNKNOWN_OUTCOME,
        /** 404 on a write, a list or a metadata call: the mount does not exist or is not KV v2. */
        NO_SUCH_MOUNT,
        /** Any other 4xx: a request Vault will not take as it is. Not retried. */
        REFUSED,
        /** Not a Vault or transport failure (a bug, a parse error): passed on as it is. */
        OTHER
    }

    /** A classified failure: its kind, the HTTP status (0 when there was no answer) and a retry hint. */
    record Failure(Kind kind, int status, String detail, Duration retryAfter) {

        boolean retryable() {
            return kind == Kind.REJECTED || kind == Kind.UNKNOWN_OUTCOME;
        }
    }

    private VaultErrors() {}

    static Failure classify(Throwable error) {
        if (error instanceof TimeoutException) {
            return new Failure(Kind.UNKNOWN_OUTCOME, 0, "no answer within the request timeout", null);
        }
        if (error instanceof VaultException vault) {
            if (vault.getCause() instanceof HttpStatusCodeException http) {
                return fromStatus(
                        http.getStatusCode().value(),
                        http.getResponseBodyAsString(),
                        vault.getMessage(),
                        // Vault sends delta-seconds; the store has no clock of its own for an HTTP date.
                        RetryAfter.of(http.getResponseHeaders(), Instant.now()));
            }
            Matcher m = STATUS.matcher(String.valueOf(vault.getMessage()));
            if (m.find()) {
                return fromStatus(Integer.parseInt(m.group(1)), vault.getMessage(), vault.getMessage(), null);
            }
            if (hasCause(vault, IOException.class)) {
                return new Failure(Kind.UNKNOWN_OUTCOME, 0, describe(vault), null);
            }
            // Login or token lookup errors without a status: Vault answered something we cannot use.
            return new Failure(Kind.REFUSED, 0, describe(vault), null);
        }
        if (hasCause(error, IOException.class)
                || hasCause(error, TimeoutException.class)
                || error instanceof WebClientRequestException
                || error instanceof ResourceAccessException) {
            return new Failure(Kind.UNKNOWN_OUTCOME, 0, describe(error), null);
        }
        return new Failure(Kind.OTHER, 0, describe(error), null);
    }

    private static Failure fromStatus(int status, String body, String message, Duration retryAfter) {
        String text = body == null ? "" : body;
        String detail = "HTTP " + status + " " + errorText(message);
        if (status == 400
                && (text.contains(CAS_MISMATCH) || String.valueOf(message).contains(CAS_MISMATCH))) {
            return new Failure(Kind.CAS_MISMATCH, status, detail, null);
        }
        if (status == 403) {
            return new Failure(Kind.PERMISSION_DENIED, status, detail, null);
        }
        if (status == 429 || status == 503) {
            return new Failure(Kind.REJECTED, status, detail, retryAfter);
        }
        if (status >= 500) {
            return new Failure(Kind.UNKNOWN_OUTCOME, status, detail, null);
        }
        if (status == 404) {
            return new Failure(Kind.NO_SUCH_MOUNT, status, detail, null);
        }
        return new Failure(Kind.REFUSED, status, detail, null);
    }

    /** The text after {@code "Status NNN ...: "}, which is Vault's error message (never secret data). */
    private static String errorText(String message) {
        if (message == null) {
            return "";
        }
        int colon = message.indexOf(": ");
        String text = colon >= 0 ? message.substring(colon + 2) : message;
        text = text.replace('\n', ' ').replace('\t', ' ').strip();
        return "(" + (text.length() > 200 ? text.substring(0, 200) + "..." : text) + ")";
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}

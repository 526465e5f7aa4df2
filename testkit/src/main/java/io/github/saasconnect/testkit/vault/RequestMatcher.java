package io.github.saasconnect.testkit.vault;

import java.util.Objects;

/**
 * Selects the requests a {@link Fault} applies to. {@code method} is the HTTP method as sent (a
 * {@code GET …?list=true} is a {@code GET}); {@code path} is the percent-decoded Vault path without {@code /v1/},
 * for example {@code secret/data/app/token}.
 */
@FunctionalInterface
public interface RequestMatcher {

    /** Whether the fault applies to this request. */
    boolean matches(String method, String path);

    /** Every request. */
    static RequestMatcher any() {
        return (method, path) -> true;
    }

    /** Requests that may change state: {@code POST}, {@code PUT}, {@code PATCH} and {@code DELETE}. */
    static RequestMatcher writes() {
        return (method, path) -> switch (method) {
            case "POST", "PUT", "PATCH", "DELETE" -> true;
            default -> false;
        };
    }

    /** Requests with exactly this HTTP method. */
    static RequestMatcher method(String method) {
        Objects.requireNonNull(method, "method must not be null");
        return (actual, path) -> actual.equals(method);
    }

    /** Requests for exactly this Vault path, for example {@code secret/data/app/token}. */
    static RequestMatcher path(String path) {
        Objects.requireNonNull(path, "path must not be null");
        return (method, actual) -> actual.equals(path);
    }

    /** Requests whose Vault path starts with {@code prefix}. */
    static RequestMatcher pathStartingWith(String prefix) {
        Objects.requireNonNull(prefix, "prefix must not be null");
        return (method, actual) -> actual.startsWith(prefix);
    }

    /** Requests that match both this matcher and {@code other}. */
    default RequestMatcher and(RequestMatcher other) {
        Objects.requireNonNull(other, "other must not be null");
        return (method, path) -> matches(method, path) && other.matches(method, path);
    }
}

package io.github.saasconnect.connection;

import io.github.saasconnect.connection.internal.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A token or other credential. {@link #toString()} prints a short fingerprint, never the value, so a secret
 * that ends up in a log line, an exception message or a debugger view does not leak.
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Wraps a non-empty value. */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "secret value must not be null");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("secret value must not be empty");
        }
        return new Secret(value);
    }

    /** Wraps {@code value}, or returns {@code null} when it is null or empty. */
    public static @Nullable Secret ofNullable(@Nullable String value) {
        return value == null || value.isEmpty() ? null : new Secret(value);
    }

    /** The raw value: hand it only to the party that needs it (a header, a token request, a store). */
    public String reveal() {
        return value;
    }

    /** The first 8 hex digits of the value's SHA-256: enough to tell two secrets apart in diagnostics. */
    public String fingerprint() {
        return HexFormat.of().formatHex(Sha256.digest(value), 0, 4);
    }

    /** Constant-time comparison with another secret. */
    public boolean sameAs(Secret other) {
        return other != null
                && MessageDigest.isEqual(
                        value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && sameAs(other);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "Secret[sha256:" + fingerprint() + "]";
    }
}

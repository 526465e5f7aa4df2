package io.github.saasconnect.connection;

import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Names one connection: a registration (the app's name for a configured provider client) and the owner
 * (the app's opaque id for the user or tenant that granted access).
 *
 * <p>An <em>app connection</em> acts as the application itself (client credentials, a GitHub App installation, a
 * service account, a JWT grant): its owner is {@value #APP_OWNER_PREFIX} followed by the provider's subject (a
 * tenant, an installation id, an impersonated user), made with {@link #app(String, String)}. That form is
 * reserved: no stored connection may have it ({@link ConnectionRecord} refuses it) and the connect flow refuses it
 * as a user's owner, so an app connection never meets a user's.
 *
 * @param registration matches {@code [a-z0-9][a-z0-9-]{0,39}}
 * @param owner 1 to 256 UTF-8 bytes, any characters (valid Unicode); never used as a path by the stores
 */
public record ConnectionId(String registration, String owner) {

    /** The owner prefix of app connections; reserved, never a user's. */
    public static final String APP_OWNER_PREFIX = "app:";

    private static final Pattern REGISTRATION = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final int MAX_OWNER_BYTES = 256;

    public ConnectionId {
        requireValidRegistration(registration);
        Objects.requireNonNull(owner, "owner must not be null");
        int bytes = utf8Length(owner, registration);
        if (bytes == 0) {
            throw new IllegalArgumentException("owner must not be empty (registration '" + registration + "')");
        }
        if (bytes > MAX_OWNER_BYTES) {
            throw new IllegalArgumentException("owner must be at most " + MAX_OWNER_BYTES + " UTF-8 bytes but was "
                    + bytes + " (registration '" + registration + "')");
        }
    }

    /**
     * The UTF-8 length of {@code owner}. {@code String.getBytes} would silently turn an unpaired surrogate into
     * {@code '?'}, giving two different owners the same bytes, and so the same store key.
     */
    private static int utf8Length(String owner, String registration) {
        // Counted by hand: CharsetEncoder.encode(CharBuffer) was seen returning an empty buffer under load on
        // JDK 17, which turned a 257-byte owner into an "empty" one.
        int bytes = 0;
        for (int i = 0; i < owner.length(); i++) {
            char c = owner.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < owner.length()
                    && Character.isLowSurrogate(owner.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("owner must be valid Unicode text but has an unpaired surrogate"
                        + " (registration '" + registration + "')");
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** Shorthand for {@code new ConnectionId(registration, owner)}. */
    public static ConnectionId of(String registration, String owner) {
        return new ConnectionId(registration, owner);
    }

    /**
     * The app connection of {@code registration} for {@code subject}: the provider's name for whom the app acts
     * (a Microsoft tenant, a GitHub App installation id, the user a service account impersonates).
     *
     * @throws IllegalArgumentException when {@code subject} is empty
     */
    public static ConnectionId app(String registration, String subject) {
        Objects.requireNonNull(subject, "subject must not be null");
        if (subject.isBlank()) {
            throw new IllegalArgumentException(
                    "the subject of an app connection must not be empty (registration '" + registration + "')");
        }
        return new ConnectionId(registration, APP_OWNER_PREFIX + subject);
    }

    /** Whether this is an app connection ({@link #app(String, String)}): minted, never stored. */
    public boolean isApp() {
        return owner.startsWith(APP_OWNER_PREFIX);
    }

    /**
     * The subject of an app connection (what follows {@value #APP_OWNER_PREFIX}).
     *
     * @throws IllegalStateException when this is a user's connection
     */
    public String appSubject() {
        if (!isApp()) {
            throw new IllegalStateException("connection " + this + " is not an app connection");
        }
        return owner.substring(APP_OWNER_PREFIX.length());
    }

    /**
     * Whether {@code registration} follows the naming rule: 1-40 characters of a-z, 0-9 and '-', not starting
     * with '-'. The one place the rule is written; stores and the connect flow ask here.
     */
    public static boolean isValidRegistration(@Nullable String registration) {
        return registration != null && REGISTRATION.matcher(registration).matches();
    }

    /**
     * Checks a registration id against the naming rule and says which part of the rule it breaks.
     *
     * @throws IllegalArgumentException naming the rule that {@code registration} breaks
     */
    public static String requireValidRegistration(@Nullable String registration) {
        if (registration == null || registration.isEmpty()) {
            throw new IllegalArgumentException(
                    "registration id must not be empty; use 1-40 characters of a-z, 0-9 and '-'");
        }
        if (!REGISTRATION.matcher(registration).matches()) {
            String rule = registration.length() > 40
                    ? "at most 40 characters"
                    : registration.charAt(0) == '-'
                            ? "must start with a lowercase letter or digit"
                            : "only lowercase letters a-z, digits 0-9 and '-'";
            throw new IllegalArgumentException("registration id '" + registration + "' is invalid: " + rule
                    + " (pattern " + REGISTRATION.pattern() + ")");
        }
        return registration;
    }

    @Override
    public String toString() {
        return registration + ":" + owner;
    }
}

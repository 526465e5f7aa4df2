package io.github.saasconnect.connection;

import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Names one connection: a registration (the app's name for a configured provider client), the owner (the app's
 * opaque id for the user or tenant that granted access) and, when the owner connected several provider accounts, the
 * account.
 *
 * <p><b>Accounts.</b> By default an owner has one connection per registration, its <em>default connection</em>, whose
 * {@link #account()} is {@code null}; that is all an app that never asks for more sees, and it is how every connection
 * made before accounts existed is filed. A registration set to {@code accounts: multiple} files each further provider
 * account the owner connects under its own id, with {@code account} = the provider's stable account id (GitHub's user
 * id, Google's {@code sub}, Microsoft's {@code oid}, Bitbucket's {@code uuid}, DocuSign's user id): two GitHub accounts
 * of one user are two connections, each refreshed, listed and disconnected on its own. An owner's first connection
 * stays the default one. {@link io.github.saasconnect.store.TokenStore#accounts} lists them all.
 *
 * <p>An <em>app connection</em> acts as the application itself (client credentials, a GitHub App installation, a
 * service account, a JWT grant): its owner is {@value #APP_OWNER_PREFIX} followed by the provider's subject (a
 * tenant, an installation id, an impersonated user), made with {@link #app(String, String)}. That form is
 * reserved: no stored connection may have it ({@link ConnectionRecord} refuses it) and the connect flow refuses it
 * as a user's owner, so an app connection never meets a user's.
 *
 * @param registration matches {@code [a-z0-9][a-z0-9-]{0,39}}
 * @param owner 1 to 256 UTF-8 bytes, any characters (valid Unicode); never used as a path by the stores
 * @param account {@code null} for the owner's default connection, else the provider account's stable id: 1 to 256
 *     UTF-8 bytes of valid Unicode without control characters; never used as a path by the stores
 */
public record ConnectionId(
        String registration, String owner, @Nullable String account) {

    /** The owner prefix of app connections; reserved, never a user's. */
    public static final String APP_OWNER_PREFIX = "app:";

    private static final Pattern REGISTRATION = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final int MAX_OWNER_BYTES = 256;

    public ConnectionId {
        requireValidRegistration(registration);
        Objects.requireNonNull(owner, "owner must not be null");
        requireLength("owner", utf8Length(owner, "owner", registration), registration);
        if (account != null) {
            requireLength("account", utf8Length(account, "account", registration), registration);
            if (account.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException(
                        "account must not contain control characters (registration '" + registration + "')");
            }
            if (owner.startsWith(APP_OWNER_PREFIX)) {
                throw new IllegalArgumentException(
                        "an app connection has no accounts (registration '" + registration + "')");
            }
        }
    }

    /** The owner's default connection of {@code registration}: {@code account} is {@code null}. */
    public ConnectionId(String registration, String owner) {
        this(registration, owner, null);
    }

    private static void requireLength(String what, int bytes, String registration) {
        if (bytes == 0) {
            throw new IllegalArgumentException(what + " must not be empty (registration '" + registration + "')");
        }
        if (bytes > MAX_OWNER_BYTES) {
            throw new IllegalArgumentException(what + " must be at most " + MAX_OWNER_BYTES + " UTF-8 bytes but was "
                    + bytes + " (registration '" + registration + "')");
        }
    }

    /**
     * The UTF-8 length of {@code owner} (or an account). {@code String.getBytes} would silently turn an unpaired
     * surrogate into {@code '?'}, giving two different owners the same bytes, and so the same store key.
     */
    private static int utf8Length(String owner, String what, String registration) {
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
                throw new IllegalArgumentException(what + " must be valid Unicode text but has an unpaired surrogate"
                        + " (registration '" + registration + "')");
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** Shorthand for {@code new ConnectionId(registration, owner)}: the owner's default connection. */
    public static ConnectionId of(String registration, String owner) {
        return new ConnectionId(registration, owner);
    }

    /**
     * Shorthand for {@code new ConnectionId(registration, owner, account)}: the connection of the provider account
     * {@code account}, or the default connection when it is {@code null}.
     */
    public static ConnectionId of(String registration, String owner, @Nullable String account) {
        return new ConnectionId(registration, owner, account);
    }

    /** The same owner's connection of the provider account {@code newAccount} ({@code null}: the default one). */
    public ConnectionId withAccount(@Nullable String newAccount) {
        return new ConnectionId(registration, owner, newAccount);
    }

    /** Whether this is the owner's default connection of the registration ({@link #account()} is {@code null}). */
    public boolean isDefaultAccount() {
        return account == null;
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
        return account == null ? registration + ":" + owner : registration + ":" + owner + "#" + account;
    }
}

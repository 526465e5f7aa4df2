package io.github.saasconnect.store.vault;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.store.ConnectionKey;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where the {@link VaultTokenStore} keeps connections in a KV v2 mount.
 *
 * <pre>
 * {mount}/data/{prefix}/{registration}/{owner}              the owner's default connection (versions, check-and-set)
 * {mount}/data/{prefix}/{registration}/{owner}/{account}    a named account's connection of that owner
 * {mount}/metadata/...                                      the same paths' metadata: max_versions, cas_required,
 *                                                           generation
 * </pre>
 *
 * {@code owner} is the HMAC-SHA256 of the registration, a NUL byte and the owner (UTF-8), keyed with the store's owner
 * digest secret ({@link ConnectionKey}), in base64url without padding: 43 characters of {@code [A-Za-z0-9_-]};
 * {@code account} is a second such digest over the registration, the owner and the account. KV v2 lets a key and a
 * folder share a name, so the default connection's secret and the folder of the owner's named accounts sit side by
 * side (a LIST of the registration shows {@code owner} and {@code owner/}), and one LIST of the owner's folder finds
 * all of its accounts. No
 * owner id can steer a path out of the registration's folder, a LIST (which Vault does not filter by policy) shows no
 * user identifier, and someone who can LIST but not read the secret cannot confirm a guessed owner id by hashing it.
 * Without a secret ({@code ownerNames} {@code null}) the key is the unkeyed SHA-256 of earlier versions. The owner is
 * kept inside the secret. {@code {prefix}/_layout} records which naming the stored keys use (see
 * {@link VaultTokenStore#prepareOwnerNames}).
 *
 * @param mount the KV v2 mount, such as {@code secret}
 * @param prefix the folder inside the mount, such as {@code saas-connect/connections}
 * @param ownerNames the keyed names of connections, or {@code null} for the unkeyed names of earlier versions
 */
public record VaultStoreLayout(
        String mount, String prefix, @Nullable ConnectionKey ownerNames) {

    /** The default mount, {@code secret} (the one {@code vault server -dev} enables). */
    public static final String DEFAULT_MOUNT = "secret";
    /** The default prefix, {@code saas-connect/connections}. */
    public static final String DEFAULT_PREFIX = "saas-connect/connections";

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern CONNECTION_NAME = Pattern.compile("[A-Za-z0-9_-]{43}(/[A-Za-z0-9_-]{43})?");

    public VaultStoreLayout {
        mount = checkPath(mount, "mount");
        prefix = checkPath(prefix, "prefix");
        if (prefix.equals("data")
                || prefix.startsWith("data/")
                || prefix.equals("metadata")
                || prefix.startsWith("metadata/")) {
            // not wrong for Vault, but "secret/data/data/..." policies are easy to get wrong; keep paths readable
            throw new IllegalArgumentException("Vault store prefix '" + prefix + "' must not start with 'data' or "
                    + "'metadata'; those names are the KV v2 API's own path parts");
        }
    }

    /** A layout with the unkeyed names of earlier versions. */
    public VaultStoreLayout(String mount, String prefix) {
        this(mount, prefix, null);
    }

    /** This layout, naming connections with {@code names}. */
    public VaultStoreLayout withOwnerNames(ConnectionKey names) {
        return new VaultStoreLayout(mount, prefix, Objects.requireNonNull(names, "names"));
    }

    /** The default layout: {@code secret} and {@code saas-connect/connections}. */
    public static VaultStoreLayout defaults() {
        return new VaultStoreLayout(DEFAULT_MOUNT, DEFAULT_PREFIX);
    }

    /**
     * The key of {@code id} inside the mount: {@code {prefix}/{registration}/{owner}}, or for a named account
     * {@code {prefix}/{registration}/{owner}/{account}}.
     */
    public String keyPath(ConnectionId id) {
        return registrationFolder(id.registration()) + digest(id);
    }

    /** The full data path of {@code id} as Vault's API and policies name it: {@code {mount}/data/{key path}}. */
    public String dataPath(ConnectionId id) {
        return mount + "/data/" + keyPath(id);
    }

    /** The folder of a registration inside the mount, with a trailing slash: {@code {prefix}/{registration}/}. */
    public String registrationFolder(String registration) {
        return prefix + "/" + ConnectionId.requireValidRegistration(registration) + "/";
    }

    /** The folder of {@code id}'s owner's named accounts, with a trailing slash: {@code {owner key path}/}. */
    String ownerFolder(ConnectionId id) {
        return keyPath(id.withAccount(null)) + "/";
    }

    /**
     * Whether {@code name}, as a LIST of a registration folder or of an owner folder returns it (without the trailing
     * slash of a folder), can be one digest of a connection's name.
     */
    static boolean isKey(String name) {
        return KEY.matcher(name).matches();
    }

    /** Whether {@code name} can be a connection's name inside its registration folder: an owner or owner/account. */
    static boolean isConnectionName(String name) {
        return CONNECTION_NAME.matcher(name).matches();
    }

    /** The registration of a connection's {@code keyPath} ({@link #keyPath}). */
    String registrationOf(String keyPath) {
        int start = prefix.length() + 1;
        return keyPath.substring(start, keyPath.indexOf('/', start));
    }

    /** The connection's name inside its registration folder, for a {@code keyPath} ({@link #keyPath}). */
    String nameOf(String keyPath) {
        int start = prefix.length() + 1;
        return keyPath.substring(keyPath.indexOf('/', start) + 1);
    }

    /**
     * The Vault policy this store needs, in HCL: {@code create}, {@code read} and {@code update} on the data
     * paths; {@code create}, {@code update}, {@code delete} and {@code list} on the metadata paths. Nothing else.
     */
    public String policy() {
        return "path \"" + mount + "/data/" + prefix + "/*\" {\n"
                + "  capabilities = [\"create\", \"read\", \"update\"]\n"
                + "}\n"
                + "path \"" + mount + "/metadata/" + prefix + "/*\" {\n"
                + "  capabilities = [\"create\", \"update\", \"delete\", \"list\"]\n"
                + "}\n";
    }

    /** The digest {@code id} is filed under (see {@link ConnectionKey}). */
    String digest(ConnectionId id) {
        return ownerNames != null ? ownerNames.name(id) : ConnectionKey.of(id);
    }

    /** The key path {@code id} had under the unkeyed names of earlier versions. */
    String unkeyedPath(ConnectionId id) {
        return registrationFolder(id.registration()) + ConnectionKey.of(id);
    }

    /** The secret that records which naming the keys under the prefix use. */
    String layoutMarkerPath() {
        return prefix + "/_layout";
    }

    private static String checkPath(String value, String what) {
        Objects.requireNonNull(value, what);
        String trimmed = value.strip();
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("Vault store " + what + " must not be empty");
        }
        for (String segment : trimmed.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException("Vault store " + what + " '" + value + "' is invalid: each '/'-"
                        + "separated part must be 1-128 characters of A-Z, a-z, 0-9, '_', '-' and '.', not start "
                        + "with '.' or '-', and not be empty");
            }
        }
        return trimmed;
    }
}

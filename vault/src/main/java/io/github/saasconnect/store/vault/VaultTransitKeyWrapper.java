package io.github.saasconnect.store.vault;

import io.github.saasconnect.store.crypto.KeyWrapper;
import io.github.saasconnect.store.crypto.RecordCipherException;
import io.github.saasconnect.store.crypto.WrappedKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.vault.core.ReactiveVaultOperations;
import org.springframework.vault.support.VaultResponse;

/**
 * Wraps data keys with a Vault Transit key, so the key-encryption key never leaves Vault: {@link #wrap} is
 * {@code transit/encrypt}, {@link #unwrap} {@code transit/decrypt}, {@link #rewrap} {@code transit/rewrap} (the data
 * key stays inside Vault). The Transit key must be created with {@code derived=true}: each call sends a context
 * derived from the record's associated data (a SHA-256 of it, so no identifier reaches Vault's audit log), so a
 * wrapped key copied onto another record does not unwrap.
 *
 * <p>Key ids are {@code transit:<key>:v<version>}, the Transit key version that wrapped the data key; the stored
 * wrapped key is Vault's {@code vault:v<n>:...} ciphertext. {@link #activeKeyId()} follows the key's
 * {@code latest_version}, read at most once per {@code versionCheckInterval}, so re-encryption moves records after a
 * {@code transit/keys/<key>/rotate}. A record whose version Vault no longer decrypts ({@code min_decryption_version})
 * or that does not authenticate is reported as a {@link RecordCipherException} and left as it is.
 *
 * <p>Blocking: call it off event-loop threads (the JDBC store runs it on its own threads). The token's policy needs
 * {@code update} on {@code <mount>/encrypt/<key>}, {@code <mount>/decrypt/<key>} and {@code <mount>/rewrap/<key>} and
 * {@code read} on {@code <mount>/keys/<key>} (metadata only: a Transit read never returns key material).
 */
public final class VaultTransitKeyWrapper implements KeyWrapper {

    private static final Pattern CIPHERTEXT = Pattern.compile("vault:v(\\d+):[A-Za-z0-9+/=]+");
    private static final byte[] CONTEXT_LABEL = "saas-connect transit wrap v1\0".getBytes(StandardCharsets.US_ASCII);

    private final ReactiveVaultOperations vault;
    private final String mount;
    private final String key;
    private final Duration timeout;
    private final Duration versionCheckInterval;
    private final Clock clock;
    private final String keyIdPrefix;

    private volatile int latestVersion;
    private volatile Instant versionCheckedAt = Instant.MIN;

    /**
     * @param mount the Transit mount, such as {@code transit}
     * @param key the name of a Transit key created with {@code derived=true}
     * @param timeout how long one Vault call may take
     * @param versionCheckInterval how often {@link #activeKeyId()} reads the key's latest version
     */
    public VaultTransitKeyWrapper(
            ReactiveVaultOperations vault,
            String mount,
            String key,
            Duration timeout,
            Duration versionCheckInterval,
            Clock clock) {
        this.vault = Objects.requireNonNull(vault, "vault");
        this.mount = Objects.requireNonNull(mount, "mount");
        this.key = Objects.requireNonNull(key, "key");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.versionCheckInterval = Objects.requireNonNull(versionCheckInterval, "versionCheckInterval");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.keyIdPrefix = "transit:" + key + ":v";
        if (!(keyIdPrefix + "1").matches("[A-Za-z0-9._:-]{1,60}")) {
            throw new IllegalArgumentException(
                    "a Transit key name for wrapping is 1 to 45 characters of A-Z a-z 0-9 . _ -" + " but is '" + key
                            + "'");
        }
    }

    /**
     * Reads the key and checks that it can wrap: it exists, encrypts, and is derived.
     *
     * @throws IllegalArgumentException saying what is wrong and how to fix it
     */
    public void check() {
        Map<String, Object> data = readKey();
        if (!Boolean.TRUE.equals(data.get("supports_encryption"))) {
            throw new IllegalArgumentException("the Transit key " + mount + "/keys/" + key + " is of type "
                    + data.get("type") + ", which does not encrypt; create an aes256-gcm96 key with derived=true");
        }
        if (!Boolean.TRUE.equals(data.get("derived"))) {
            throw new IllegalArgumentException("the Transit key " + mount + "/keys/" + key + " is not derived, so a "
                    + "wrapped data key would not be bound to its record; create one with vault write -f " + mount
                    + "/keys/<name> derived=true");
        }
    }

    @Override
    public String activeKeyId() {
        Instant now = clock.instant();
        if (latestVersion == 0 || !now.isBefore(versionCheckedAt.plus(versionCheckInterval))) {
            Object latest = readKey().get("latest_version");
            if (!(latest instanceof Number number) || number.intValue() < 1) {
                throw new IllegalStateException("Vault reported no latest_version for " + mount + "/keys/" + key);
            }
            noteVersion(number.intValue());
            versionCheckedAt = now;
        }
        return keyIdPrefix + latestVersion;
    }

    @Override
    public boolean knows(String keyId) {
        return keyId.startsWith(keyIdPrefix);
    }

    @Override
    public WrappedKey wrap(byte[] dataKey, byte[] context) {
        VaultResponse response = call(
                "encrypt",
                Map.of("plaintext", Base64.getEncoder().encodeToString(dataKey), "context", context(context)),
                null);
        return wrapped(response);
    }

    @Override
    public byte[] unwrap(WrappedKey wrapped, byte[] context) {
        requireOwn(wrapped);
        VaultResponse response = call(
                "decrypt", Map.of("ciphertext", ciphertext(wrapped), "context", context(context)), wrapped.keyId());
        Object plaintext = response.getRequiredData().get("plaintext");
        if (!(plaintext instanceof String text)) {
            throw new IllegalStateException("Vault Transit answered decrypt without plaintext");
        }
        return Base64.getDecoder().decode(text);
    }

    /** {@code transit/rewrap}: the data key is decrypted and encrypted again inside Vault, never returned. */
    @Override
    public WrappedKey rewrap(WrappedKey wrapped, byte[] context) {
        requireOwn(wrapped);
        return wrapped(call(
                "rewrap", Map.of("ciphertext", ciphertext(wrapped), "context", context(context)), wrapped.keyId()));
    }

    private void requireOwn(WrappedKey wrapped) {
        if (!knows(wrapped.keyId())) {
            throw RecordCipherException.refusedByKeyService(
                    RecordCipherException.Reason.UNKNOWN_KEY,
                    wrapped.keyId(),
                    "it was written under key id '" + wrapped.keyId() + "', not by the Transit key " + mount + "/keys/"
                            + key + " (the record is left untouched)");
        }
    }

    private WrappedKey wrapped(VaultResponse response) {
        Object value = response.getRequiredData().get("ciphertext");
        Matcher matcher = CIPHERTEXT.matcher(value instanceof String s ? s : "");
        if (!matcher.matches()) {
            throw new IllegalStateException("Vault Transit answered without a vault:v<n>: ciphertext");
        }
        int version = Integer.parseInt(matcher.group(1));
        noteVersion(version);
        return new WrappedKey(keyIdPrefix + version, matcher.group().getBytes(StandardCharsets.US_ASCII));
    }

    private synchronized void noteVersion(int version) {
        if (version > latestVersion) {
            latestVersion = version;
        }
    }

    private static String ciphertext(WrappedKey wrapped) {
        return new String(wrapped.bytes(), StandardCharsets.US_ASCII);
    }

    /** A digest of the associated data: binds the wrapped key to its record without sending the identifiers. */
    private static String context(byte[] associatedData) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(CONTEXT_LABEL);
            return Base64.getEncoder().encodeToString(sha256.digest(associatedData));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM");
        }
    }

    private Map<String, Object> readKey() {
        String path = mount + "/keys/" + key;
        VaultResponse response;
        try {
            response = vault.read(path).timeout(timeout).block();
        } catch (RuntimeException e) {
            throw vaultFailure("read", path, e);
        }
        if (response == null || response.getData() == null) {
            throw new IllegalArgumentException("the Transit key " + path
                    + " does not exist; create it with vault write -f " + path + " derived=true");
        }
        return response.getRequiredData();
    }

    private VaultResponse call(String operation, Map<String, Object> body, String keyId) {
        String path = mount + "/" + operation + "/" + key;
        try {
            VaultResponse response = vault.write(path, body).timeout(timeout).block();
            if (response == null) {
                throw new IllegalStateException("Vault Transit answered " + path + " with no data");
            }
            return response;
        } catch (RuntimeException e) {
            VaultErrors.Failure failure = VaultErrors.classify(e);
            if (keyId != null && failure.status() == 400) {
                // Vault's own verdict on this ciphertext: too old for min_decryption_version, or not authentic
                boolean tooOld = failure.detail().contains("disallowed by policy");
                throw RecordCipherException.refusedByKeyService(
                        tooOld ? RecordCipherException.Reason.UNKNOWN_KEY : RecordCipherException.Reason.INTEGRITY,
                        keyId,
                        tooOld
                                ? "its data key is wrapped by version " + keyId.substring(keyIdPrefix.length())
                                        + " of the Transit key " + mount + "/keys/" + key + ", below the key's"
                                        + " min_decryption_version; lower it to read the record (the record is left"
                                        + " untouched)"
                                : "Vault Transit does not decrypt its wrapped data key " + failure.detail()
                                        + " (damaged, or not this record's; the record is left untouched)");
            }
            throw vaultFailure(operation, path, e);
        }
    }

    private static RuntimeException vaultFailure(String operation, String path, RuntimeException e) {
        VaultErrors.Failure failure = VaultErrors.classify(e);
        if (failure.kind() == VaultErrors.Kind.OTHER) {
            return e;
        }
        String hint = failure.kind() == VaultErrors.Kind.PERMISSION_DENIED
                ? "; grant the store's token " + (operation.equals("read") ? "read" : "update") + " on " + path
                        + " (vault/VAULT-STORE.md, \"Transit wrapping\")"
                : "";
        return new IllegalStateException(
                "Vault Transit " + operation + " on " + path + " failed: " + failure.detail() + hint);
    }

    @Override
    public String toString() {
        return "VaultTransitKeyWrapper[" + mount + "/keys/" + key + ", v" + latestVersion + "]";
    }
}

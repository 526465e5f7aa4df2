package io.github.saasconnect.autoconfigure;

import io.github.saasconnect.store.crypto.Keyring;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A store's key-encryption keys, as configured: one active key and the previous ones kept until re-encryption has
 * moved every record off them. Keys are given inline ({@code keys.<id>}) or in files ({@code key-files.<id>}), each the
 * base64 of 32 random bytes. Shared by the stores that seal records with a {@link Keyring} (file, JDBC).
 */
public class KeyringProperties {

    private static final String KEY_HINT = "the base64 of 32 random bytes (for example: openssl rand -base64 32)";

    /** Id of the key that encrypts new records; one of the ids under keys or key-files. */
    private @Nullable String active;

    /**
     * Keys by id (1 to 64 characters of A-Z a-z 0-9 . _ : -), each the base64 of 32 random bytes. To rotate: add a
     * new key, make it active, keep the old one until re-encryption reports no record under it.
     */
    private Map<String, String> keys = new LinkedHashMap<>();

    /** Files holding keys by id, each file the base64 of 32 random bytes (as keys, kept out of the configuration). */
    private Map<String, Path> keyFiles = new LinkedHashMap<>();

    public @Nullable String getActive() {
        return active;
    }

    public void setActive(@Nullable String active) {
        this.active = active;
    }

    public Map<String, String> getKeys() {
        return keys;
    }

    public void setKeys(Map<String, String> keys) {
        this.keys = keys;
    }

    public Map<String, Path> getKeyFiles() {
        return keyFiles;
    }

    public void setKeyFiles(Map<String, Path> keyFiles) {
        this.keyFiles = keyFiles;
    }

    /** Whether any key is configured. */
    public boolean isConfigured() {
        return !keys.isEmpty() || !keyFiles.isEmpty();
    }

    /** How many keys are configured, the active one included. */
    public int size() {
        return keys.size() + keyFiles.size();
    }

    /**
     * The keyring, checked.
     *
     * @param prefix where these properties are, such as {@code saas-connect.store.jdbc.keyring}
     * @throws InvalidSaasConnectConfigurationException naming the property and the fix (never a key)
     */
    public Keyring toKeyring(String prefix) {
        if (!isConfigured()) {
            throw new InvalidSaasConnectConfigurationException(
                    prefix + ".keys",
                    "is empty: the store encrypts every record and needs a key",
                    "Set " + prefix + ".keys.<id> to " + KEY_HINT + " (or " + prefix
                            + ".key-files.<id> to a file holding one) and " + prefix + ".active to that id");
        }
        Map<String, String> all = new LinkedHashMap<>(keys);
        keyFiles.forEach((id, file) -> {
            if (all.putIfAbsent(id, read(prefix, id, file)) != null) {
                throw new InvalidSaasConnectConfigurationException(
                        prefix + ".key-files." + id,
                        "the key id '" + id + "' is also under " + prefix + ".keys",
                        "Give each key id once");
            }
        });
        if (active == null || active.isBlank()) {
            throw new InvalidSaasConnectConfigurationException(
                    prefix + ".active",
                    "is not set",
                    "Set it to the id of the key that encrypts new records, one of " + all.keySet());
        }
        try {
            return Keyring.fromBase64(active, all);
        } catch (IllegalArgumentException e) {
            throw new InvalidSaasConnectConfigurationException(
                    prefix, e.getMessage(), "Each key is " + KEY_HINT + "; active names one of them");
        }
    }

    private static String read(String prefix, String id, Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidSaasConnectConfigurationException(
                    prefix + ".key-files." + id,
                    "the key file " + file.toAbsolutePath() + " cannot be read ("
                            + e.getClass().getSimpleName() + ")",
                    "Point it at a file this process can read, holding " + KEY_HINT);
        }
        try {
            return new String(content, StandardCharsets.US_ASCII).strip();
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "Keyring[active=" + active + ", ids=" + keys.keySet() + ", files=" + keyFiles.keySet() + "]";
    }
}

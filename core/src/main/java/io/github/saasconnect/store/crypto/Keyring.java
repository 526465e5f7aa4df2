package io.github.saasconnect.store.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Local key-encryption keys: one active key that wraps new data keys and any number of previous keys that still
 * unwrap the data keys of records written before a rotation. Each key is 256 bits and has an id that is stored
 * beside every record it wrapped.
 *
 * <p>To rotate: add a new key as the active one and keep the old one as a previous key; every record stays readable,
 * and re-encryption moves the records to the new key, after which the old one can be removed. {@link #toString()}
 * shows the ids, never a key.
 */
public final class Keyring implements KeyWrapper {

    /** Key length in bytes. */
    public static final int KEY_LENGTH = 32;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] LABEL = "saas-connect keyring v1".getBytes(StandardCharsets.US_ASCII);

    private final String activeKeyId;
    private final Map<String, byte[]> keys;

    private Keyring(String activeKeyId, Map<String, byte[]> keys) {
        this.activeKeyId = activeKeyId;
        this.keys = Collections.unmodifiableMap(keys);
    }

    /**
     * A keyring of base64 keys (32 bytes each; standard or URL-safe alphabet), {@code activeKeyId} among them.
     *
     * @throws IllegalArgumentException naming the key id that is missing or malformed, never a key
     */
    public static Keyring fromBase64(String activeKeyId, Map<String, String> base64Keys) {
        Builder builder = builder();
        base64Keys.forEach((id, value) -> {
            byte[] key = decode(id, value);
            try {
                if (id.equals(activeKeyId)) {
                    builder.active(id, key);
                } else {
                    builder.previous(id, key);
                }
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        });
        if (!base64Keys.containsKey(activeKeyId)) {
            throw new IllegalArgumentException("the active key id '" + activeKeyId + "' has no key");
        }
        return builder.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A new random 256-bit key, for tests and for generating one (store it as base64). */
    public static byte[] newKey() {
        byte[] key = new byte[KEY_LENGTH];
        RANDOM.nextBytes(key);
        return key;
    }

    @Override
    public String activeKeyId() {
        return activeKeyId;
    }

    @Override
    public boolean knows(String keyId) {
        return keys.containsKey(keyId);
    }

    /** The ids of every key, the active one first. */
    public java.util.List<String> keyIds() {
        return java.util.List.copyOf(keys.keySet());
    }

    @Override
    public WrappedKey wrap(byte[] dataKey, byte[] context) {
        byte[] nonce = new byte[SealedRecord.NONCE_LENGTH];
        RANDOM.nextBytes(nonce);
        try {
            byte[] wrapped = EnvelopeCipher.gcm(
                    javax.crypto.Cipher.ENCRYPT_MODE, keys.get(activeKeyId), nonce, aad(activeKeyId, context), dataKey);
            return new WrappedKey(
                    activeKeyId,
                    ByteBuffer.allocate(nonce.length + wrapped.length)
                            .put(nonce)
                            .put(wrapped)
                            .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "AES-GCM is not available in this JVM: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public byte[] unwrap(WrappedKey wrapped, byte[] context) {
        byte[] key = keys.get(wrapped.keyId());
        if (key == null) {
            throw RecordCipherException.unknownKey(wrapped.keyId());
        }
        byte[] bytes = wrapped.bytes();
        if (bytes.length <= SealedRecord.NONCE_LENGTH) {
            throw RecordCipherException.integrity(wrapped.keyId());
        }
        try {
            return EnvelopeCipher.gcm(
                    javax.crypto.Cipher.DECRYPT_MODE,
                    key,
                    Arrays.copyOf(bytes, SealedRecord.NONCE_LENGTH),
                    aad(wrapped.keyId(), context),
                    Arrays.copyOfRange(bytes, SealedRecord.NONCE_LENGTH, bytes.length));
        } catch (GeneralSecurityException e) {
            throw RecordCipherException.integrity(wrapped.keyId());
        }
    }

    /** The key id and the record's context are authenticated with the data key, so neither can be swapped. */
    private static byte[] aad(String keyId, byte[] context) {
        byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(LABEL.length + 1 + id.length + 1 + context.length)
                .put(LABEL)
                .put((byte) 0)
                .put(id)
                .put((byte) 0)
                .put(context)
                .array();
    }

    private static byte[] decode(String id, String base64) {
        byte[] key;
        try {
            String value = base64.strip();
            key = value.contains("-") || value.contains("_")
                    ? Base64.getUrlDecoder().decode(value)
                    : Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key '" + id + "' is not valid base64");
        }
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("the key '" + id + "' must be " + KEY_LENGTH + " bytes (base64 of "
                    + KEY_LENGTH + " random bytes, e.g. `openssl rand -base64 32`) but is " + key.length);
        }
        return key;
    }

    @Override
    public String toString() {
        return "Keyring[active=" + activeKeyId + ", keys=" + keys.keySet() + "]";
    }

    /** Collects the keys; {@link #active} once, {@link #previous} any number of times. */
    public static final class Builder {

        private String active;
        private final Map<String, byte[]> keys = new LinkedHashMap<>();

        private Builder() {}

        /** The key that wraps new data keys. Copies {@code key}. */
        public Builder active(String keyId, byte[] key) {
            if (active != null) {
                throw new IllegalArgumentException("a keyring has one active key; '" + active + "' is already");
            }
            active = add(keyId, key);
            return this;
        }

        /** A key that still unwraps records written before a rotation. Copies {@code key}. */
        public Builder previous(String keyId, byte[] key) {
            add(keyId, key);
            return this;
        }

        private String add(String keyId, byte[] key) {
            SealedRecord.checkKeyId(keyId);
            if (Objects.requireNonNull(key, "key").length != KEY_LENGTH) {
                throw new IllegalArgumentException("the key '" + keyId + "' must be " + KEY_LENGTH + " bytes");
            }
            if (keys.putIfAbsent(keyId, key.clone()) != null) {
                throw new IllegalArgumentException("the key id '" + keyId + "' is given twice");
            }
            return keyId;
        }

        public Keyring build() {
            if (active == null) {
                throw new IllegalArgumentException("a keyring needs an active key");
            }
            Map<String, byte[]> ordered = new LinkedHashMap<>();
            ordered.put(active, keys.get(active));
            ordered.putAll(keys);
            return new Keyring(active, ordered);
        }
    }
}

package io.github.saasconnect.store.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * A data key encrypted by the key-encryption key {@code keyId}. Not secret by itself, but {@link #toString()} shows
 * only the key id and the length.
 *
 * @param keyId the id of the key that wrapped it
 * @param bytes the wrapped key, in the wrapper's own format
 */
public record WrappedKey(String keyId, byte[] bytes) {

    public WrappedKey {
        SealedRecord.checkKeyId(keyId);
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WrappedKey w && w.keyId.equals(keyId) && Arrays.equals(w.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, Arrays.hashCode(bytes));
    }

    @Override
    public String toString() {
        return "WrappedKey[keyId=" + keyId + ", " + bytes.length + " bytes]";
    }
}

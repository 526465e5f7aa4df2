package io.github.saasconnect.store.crypto;

/**
 * Wraps and unwraps data keys with key-encryption keys that have ids. The local {@link Keyring} holds its keys in
 * memory; an implementation backed by Vault Transit maps {@link #wrap} to {@code transit/encrypt} (or
 * {@code transit/datakey}), {@link #unwrap} to {@code transit/decrypt} and {@link #rewrap} to {@code transit/rewrap},
 * with {@code context} as the derived-key context, so the key-encryption key never leaves Vault.
 *
 * <p>{@code context} binds a wrapped key to the record it belongs to: unwrapping with another context fails.
 */
public interface KeyWrapper {

    /** The id of the key that {@link #wrap} uses now. */
    String activeKeyId();

    /** Whether a key with {@code keyId} is available to unwrap with. */
    boolean knows(String keyId);

    /** {@code dataKey} wrapped by the active key. Does not keep or log {@code dataKey}. */
    WrappedKey wrap(byte[] dataKey, byte[] context);

    /**
     * The data key inside {@code wrapped}; the caller clears it after use.
     *
     * @throws RecordCipherException when the key id is unknown or the wrapped key does not authenticate
     */
    byte[] unwrap(WrappedKey wrapped, byte[] context);

    /**
     * {@code wrapped} wrapped again by the active key. The default unwraps locally; a remote key service overrides
     * it so the data key never leaves it.
     */
    default WrappedKey rewrap(WrappedKey wrapped, byte[] context) {
        byte[] dataKey = unwrap(wrapped, context);
        try {
            return wrap(dataKey, context);
        } finally {
            java.util.Arrays.fill(dataKey, (byte) 0);
        }
    }
}

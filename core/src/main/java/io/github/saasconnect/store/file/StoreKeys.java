package io.github.saasconnect.store.file;

import io.github.saasconnect.store.crypto.KeyWrapper;
import io.github.saasconnect.store.crypto.WrappedKey;

/**
 * The keys a file store seals records with: the configured key wrapper, and beside it the store key under its own id,
 * which sealed the records of a store that had no keyring configured. So configuring a keyring later, or rotating
 * from the store key to a keyring, leaves every record readable, and re-encryption moves them to the active key.
 */
final class StoreKeys implements KeyWrapper {

    private final KeyWrapper configured;
    private final KeyWrapper storeKey;

    StoreKeys(KeyWrapper configured, KeyWrapper storeKey) {
        this.configured = configured;
        this.storeKey = storeKey;
    }

    @Override
    public String activeKeyId() {
        return configured.activeKeyId();
    }

    @Override
    public boolean knows(String keyId) {
        return configured.knows(keyId) || storeKey.knows(keyId);
    }

    @Override
    public WrappedKey wrap(byte[] dataKey, byte[] context) {
        return configured.wrap(dataKey, context);
    }

    @Override
    public byte[] unwrap(WrappedKey wrapped, byte[] context) {
        return owner(wrapped).unwrap(wrapped, context);
    }

    @Override
    public WrappedKey rewrap(WrappedKey wrapped, byte[] context) {
        if (owner(wrapped) == configured) {
            return configured.rewrap(wrapped, context); // a remote key service rewraps without handing out the key
        }
        byte[] dataKey = storeKey.unwrap(wrapped, context);
        try {
            return configured.wrap(dataKey, context);
        } finally {
            java.util.Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** The configured wrapper when it holds the key (or neither does: it reports the unknown id). */
    private KeyWrapper owner(WrappedKey wrapped) {
        return !configured.knows(wrapped.keyId()) && storeKey.knows(wrapped.keyId()) ? storeKey : configured;
    }

    @Override
    public String toString() {
        return "StoreKeys[" + configured + ", store key]";
    }
}

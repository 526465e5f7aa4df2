package io.github.saasconnect.store.jdbc.autoconfigure;

import io.github.saasconnect.store.crypto.KeyWrapper;
import io.github.saasconnect.store.crypto.Keyring;
import io.github.saasconnect.store.crypto.WrappedKey;

/**
 * A key service's wrapper (Vault Transit) for new records, and the keyring for the records written before the
 * switch: re-encryption moves those to the active key, since their key id is not the active one.
 */
final class MigratingKeyWrapper implements KeyWrapper {

    private final KeyWrapper active;
    private final Keyring previous;

    MigratingKeyWrapper(KeyWrapper active, Keyring previous) {
        this.active = active;
        this.previous = previous;
    }

    @Override
    public String activeKeyId() {
        return active.activeKeyId();
    }

    @Override
    public boolean knows(String keyId) {
        return active.knows(keyId) || previous.knows(keyId);
    }

    @Override
    public WrappedKey wrap(byte[] dataKey, byte[] context) {
        return active.wrap(dataKey, context);
    }

    @Override
    public byte[] unwrap(WrappedKey wrapped, byte[] context) {
        return previous.knows(wrapped.keyId()) ? previous.unwrap(wrapped, context) : active.unwrap(wrapped, context);
    }

    @Override
    public WrappedKey rewrap(WrappedKey wrapped, byte[] context) {
        if (!previous.knows(wrapped.keyId())) {
            return active.rewrap(wrapped, context);
        }
        byte[] dataKey = previous.unwrap(wrapped, context);
        try {
            return active.wrap(dataKey, context);
        } finally {
            java.util.Arrays.fill(dataKey, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "MigratingKeyWrapper[active=" + active + ", previous=" + previous + "]";
    }
}

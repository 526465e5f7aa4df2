package io.github.saasconnect.store.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * A key wrapper for new records, and beside it the keys that sealed older ones: a keyring replaced by a key service
 * (Vault Transit), or the file store's own key once a keyring is configured. Every record stays readable, and
 * re-encryption moves the older ones to the active key, since their key id is not the active one.
 */
public final class MigratingKeyWrapper implements KeyWrapper {

    private final KeyWrapper active;
    private final KeyWrapper previous;

    /**
     * @param active wraps new records, and opens every record whose key it holds
     * @param previous opens the records under keys {@code active} does not hold
     */
    public MigratingKeyWrapper(KeyWrapper active, KeyWrapper previous) {
        this.active = Objects.requireNonNull(active, "active");
        this.previous = Objects.requireNonNull(previous, "previous");
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
        return owner(wrapped).unwrap(wrapped, context);
    }

    @Override
    public WrappedKey rewrap(WrappedKey wrapped, byte[] context) {
        if (owner(wrapped) == active) {
            return active.rewrap(wrapped, context); // a key service rewraps without handing out the data key
        }
        byte[] dataKey = previous.unwrap(wrapped, context);
        try {
            return active.wrap(dataKey, context);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** The active wrapper when it holds the key, or when neither does (it then reports the unknown id). */
    private KeyWrapper owner(WrappedKey wrapped) {
        return !active.knows(wrapped.keyId()) && previous.knows(wrapped.keyId()) ? previous : active;
    }

    @Override
    public String toString() {
        return "MigratingKeyWrapper[active=" + active + ", previous=" + previous + "]";
    }
}

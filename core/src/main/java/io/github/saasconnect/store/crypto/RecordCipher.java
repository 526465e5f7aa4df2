package io.github.saasconnect.store.crypto;

/**
 * Seals and opens a store's records, each bound to associated data (what identifies the record, such as its
 * registration and owner digest) so a sealed record copied onto another record does not open. Implementations
 * never log or put into an exception message the plaintext, a data key or a key-encryption key.
 */
public interface RecordCipher {

    /** The id of the key new records are sealed under. */
    String activeKeyId();

    /** {@code plaintext} sealed under the active key, bound to {@code associatedData}. */
    SealedRecord seal(byte[] plaintext, byte[] associatedData);

    /**
     * The plaintext of {@code sealed}.
     *
     * @throws RecordCipherException when its key is unknown or it does not authenticate with
     *     {@code associatedData}; the caller leaves the stored record as it is
     */
    byte[] open(SealedRecord sealed, byte[] associatedData);

    /**
     * {@code sealed} moved to the active key: its data key is wrapped again, its ciphertext unchanged. Returns
     * {@code sealed} itself when it is already under the active key.
     *
     * @throws RecordCipherException as {@link #open} does
     */
    SealedRecord rewrap(SealedRecord sealed, byte[] associatedData);
}

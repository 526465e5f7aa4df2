package io.github.saasconnect.store.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A record sealed by a {@link RecordCipher}: the data key wrapped by key {@link #keyId()}, the nonce and the
 * AES-256-GCM ciphertext with its tag. {@link #toBytes()} is the stored form, {@link #parse} reads it back.
 *
 * <p>Stored form, version 1: {@code 0x01}, key id length (1 byte) and key id (ASCII), wrapped key length (2 bytes,
 * big endian) and wrapped key, 12-byte nonce, ciphertext and 16-byte tag.
 *
 * @param wrappedKey the record's data key, wrapped
 * @param nonce the GCM nonce of the ciphertext
 * @param ciphertext the record, encrypted and authenticated (tag appended)
 */
public record SealedRecord(WrappedKey wrappedKey, byte[] nonce, byte[] ciphertext) {

    private static final byte FORMAT = 1;
    static final int NONCE_LENGTH = 12;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    public SealedRecord {
        Objects.requireNonNull(wrappedKey, "wrappedKey");
        if (nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("nonce must be " + NONCE_LENGTH + " bytes");
        }
        nonce = nonce.clone();
        ciphertext = ciphertext.clone();
    }

    /** The id of the key-encryption key that wrapped this record's data key. */
    public String keyId() {
        return wrappedKey.keyId();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    /** The stored form. */
    public byte[] toBytes() {
        byte[] id = keyId().getBytes(StandardCharsets.US_ASCII);
        byte[] wrapped = wrappedKey.bytes();
        ByteBuffer out = ByteBuffer.allocate(1 + 1 + id.length + 2 + wrapped.length + NONCE_LENGTH + ciphertext.length);
        out.put(FORMAT).put((byte) id.length).put(id);
        out.putShort((short) wrapped.length).put(wrapped);
        out.put(nonce).put(ciphertext);
        return out.array();
    }

    /**
     * Reads the stored form.
     *
     * @throws RecordCipherException ({@link RecordCipherException.Reason#MALFORMED}) when the bytes are not
     *     a sealed record of a format this version reads
     */
    public static SealedRecord parse(byte[] stored) {
        try {
            ByteBuffer in = ByteBuffer.wrap(stored);
            byte format = in.get();
            if (format != FORMAT) {
                throw RecordCipherException.malformed(
                        "sealed record format " + format + " is not one this version reads");
            }
            byte[] id = new byte[Byte.toUnsignedInt(in.get())];
            in.get(id);
            byte[] wrapped = new byte[Short.toUnsignedInt(in.getShort())];
            in.get(wrapped);
            byte[] nonce = new byte[NONCE_LENGTH];
            in.get(nonce);
            byte[] ciphertext = new byte[in.remaining()];
            in.get(ciphertext);
            return new SealedRecord(
                    new WrappedKey(new String(id, StandardCharsets.US_ASCII), wrapped), nonce, ciphertext);
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw RecordCipherException.malformed("sealed record is truncated or malformed");
        }
    }

    static String checkKeyId(String keyId) {
        if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("a key id is 1 to 64 characters of A-Z a-z 0-9 . _ : -");
        }
        return keyId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealedRecord s
                && s.wrappedKey.equals(wrappedKey)
                && Arrays.equals(s.nonce, nonce)
                && Arrays.equals(s.ciphertext, ciphertext);
    }

    @Override
    public int hashCode() {
        return Objects.hash(wrappedKey, Arrays.hashCode(nonce), Arrays.hashCode(ciphertext));
    }

    @Override
    public String toString() {
        return "SealedRecord[keyId=" + keyId() + ", " + ciphertext.length + " bytes]";
    }
}

package io.github.saasconnect.store.file;

import io.github.saasconnect.store.crypto.EnvelopeCipher;
import io.github.saasconnect.store.crypto.KeyWrapper;
import io.github.saasconnect.store.crypto.RecordCipher;
import io.github.saasconnect.store.crypto.RecordCipherException;
import io.github.saasconnect.store.crypto.SealedRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The encrypted form of one record file, format 2: envelope encryption under a keyring.
 *
 * <pre>
 * offset  length  field
 *      0       4  magic "SCFS"
 *      4       1  format version, 2
 *      5       n  a {@link SealedRecord} (its own format byte, the key id, the wrapped data key, nonce, ciphertext
 *                 and tag) of: version (8 bytes, big-endian) + record JSON (UTF-8)
 * </pre>
 *
 * The associated data is the 5-byte header followed by the file's name relative to the store directory
 * ({@code registration/owner} or {@code registration/owner/account}, ASCII): it binds both the data ciphertext and the wrapped data key, so a file copied
 * over another connection's file fails authentication.
 */
final class SealedRecordFile {

    static final byte FORMAT = 2;
    private static final byte[] MAGIC = {'S', 'C', 'F', 'S'};
    static final int HEADER_LENGTH = MAGIC.length + 1;
    /** Enough of a file's start to read its key id: header, sealed format, id length and the longest id. */
    static final int KEY_ID_HEAD_LENGTH = HEADER_LENGTH + 2 + 64;

    private final KeyWrapper keys;
    private final RecordCipher cipher;

    SealedRecordFile(KeyWrapper keys) {
        this.keys = keys;
        this.cipher = new EnvelopeCipher(keys);
    }

    String activeKeyId() {
        return cipher.activeKeyId();
    }

    /** Whether the keyring holds {@code keyId}. */
    boolean knows(String keyId) {
        return keys.knows(keyId);
    }

    /** Whether {@code head} starts a file of this format. */
    static boolean isThisFormat(byte[] head) {
        return head.length >= HEADER_LENGTH
                && Arrays.equals(head, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
                && head[MAGIC.length] == FORMAT;
    }

    /** The key id in {@code head}, the start of a file of this format; {@code null} when it cannot be read. */
    static String keyIdOf(byte[] head) {
        if (!isThisFormat(head) || head.length < HEADER_LENGTH + 2) {
            return null;
        }
        int length = Byte.toUnsignedInt(head[HEADER_LENGTH + 1]);
        if (length == 0 || head.length < HEADER_LENGTH + 2 + length) {
            return null;
        }
        return new String(head, HEADER_LENGTH + 2, length, StandardCharsets.US_ASCII);
    }

    /** The content of the file named {@code name} holding {@code json} at {@code version}. */
    byte[] seal(String name, long version, byte[] json) {
        byte[] plaintext = ByteBuffer.allocate(Long.BYTES + json.length)
                .putLong(version)
                .put(json)
                .array();
        try {
            return withHeader(cipher.seal(plaintext, associatedData(name)));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /**
     * The version and record JSON in {@code file}, the content of the file named {@code name}.
     *
     * @throws RecordEnvelope.Unreadable saying why (never quoting the content)
     */
    RecordEnvelope.Opened open(String name, byte[] file) throws RecordEnvelope.Unreadable {
        byte[] plaintext;
        try {
            plaintext = cipher.open(sealed(file), associatedData(name));
        } catch (RecordCipherException e) {
            throw unreadable(e);
        }
        try {
            if (plaintext.length < Long.BYTES) {
                throw new RecordEnvelope.Unreadable("it is too short to be a record file; it may be truncated");
            }
            long version = ByteBuffer.wrap(plaintext).getLong();
            if (version < 1) {
                throw new RecordEnvelope.Unreadable("it holds version " + version + ", but versions start at 1");
            }
            return new RecordEnvelope.Opened(version, Arrays.copyOfRange(plaintext, Long.BYTES, plaintext.length));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /**
     * {@code file} with its data key wrapped by the active key; the data ciphertext is unchanged.
     *
     * @throws RecordEnvelope.Unreadable when the key is unknown or the file does not authenticate
     */
    byte[] rewrap(String name, byte[] file) throws RecordEnvelope.Unreadable {
        try {
            return withHeader(cipher.rewrap(sealed(file), associatedData(name)));
        } catch (RecordCipherException e) {
            throw unreadable(e);
        }
    }

    private static SealedRecord sealed(byte[] file) {
        return SealedRecord.parse(Arrays.copyOfRange(file, HEADER_LENGTH, file.length));
    }

    private static byte[] withHeader(SealedRecord sealed) {
        byte[] body = sealed.toBytes();
        return ByteBuffer.allocate(HEADER_LENGTH + body.length)
                .put(MAGIC)
                .put(FORMAT)
                .put(body)
                .array();
    }

    private static byte[] associatedData(String name) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(HEADER_LENGTH + n.length)
                .put(MAGIC)
                .put(FORMAT)
                .put(n)
                .array();
    }

    private RecordEnvelope.Unreadable unreadable(RecordCipherException e) {
        return switch (e.reason()) {
            case UNKNOWN_KEY ->
                new RecordEnvelope.Unreadable(
                        "it was encrypted with a different key (key id " + e.keyId() + ", which this store's keyring "
                                + "does not hold; its active key id is " + cipher.activeKeyId() + ")",
                        true);
            case INTEGRITY ->
                new RecordEnvelope.Unreadable("it failed authentication: its content was damaged or "
                        + "changed, or it was copied from another connection's file");
            case MALFORMED ->
                new RecordEnvelope.Unreadable("it is too short or malformed to be a record file; it may be truncated");
        };
    }
}

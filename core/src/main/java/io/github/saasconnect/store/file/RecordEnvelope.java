package io.github.saasconnect.store.file;

import io.github.saasconnect.connection.internal.NonBlockingRandom;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The encrypted form of one record file (format 1):
 *
 * <pre>
 * offset  length  field
 *      0       4  magic "SCFS"
 *      4       1  format version, 1
 *      5       8  key id ({@link FileStoreKey#id()}) of the key that encrypted it
 *     13      12  random nonce
 *     25     n+16 AES-256-GCM ciphertext and 128-bit tag of: version (8 bytes, big-endian) + record JSON (UTF-8)
 * </pre>
 *
 * The additional authenticated data is the 13-byte header followed by the file's name relative to the store
 * directory ({@code registration/owner}, ASCII; format 1 predates named accounts), so a header edit, or a file copied over another
 * connection's file, fails authentication.
 */
final class RecordEnvelope {

    static final int MAX_FILE_BYTES = 1 << 20;

    private static final byte[] MAGIC = {'S', 'C', 'F', 'S'};
    private static final byte FORMAT = 1;
    static final int HEADER_LENGTH = MAGIC.length + 1 + FileStoreKey.ID_LENGTH;
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;
    private static final int MIN_LENGTH = HEADER_LENGTH + NONCE_LENGTH + Long.BYTES + TAG_BITS / 8;

    private final FileStoreKey key;
    private final SecureRandom random = NonBlockingRandom.create();
    private volatile byte[] header; // built on first seal, so opening a store does not derive the key id

    RecordEnvelope(FileStoreKey key) {
        this.key = key;
    }

    /** The content of the file named {@code name} ({@code registration/digest}) holding {@code json} at {@code version}. */
    byte[] seal(String name, long version, byte[] json) {
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        byte[] plaintext = ByteBuffer.allocate(Long.BYTES + json.length)
                .putLong(version)
                .put(json)
                .array();
        byte[] header = header();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(header);
            cipher.updateAAD(name.getBytes(StandardCharsets.US_ASCII));
            byte[] ciphertext = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(HEADER_LENGTH + NONCE_LENGTH + ciphertext.length)
                    .put(header)
                    .put(nonce)
                    .put(ciphertext)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is required by every Java platform", e);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private byte[] header() {
        byte[] built = header;
        if (built == null) {
            built = ByteBuffer.allocate(HEADER_LENGTH)
                    .put(MAGIC)
                    .put(FORMAT)
                    .put(key.idBytes())
                    .array();
            header = built;
        }
        return built;
    }

    /**
     * Whether {@code head}, the start of a record file ({@link #HEADER_LENGTH} bytes suffice), is of this format and
     * names another key than this envelope's. A file too short or of another format is not counted: opening it says
     * what is wrong with it.
     */
    boolean underAnotherKey(byte[] head) {
        if (head.length < HEADER_LENGTH
                || !Arrays.equals(head, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
                || head[MAGIC.length] != FORMAT) {
            return false;
        }
        byte[] ours = key.idBytes();
        return !MessageDigest.isEqual(Arrays.copyOfRange(head, MAGIC.length + 1, HEADER_LENGTH), ours);
    }

    /**
     * The version and record JSON in the content of the file named {@code name}.
     *
     * @throws Unreadable saying why (never quoting the content)
     */
    Opened open(String name, byte[] file) throws Unreadable {
        if (file.length < MIN_LENGTH) {
            throw new Unreadable(
                    "it is too short to be a record file (" + file.length + " bytes); it may be truncated");
        }
        if (!Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new Unreadable("it does not start with the file store's marker, so it is not a record file");
        }
        if (file[MAGIC.length] != FORMAT) {
            throw new Unreadable("it has format version " + Byte.toUnsignedInt(file[MAGIC.length])
                    + ", which this version cannot read (it reads " + FORMAT + ")");
        }
        if (underAnotherKey(file)) {
            byte[] fileKeyId = Arrays.copyOfRange(file, MAGIC.length + 1, HEADER_LENGTH);
            throw new Unreadable(
                    "it was encrypted with a different key (key id "
                            + HexFormat.of().formatHex(fileKeyId) + "; this store's key id is " + key.id() + ")",
                    true);
        }
        byte[] plaintext;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    key.secretKey(),
                    new GCMParameterSpec(TAG_BITS, file, HEADER_LENGTH, NONCE_LENGTH));
            cipher.updateAAD(file, 0, HEADER_LENGTH);
            cipher.updateAAD(name.getBytes(StandardCharsets.US_ASCII));
            int offset = HEADER_LENGTH + NONCE_LENGTH;
            plaintext = cipher.doFinal(file, offset, file.length - offset);
        } catch (AEADBadTagException e) {
            throw new Unreadable("it failed authentication: its content was damaged or changed, or it was copied "
                    + "from another connection's file");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is required by every Java platform", e);
        }
        try {
            long version = ByteBuffer.wrap(plaintext).getLong();
            if (version < 1) {
                throw new Unreadable("it holds version " + version + ", but versions start at 1");
            }
            return new Opened(version, Arrays.copyOfRange(plaintext, Long.BYTES, plaintext.length));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /**
     * What a record file holds once decrypted.
     *
     * @param version the compare-and-set version
     * @param json the record as written by {@link io.github.saasconnect.store.ConnectionRecordCodec#toJson}
     */
    record Opened(long version, byte[] json) {}

    /** A file that is not a record this key can open; the message says why and never quotes the content. */
    static final class Unreadable extends Exception {

        private final boolean anotherKey;

        Unreadable(String reason) {
            this(reason, false);
        }

        Unreadable(String reason, boolean anotherKey) {
            super(reason, null, false, false);
            this.anotherKey = anotherKey;
        }

        /** Whether the file is intact as far as can be told but was encrypted with another key. */
        boolean anotherKey() {
            return anotherKey;
        }
    }
}

package io.github.saasconnect.store.file;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.store.ConnectionRecordCodec;
import io.github.saasconnect.store.VersionedRecord;
import java.util.Arrays;

/**
 * What a connection's record file holds: the record as JSON with its version, sealed in a {@link SealedRecordFile}
 * (format 2, envelope encryption under the keyring) bound to the file's name ({@code registration/name}, the name {@code owner} or {@code owner/account}), and on
 * the way back checked to hold the connection that name stands for. Files of format 1 ({@link RecordEnvelope}, sealed
 * directly with the store key by earlier versions) are still read; a write or re-encryption replaces them with
 * format 2. The plaintext JSON is cleared as soon as it has been sealed or parsed.
 */
final class RecordFileContent {

    private final RecordEnvelope legacy;
    private final SealedRecordFile sealed;
    private final FileStoreKey key;
    private final ConnectionRecordCodec codec = new ConnectionRecordCodec();

    RecordFileContent(FileStoreKey key, SealedRecordFile sealed) {
        this.legacy = new RecordEnvelope(key);
        this.sealed = sealed;
        this.key = key;
    }

    /**
     * The content of the file {@code registration/name} for {@code record} at {@code version}.
     *
     * @throws IllegalArgumentException when it would exceed {@link RecordEnvelope#MAX_FILE_BYTES}
     */
    byte[] seal(ConnectionRecord record, String digest, long version) {
        ConnectionId id = record.id();
        byte[] json = codec.toJson(record);
        byte[] content;
        try {
            content = sealed.seal(name(id.registration(), digest), version, json);
        } finally {
            Arrays.fill(json, (byte) 0);
        }
        if (content.length > RecordEnvelope.MAX_FILE_BYTES) {
            throw new IllegalArgumentException("the record of connection " + id + " takes " + content.length
                    + " bytes, more than the file store's limit of " + RecordEnvelope.MAX_FILE_BYTES);
        }
        return content;
    }

    /**
     * Decrypts and parses the content of the file {@code registration/name}.
     *
     * @param expected the connection asked for, or {@code null} when listing (then the record must belong to the
     *     registration and digest of the file's name)
     * @throws RecordEnvelope.Unreadable saying why, never quoting the content
     */
    VersionedRecord open(String registration, String digest, byte[] content, ConnectionId expected)
            throws RecordEnvelope.Unreadable {
        VersionedRecord opened = openUnchecked(registration, digest, content);
        ConnectionRecord record = opened.record();
        boolean matches = expected != null
                ? record.id().equals(expected)
                : record.id().registration().equals(registration)
                        && key.connectionNames().name(record.id()).equals(digest);
        if (!matches) {
            throw new RecordEnvelope.Unreadable("it holds the record of a different connection");
        }
        return opened;
    }

    /**
     * Decrypts and parses the content of the file {@code registration/name} without checking that the record is
     * the one its name stands for: for the migration of names, which decides from the record what the name must be.
     */
    VersionedRecord openUnchecked(String registration, String digest, byte[] content) throws RecordEnvelope.Unreadable {
        RecordEnvelope.Opened opened = SealedRecordFile.isThisFormat(content)
                ? sealed.open(name(registration, digest), content)
                : legacy.open(name(registration, digest), content);
        ConnectionRecord record;
        try {
            record = codec.fromJson(opened.json());
        } catch (RuntimeException e) {
            // The codec's messages name fields and types, never values.
            throw new RecordEnvelope.Unreadable("its content is not a valid record ("
                    + (e instanceof IllegalArgumentException
                            ? e.getMessage()
                            : e.getClass().getSimpleName()) + ")");
        } finally {
            Arrays.fill(opened.json(), (byte) 0);
        }
        return new VersionedRecord(record, opened.version());
    }

    /** How much of a file's start {@link #underAnotherKey} and {@link #underActiveKey} need. */
    static final int HEAD_LENGTH = Math.max(RecordEnvelope.HEADER_LENGTH, SealedRecordFile.KEY_ID_HEAD_LENGTH);

    /** Whether {@code head}, the start of a record file, names a key this store does not hold. */
    boolean underAnotherKey(byte[] head) {
        if (SealedRecordFile.isThisFormat(head)) {
            String keyId = SealedRecordFile.keyIdOf(head);
            return keyId != null && !sealed.knows(keyId);
        }
        return legacy.underAnotherKey(head);
    }

    /** Whether {@code head}, the start of a record file, is of format 2 under the active key: nothing to move. */
    boolean underActiveKey(byte[] head) {
        return sealed.activeKeyId().equals(SealedRecordFile.keyIdOf(head));
    }

    /** The id of the key new records are sealed under. */
    String activeKeyId() {
        return sealed.activeKeyId();
    }

    /**
     * The content of the file {@code registration/name} moved to the active key, same version and record: format 2
     * has its data key wrapped anew, format 1 is sealed again as format 2.
     *
     * @throws RecordEnvelope.Unreadable when the file cannot be opened; it must then be left as it is
     */
    byte[] underActiveKey(String registration, String digest, byte[] content) throws RecordEnvelope.Unreadable {
        if (SealedRecordFile.isThisFormat(content)) {
            return sealed.rewrap(name(registration, digest), content);
        }
        RecordEnvelope.Opened opened = legacy.open(name(registration, digest), content);
        try {
            return sealed.seal(name(registration, digest), opened.version(), opened.json());
        } finally {
            Arrays.fill(opened.json(), (byte) 0);
        }
    }

    private static String name(String registration, String digest) {
        return registration + "/" + digest;
    }
}

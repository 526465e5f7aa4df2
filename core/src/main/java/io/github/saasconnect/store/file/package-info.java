/**
 * The embedded default token store: one encrypted file per connection under a directory that one process
 * owns. Start at {@link io.github.saasconnect.store.file.FileTokenStore} and
 * {@link io.github.saasconnect.store.file.FileStoreKey}.
 *
 * <h2>Record file format 2</h2>
 * <pre>
 * offset  length  field
 *      0       4  magic "SCFS"
 *      4       1  format version, 2
 *      5       n  a store.crypto SealedRecord: its format (1), key id length and key id, wrapped data key length
 *                 (2 bytes) and wrapped data key, 12-byte nonce, AES-256-GCM ciphertext and tag of:
 *                   compare-and-set version, 8 bytes big-endian, at least 1
 *                   the record as UTF-8 JSON (ConnectionRecordCodec)
 * </pre>
 * Each record has its own random data key, wrapped by the keyring's active key (by default the store key, under its
 * id). The associated data of both the data and the wrapped key is the 5-byte header followed by the file's path
 * relative to the store directory without its suffix, {@code registration/owner} or, for a named account,
 * {@code registration/owner/account}, in ASCII. Connection records are written in format 2;
 * format 1 (below, sealed directly with the store key) is still read, and pending authorizations use it.
 *
 * <h2>Record file format 1</h2>
 * <pre>
 * offset  length  field
 *      0       4  magic "SCFS"
 *      4       1  format version, 1
 *      5       8  id of the key that encrypted it (FileStoreKey#id(), HMAC-SHA256 of a label, truncated)
 *     13      12  random nonce
 *     25    n+16  AES-256-GCM ciphertext and 128-bit tag of:
 *                   compare-and-set version, 8 bytes big-endian, at least 1
 *                   the record as UTF-8 JSON (ConnectionRecordCodec)
 * </pre>
 * The additional authenticated data is the 13-byte header followed by the file's path relative to the store
 * directory, {@code registration/owner} in ASCII: a file copied over another connection's file, or with an
 * edited header, fails authentication.
 *
 * <h2>File names</h2>
 * <pre>
 * {registration}/{owner}.rec               the owner's default connection
 * {registration}/{owner}/{account}.rec     each of the owner's named accounts
 * </pre>
 * {@code owner} is the base64url HMAC-SHA256 of {@code registration NUL owner id} and {@code account} that of
 * {@code registration NUL owner id NUL account id}, both keyed with HKDF-Expand(store key, "saas-connect file store
 * owner names v1", 32 bytes) ({@link io.github.saasconnect.store.ConnectionKey}). A default connection's file is where
 * version 0.2 put it, so a 0.2 directory opens as it is; 0.2 lists only {@code *.rec} files and passes over the
 * owners' folders. Job claims mirror the layout under {@code .claims/{job}/}. Earlier versions used the
 * unkeyed SHA-256; such directories are renamed when a store opens them, and {@code .names} (holding
 * {@code hmac-sha256-v1}) marks a directory whose every record has a keyed name.
 *
 * <h2>Key file</h2>
 * The key in base64 (44 characters and a newline), created {@code rw-------}; the same text can be given in
 * configuration instead.
 */
@NullMarked
package io.github.saasconnect.store.file;

import org.jspecify.annotations.NullMarked;

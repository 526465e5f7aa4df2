package io.github.saasconnect.store.file;

import io.github.saasconnect.connection.internal.NonBlockingRandom;
import io.github.saasconnect.store.ConnectionKey;
import io.github.saasconnect.store.crypto.Keyring;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 256-bit AES key that encrypts a {@link FileTokenStore}'s records. {@link #toString()} shows where the
 * key came from and its {@linkplain #id() id}, never the key.
 *
 * <p>Without the key the stored tokens cannot be read: back it up, and keep it apart from backups of the
 * store directory.
 */
public final class FileStoreKey {

    private static final Logger log = LoggerFactory.getLogger(FileStoreKey.class);

    /** Key length in bytes. */
    public static final int LENGTH = 32;

    private static final String HOW_TO_MAKE_ONE = "generate one with `openssl rand -base64 32`";
    private static final byte[] ID_LABEL = "saas-connect file store key id v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NAMES_INFO =
            "saas-connect file store owner names v1".getBytes(StandardCharsets.US_ASCII);
    static final int ID_LENGTH = 8;
    private static final SecureRandom RANDOM = NonBlockingRandom.create();

    private final SecretKey key;
    private final String source;
    // Derived on first use: HMAC is the first JCA service a starting application asks for, and finding it loads
    // the whole provider list (tens of milliseconds), which the first encryption pays anyway.
    private volatile byte[] id;
    private volatile ConnectionKey names;

    /** Takes ownership of {@code keyBytes} and clears the array once copied. */
    private FileStoreKey(byte[] keyBytes, String source) {
        this.key = new SecretKeySpec(keyBytes, "AES");
        this.source = source;
        Arrays.fill(keyBytes, (byte) 0);
    }

    /**
     * A key given in configuration: 32 bytes in base64 (standard or URL-safe alphabet, padding optional).
     *
     * @throws IllegalArgumentException saying what is wrong with the value, without repeating it
     */
    public static FileStoreKey fromBase64(String base64) {
        return new FileStoreKey(decode(base64, "file store key"), "configuration");
    }

    /**
     * Reads the key from {@code keyFile}, or creates the file with a new random key when it does not exist.
     * A new file is created {@code rw-------} (owner only) where the file system has POSIX permissions; an
     * existing one that group or others can access is refused.
     *
     * @throws IllegalStateException when the existing file is accessible to others or holds no valid key
     * @throws UncheckedIOException when the file cannot be read or created
     */
    public static FileStoreKey loadOrCreate(Path keyFile) {
        Path file = keyFile.toAbsolutePath();
        try {
            if (Files.exists(file)) {
                return load(file);
            }
            return create(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the file store key file " + file + ": " + e, e);
        }
    }

    /**
     * Reads the key from {@code keyFile}, or creates the file with a new random key when it does not exist and
     * {@code storeDirectory} holds no records yet. When records exist but the key file does not, the key they were
     * written with is lost or elsewhere: a new one would silently make every connection unreadable.
     *
     * @throws MissingFileStoreKeyException when the key file is missing but the store directory holds records
     * @throws IllegalStateException when the existing file is accessible to others or holds no valid key
     * @throws UncheckedIOException when a file cannot be read or created
     */
    public static FileStoreKey loadOrCreate(Path keyFile, Path storeDirectory) {
        Path file = keyFile.toAbsolutePath();
        Path directory = storeDirectory.toAbsolutePath();
        try {
            if (!Files.exists(file) && RecordFiles.any(directory)) {
                throw new MissingFileStoreKeyException(file, directory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for records in the token store directory " + directory, e);
        }
        return loadOrCreate(file);
    }

    /**
     * A short, non-secret identifier of this key (16 hex digits derived from it by HMAC). Every file the store
     * writes carries it, so an error can tell "written with another key" from "damaged".
     */
    public String id() {
        return HexFormat.of().formatHex(derivedId());
    }

    SecretKey secretKey() {
        return key;
    }

    /**
     * A keyring of this key alone, under its {@link #id()}: what seals records when no other keyring is configured,
     * and what still opens them once one is.
     */
    Keyring keyring() {
        byte[] bytes = key.getEncoded();
        try {
            return Keyring.builder().active(id(), bytes).build();
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    byte[] idBytes() {
        return derivedId().clone();
    }

    private byte[] derivedId() {
        byte[] derived = id;
        if (derived == null) {
            derived = deriveId(key);
            id = derived; // racing threads derive the same bytes
        }
        return derived;
    }

    @Override
    public String toString() {
        return "FileStoreKey[id=" + id() + ", source=" + source + "]";
    }

    private static FileStoreKey load(Path file) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix != null) {
            Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
            if (!OwnerOnly.grantedToOthers(permissions).isEmpty()) {
                throw new IllegalStateException("file store key file " + file + " is accessible by group or others ("
                        + PosixFilePermissions.toString(permissions) + "); anyone who reads it can decrypt every "
                        + "stored token. Restrict it to its owner with: chmod 600 " + file);
            }
        }
        byte[] content = Files.readAllBytes(file);
        try {
            String text = new String(content, StandardCharsets.US_ASCII);
            return new FileStoreKey(decode(text, "file store key file " + file), "file " + file);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage());
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    private static FileStoreKey create(Path file) throws IOException {
        Path dir = file.getParent();
        OwnerOnly.createDirectories(dir);
        byte[] keyBytes = new byte[LENGTH];
        RANDOM.nextBytes(keyBytes);
        byte[] text = (Base64.getEncoder().encodeToString(keyBytes) + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] suffix = new byte[8];
        RANDOM.nextBytes(suffix);
        Path tmp = dir.resolve("." + file.getFileName() + "." + HexFormat.of().formatHex(suffix) + ".tmp");
        try {
            AtomicFile.writeNew(tmp, text);
            // A hard link publishes the complete file and fails if another process created one first, where a
            // rename would silently replace that process's key and orphan everything it encrypts.
            try {
                Files.createLink(file, tmp);
            } catch (FileAlreadyExistsException raced) {
                Arrays.fill(keyBytes, (byte) 0);
                return load(file);
            } catch (UnsupportedOperationException | IOException noHardLinks) {
                Files.move(tmp, file);
            }
            DirectorySync.force(dir);
        } finally {
            Arrays.fill(text, (byte) 0);
            Files.deleteIfExists(tmp);
        }
        log.info("Created a new file store key in {}. Back it up: without it the stored tokens cannot be read.", file);
        return new FileStoreKey(keyBytes, "file " + file);
    }

    private static byte[] decode(String base64, String what) {
        String value = base64 == null ? "" : base64.strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException(
                    what + " is empty; it must be " + LENGTH + " random bytes in base64: " + HOW_TO_MAKE_ONE);
        }
        byte[] bytes;
        try {
            boolean urlSafe = value.indexOf('-') >= 0 || value.indexOf('_') >= 0;
            bytes = (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not valid base64; it must be " + LENGTH
                    + " random bytes in base64: " + HOW_TO_MAKE_ONE);
        }
        if (bytes.length != LENGTH) {
            int length = bytes.length;
            Arrays.fill(bytes, (byte) 0);
            throw new IllegalArgumentException(what + " must be " + LENGTH
                    + " bytes (256 bits) in base64 but decodes to " + length + " bytes: " + HOW_TO_MAKE_ONE);
        }
        return bytes;
    }

    private static byte[] deriveId(SecretKey key) {
        byte[] full = hmac(key, ID_LABEL);
        try {
            return Arrays.copyOf(full, ID_LENGTH);
        } finally {
            Arrays.fill(full, (byte) 0);
        }
    }

    /**
     * The names the store files connections under, keyed with a secret derived from this key: HKDF-Expand (RFC 5869)
     * with the key as the pseudorandom key, the info {@code "saas-connect file store owner names v1"} and 32 bytes of
     * output, which is the single block HMAC-SHA256(key, info || 0x01). Anyone who can list the directory but not
     * read the key cannot tell whose connections the files are.
     */
    ConnectionKey connectionNames() {
        ConnectionKey derived = names;
        if (derived == null) {
            derived = deriveNames();
            names = derived; // racing threads derive equal keys
        }
        return derived;
    }

    private ConnectionKey deriveNames() {
        byte[] info = Arrays.copyOf(NAMES_INFO, NAMES_INFO.length + 1);
        info[NAMES_INFO.length] = 1;
        byte[] secret = hmac(key, info);
        try {
            return ConnectionKey.keyed(secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private static byte[] hmac(SecretKey key, byte[] message) {
        byte[] keyBytes = key.getEncoded();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keyBytes, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        } finally {
            Arrays.fill(keyBytes, (byte) 0);
        }
    }
}

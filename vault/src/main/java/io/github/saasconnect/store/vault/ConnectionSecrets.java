package io.github.saasconnect.store.vault;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.store.ConnectionRecordCodec;
import io.github.saasconnect.store.VersionedRecord;
import io.github.saasconnect.store.crypto.RecordCipher;
import io.github.saasconnect.store.crypto.RecordCipherException;
import io.github.saasconnect.store.crypto.SealedRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.springframework.vault.support.Versioned;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Connection records as the data of their KV v2 secrets (the codec's fields and a write id), and back. With a
 * {@link RecordCipher} (defence in depth, such as Vault Transit wrapping), the access and refresh tokens are not
 * stored as fields: they are sealed together into {@value #SEALED} (an envelope bound to the secret's path), so
 * reading the KV secret alone does not reveal them. Secrets written before the cipher was configured stay readable
 * and are sealed by their next write.
 */
final class ConnectionSecrets {

    static final String SEALED = "sealed_tokens";
    private static final String[] TOKEN_FIELDS = {"access_token", "refresh_token"};
    private static final byte[] AD_LABEL = "saas-connect vault tokens v1\0".getBytes(StandardCharsets.US_ASCII);

    private final VaultStoreLayout layout;
    private final @Nullable RecordCipher cipher;
    private final ConnectionRecordCodec codec = new ConnectionRecordCodec();

    ConnectionSecrets(VaultStoreLayout layout, @Nullable RecordCipher cipher) {
        this.layout = layout;
        this.cipher = cipher;
    }

    /**
     * {@code work} as a Mono; with a cipher, on a thread that may block (a key service such as Vault Transit is
     * called synchronously), never on the HTTP client's event loop.
     */
    <T> Mono<T> offload(Callable<@Nullable T> work) {
        Mono<T> mono = Mono.fromCallable(work);
        return cipher == null ? mono : mono.subscribeOn(Schedulers.boundedElastic());
    }

    /** The secret data that stores {@code record} at {@code path}; the write adds its write id. */
    Map<String, Object> toData(ConnectionRecord record, String path) {
        Map<String, Object> data = codec.toMap(record);
        if (cipher == null) {
            return data;
        }
        ByteBuffer tokens = ByteBuffer.allocate(tokensLength(data));
        for (String field : TOKEN_FIELDS) {
            Object value = data.remove(field);
            if (value == null) {
                tokens.putInt(-1);
            } else {
                byte[] bytes = ((String) value).getBytes(StandardCharsets.UTF_8);
                tokens.putInt(bytes.length).put(bytes);
            }
        }
        SealedRecord sealed = cipher.seal(tokens.array(), associatedData(path));
        data.put(SEALED, Base64.getEncoder().encodeToString(sealed.toBytes()));
        return data;
    }

    private static int tokensLength(Map<String, Object> data) {
        int length = 0;
        for (String field : TOKEN_FIELDS) {
            Object value = data.get(field);
            length += 4 + (value == null ? 0 : ((String) value).getBytes(StandardCharsets.UTF_8).length);
        }
        return length;
    }

    /**
     * The record in the secret at {@code path}, or {@code null} when the key is absent or its latest version
     * deleted.
     *
     * @param expected the connection the secret must hold, or {@code null} (listing) for whichever it holds
     * @throws UnreadableVaultRecordException when the secret holds no record (of {@code expected}), or its sealed
     *     tokens do not open
     */
    @Nullable
    VersionedRecord toRecord(@Nullable ConnectionId expected, String path, Versioned<Map<String, Object>> v) {
        if (v == null || !v.hasData()) {
            return null;
        }
        Map<String, Object> data = new LinkedHashMap<>(v.getRequiredData());
        data.remove(WriteId.FIELD);
        ConnectionRecord record;
        try {
            unseal(data, path);
            record = codec.fromMap(data);
        } catch (RecordCipherException e) {
            throw new UnreadableVaultRecordException(
                    who(expected, path), layout.mount() + "/data/" + path, e.getMessage());
        } catch (RuntimeException e) {
            throw new UnreadableVaultRecordException(
                    who(expected, path),
                    layout.mount() + "/data/" + path,
                    e instanceof IllegalArgumentException
                            ? e.getMessage()
                            : e.getClass().getSimpleName());
        }
        if (expected != null && !record.id().equals(expected)) {
            throw new UnreadableVaultRecordException(
                    expected, layout.mount() + "/data/" + path, "it holds the record of a different connection");
        }
        return new VersionedRecord(record, v.getVersion().getVersion());
    }

    /** Puts the sealed token fields back in place; a secret without them is a plain (older) one. */
    private void unseal(Map<String, Object> data, String path) {
        Object sealed = data.remove(SEALED);
        if (sealed == null) {
            return;
        }
        if (cipher == null) {
            throw new IllegalArgumentException("its tokens are sealed, but no key wrapper is configured to open them "
                    + "(saas-connect.store.vault.transit.wrapping-key)");
        }
        byte[] plain =
                cipher.open(SealedRecord.parse(Base64.getDecoder().decode((String) sealed)), associatedData(path));
        ByteBuffer tokens = ByteBuffer.wrap(plain);
        for (String field : TOKEN_FIELDS) {
            int length = tokens.getInt();
            if (length >= 0) {
                byte[] bytes = new byte[length];
                tokens.get(bytes);
                data.put(field, new String(bytes, StandardCharsets.UTF_8));
            }
        }
    }

    /** The secret's path: sealed tokens copied to another connection's secret do not open there. */
    private static byte[] associatedData(String path) {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(AD_LABEL.length + p.length)
                .put(AD_LABEL)
                .put(p)
                .array();
    }

    private ConnectionId who(@Nullable ConnectionId expected, String path) {
        return expected != null ? expected : unknownOwner(path);
    }

    private ConnectionId unknownOwner(String path) {
        return new ConnectionId(layout.registrationOf(path), "(unknown owner of " + layout.nameOf(path) + ")");
    }
}

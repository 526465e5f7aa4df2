package io.github.saasconnect.store.jdbc.autoconfigure;

import io.github.saasconnect.autoconfigure.KeyringProperties;
import io.github.saasconnect.autoconfigure.ReEncryptionProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the JDBC token store ({@code saas-connect.store.type=jdbc}). */
@ConfigurationProperties("saas-connect.store.jdbc")
public class SaasConnectJdbcStoreProperties {

    /**
     * Key of the owner digests (base64 of at least 32 random bytes, e.g. `openssl rand -base64 32`). Owners are
     * stored only as HMAC-SHA-256 digests under this key, so reading the table cannot confirm a guessed owner id.
     * Changing it makes every stored connection unreachable: keep it as long as the data.
     */
    private @Nullable String ownerDigestKey;

    /** The keys that encrypt the records. */
    private final KeyringProperties keyring = new KeyringProperties();

    /**
     * Database calls that run at once, each on a thread of the store's own scheduler. Match the connection pool's
     * maximum size (HikariCP's default is 10): more threads would only wait for a connection.
     */
    private int threads = 10;

    /** Database calls that may wait for a thread before further calls fail at once. */
    private int queuedCalls = 10_000;

    /** Moving records to the active key after a rotation. */
    private final ReEncryptionProperties reEncryption = new ReEncryptionProperties();

    public @Nullable String getOwnerDigestKey() {
        return ownerDigestKey;
    }

    public void setOwnerDigestKey(@Nullable String ownerDigestKey) {
        this.ownerDigestKey = ownerDigestKey;
    }

    public KeyringProperties getKeyring() {
        return keyring;
    }

    public int getThreads() {
        return threads;
    }

    public void setThreads(int threads) {
        this.threads = threads;
    }

    public int getQueuedCalls() {
        return queuedCalls;
    }

    public void setQueuedCalls(int queuedCalls) {
        this.queuedCalls = queuedCalls;
    }

    public ReEncryptionProperties getReEncryption() {
        return reEncryption;
    }

    @Override
    public String toString() {
        return "SaasConnectJdbcStoreProperties[keyring=" + keyring + ", threads=" + threads + "]";
    }
}

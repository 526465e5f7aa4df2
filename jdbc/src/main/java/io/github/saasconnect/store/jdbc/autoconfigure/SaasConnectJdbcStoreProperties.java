package io.github.saasconnect.store.jdbc.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
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
    private final Keyring keyring = new Keyring();

    /**
     * Database calls that run at once, each on a thread of the store's own scheduler. Match the connection pool's
     * maximum size (HikariCP's default is 10): more threads would only wait for a connection.
     */
    private int threads = 10;

    /** Database calls that may wait for a thread before further calls fail at once. */
    private int queuedCalls = 10_000;

    /** Moving records to the active key after a rotation. */
    private final ReEncryption reEncryption = new ReEncryption();

    public @Nullable String getOwnerDigestKey() {
        return ownerDigestKey;
    }

    public void setOwnerDigestKey(@Nullable String ownerDigestKey) {
        this.ownerDigestKey = ownerDigestKey;
    }

    public Keyring getKeyring() {
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

    public ReEncryption getReEncryption() {
        return reEncryption;
    }

    @Override
    public String toString() {
        return "SaasConnectJdbcStoreProperties[keyring=" + keyring + ", threads=" + threads + "]";
    }

    /** Key-encryption keys: one active, the previous ones kept until re-encryption has moved every record. */
    public static class Keyring {

        /** Id of the key that encrypts new records; one of the ids under keys. */
        private @Nullable String active;

        /**
         * Keys by id (1 to 64 characters of A-Z a-z 0-9 . _ : -), each the base64 of 32 random bytes. To rotate: add
         * a new key, make it active, keep the old one until re-encryption reports no record under it.
         */
        private Map<String, String> keys = new LinkedHashMap<>();

        public @Nullable String getActive() {
            return active;
        }

        public void setActive(@Nullable String active) {
            this.active = active;
        }

        public Map<String, String> getKeys() {
            return keys;
        }

        public void setKeys(Map<String, String> keys) {
            this.keys = keys;
        }

        @Override
        public String toString() {
            return "Keyring[active=" + active + ", ids=" + keys.keySet() + "]";
        }
    }

    /** Background re-encryption: moves records written under previous keys to the active key. */
    public static class ReEncryption {

        /** Whether each instance moves records to the active key in the background. */
        private boolean enabled = true;

        /** The most records one batch reads and moves. */
        private int batchSize = 100;

        /** Pause between batches. */
        private Duration interval = Duration.ofSeconds(10);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(int batchSize) {
            this.batchSize = batchSize;
        }

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }
    }
}

package io.github.saasconnect.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.saasconnect.store.crypto.EnvelopeCipher;
import io.github.saasconnect.store.crypto.Keyring;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * A separate process that re-encrypts forever, one record per batch, printing {@code moved <n>} after each move, so
 * {@link ReEncryptionKillTest} can kill it with SIGKILL in the middle. Arguments: JDBC URL, owner digest key, key k1,
 * key k2 (base64).
 */
final class ReEncryptionChild {

    private ReEncryptionChild() {}

    public static void main(String[] args) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setMaximumPoolSize(2);
        JdbcTokenStore store = JdbcTokenStore.builder(
                        new HikariDataSource(config),
                        new EnvelopeCipher(Keyring.fromBase64("k2", Map.of("k1", args[2], "k2", args[3]))),
                        OwnerDigest.of(Base64.getDecoder().decode(args[1])))
                .build();
        ReEncryption reEncryption = new ReEncryption(store, 1);
        long moved = 0;
        while (true) {
            moved += reEncryption.runBatch().block(Duration.ofSeconds(30)).moved();
            System.out.println("moved " + moved);
            System.out.flush();
        }
    }
}

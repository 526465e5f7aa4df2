package io.github.saasconnect.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.saasconnect.store.JobClaims;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.crypto.EnvelopeCipher;
import io.github.saasconnect.store.crypto.Keyring;
import io.github.saasconnect.store.file.FileStoreKey;
import io.github.saasconnect.store.file.FileTokenStore;
import io.github.saasconnect.store.jdbc.JdbcStoreSchema;
import io.github.saasconnect.store.jdbc.JdbcTokenStore;
import io.github.saasconnect.store.jdbc.OwnerDigest;
import io.github.saasconnect.store.vault.VaultTokenStore;
import io.github.saasconnect.testkit.vault.VaultTestServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.ReactiveVaultTemplate;
import org.springframework.vault.support.VaultToken;
import reactor.core.publisher.Mono;

/**
 * The shared stores as an application would configure them, on loopback: {@code vault} (the test kit's Vault server,
 * Spring Vault's reactive client), {@code postgres} (embedded PostgreSQL, the JDBC store with its schema) and
 * {@code file}.
 */
final class BenchmarkStores {

    private BenchmarkStores() {}

    /**
     * Opens store {@code kind}; what must be closed afterwards (the store first) is added to {@code resources}.
     *
     * @param clock the JDBC store's clock (its {@code updated_at} and claim lapses)
     */
    static TokenStore open(String kind, List<AutoCloseable> resources, Clock clock) throws Exception {
        switch (kind) {
            case "vault" -> {
                VaultTestServer vault = VaultTestServer.start();
                resources.add(vault);
                return VaultTokenStore.builder(new ReactiveVaultTemplate(
                                VaultEndpoint.from(vault.uri()),
                                new ReactorClientHttpConnector(),
                                () -> Mono.just(VaultToken.of(vault.token()))))
                        .ownerDigestSecret(Keyring.newKey())
                        .build();
            }
            case "postgres" -> {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        .start();
                resources.add(postgres);
                HikariConfig pool = new HikariConfig();
                pool.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
                pool.setMaximumPoolSize(10);
                HikariDataSource dataSource = new HikariDataSource(pool);
                resources.add(dataSource);
                new ResourceDatabasePopulator(JdbcStoreSchema.SCRIPTS.stream()
                                .map(ClassPathResource::new)
                                .toArray(ClassPathResource[]::new))
                        .execute(dataSource);
                JdbcTokenStore jdbc = JdbcTokenStore.builder(
                                ClaimStatements.counting(dataSource),
                                new EnvelopeCipher(Keyring.builder()
                                        .active("k1", Keyring.newKey())
                                        .build()),
                                OwnerDigest.of(Keyring.newKey()))
                        .clock(clock)
                        .build();
                resources.add(0, jdbc);
                return jdbc;
            }
            case "file" -> {
                Path directory = Files.createTempDirectory("saas-connect-benchmark");
                FileTokenStore file = FileTokenStore.open(
                        directory.resolve("tokens"),
                        FileStoreKey.fromBase64(java.util.Base64.getEncoder().encodeToString(Keyring.newKey())));
                resources.add(0, file);
                return file;
            }
            default -> throw new IllegalArgumentException("unknown store " + kind + " (vault, postgres, file)");
        }
    }

    /** The job claims kept beside {@code store}. */
    static JobClaims claims(TokenStore store) {
        if (store instanceof VaultTokenStore vault) {
            return vault.jobClaims();
        }
        if (store instanceof JdbcTokenStore jdbc) {
            return jdbc.jobClaims();
        }
        if (store instanceof FileTokenStore file) {
            return file.jobClaims();
        }
        throw new IllegalArgumentException("no job claims for " + store.name());
    }
}

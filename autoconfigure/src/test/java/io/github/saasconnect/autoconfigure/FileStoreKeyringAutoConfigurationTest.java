package io.github.saasconnect.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.store.crypto.Keyring;
import io.github.saasconnect.store.file.FileReEncryption;
import io.github.saasconnect.store.file.FileTokenStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The file store's keyring and re-encryption, configured as the JDBC store's are. */
class FileStoreKeyringAutoConfigurationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String K1 = Base64.getEncoder().encodeToString(Keyring.newKey());
    private static final String K2 = Base64.getEncoder().encodeToString(Keyring.newKey());
    private static final ConnectionId ALICE = ConnectionId.of("acme", "alice");

    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SaasConnectStoreAutoConfiguration.class))
                .withPropertyValues(
                        "saas-connect.store.file.directory=" + dir.resolve("tokens"),
                        "saas-connect.store.file.re-encryption.interval=1h");
    }

    @Test
    void aKeyringAddedToAnExistingDirectoryReadsItsRecordsAndSealsNewOnesUnderTheActiveKey() throws Exception {
        runner().run(ctx -> ctx.getBean(FileTokenStore.class).write(record(), 0).block(TIMEOUT));
        Path keyFile = dir.resolve("k2.key");
        Files.writeString(keyFile, K2 + "\n");

        runner().withPropertyValues(
                        "saas-connect.store.file.keyring.active=k2",
                        "saas-connect.store.file.keyring.keys.k1=" + K1,
                        "saas-connect.store.file.keyring.key-files.k2=" + keyFile)
                .run(ctx -> {
                    FileTokenStore store = ctx.getBean(FileTokenStore.class);
                    assertThat(ctx).hasSingleBean(ReEncryptionTask.class);
                    assertThat(store.read(ALICE).block(TIMEOUT).version()).isOne();
                    assertThat(new FileReEncryption(store, 10)
                                    .runPass()
                                    .block(TIMEOUT)
                                    .remaining())
                            .isZero();
                });

        runner().withPropertyValues(
                        "saas-connect.store.file.keyring.active=k1", "saas-connect.store.file.keyring.keys.k1=" + K1)
                .run(ctx -> assertThat(ctx.getBean(FileTokenStore.class).recordsUnderAnotherKey())
                        .as("moved to k2, which this keyring lacks")
                        .isOne());
    }

    @Test
    void aKeyringWithoutItsActiveKeyStopsStartupNamingTheProperty() {
        runner().withPropertyValues("saas-connect.store.file.keyring.keys.k1=" + K1)
                .run(ctx -> assertThat(ctx)
                        .getFailure()
                        .rootCause()
                        .isInstanceOfSatisfying(
                                InvalidSaasConnectConfigurationException.class,
                                e -> assertThat(e.property()).isEqualTo("saas-connect.store.file.keyring.active")));
        runner().withPropertyValues(
                        "saas-connect.store.file.keyring.active=k1",
                        "saas-connect.store.file.keyring.key-files.k1=" + dir.resolve("missing.key"))
                .run(ctx -> assertThat(ctx)
                        .getFailure()
                        .rootCause()
                        .hasMessageStartingWith("saas-connect.store.file.keyring.key-files.k1: ")
                        .hasMessageContaining("cannot be read"));
    }

    @Test
    void reEncryptionCanBeTurnedOffAndItsSettingsAreChecked() {
        runner().withPropertyValues("saas-connect.store.file.re-encryption.enabled=false")
                .run(ctx ->
                        assertThat(ctx).hasSingleBean(FileTokenStore.class).doesNotHaveBean(ReEncryptionTask.class));
        runner().withPropertyValues("saas-connect.store.file.re-encryption.batch-size=0")
                .run(ctx -> assertThat(ctx)
                        .getFailure()
                        .rootCause()
                        .hasMessageStartingWith("saas-connect.store.file.re-encryption.batch-size: "));
    }

    private static ConnectionRecord record() {
        Instant now = Instant.parse("2026-12-04T10:00:00Z");
        return ConnectionRecord.connected(
                ALICE,
                new TokenSet(
                        Secret.of("access"),
                        now.plusSeconds(3600),
                        "Bearer",
                        Secret.of("refresh"),
                        null,
                        Set.of(),
                        null,
                        Map.of()),
                Map.of(),
                now,
                "generation");
    }
}

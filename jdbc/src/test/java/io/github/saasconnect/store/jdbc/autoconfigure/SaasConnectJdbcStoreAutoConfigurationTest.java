package io.github.saasconnect.store.jdbc.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.autoconfigure.InvalidSaasConnectConfigurationException;
import io.github.saasconnect.autoconfigure.ReEncryptionTask;
import io.github.saasconnect.autoconfigure.SaasConnectAutoConfiguration;
import io.github.saasconnect.autoconfigure.SaasConnectStoreAutoConfiguration;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.store.PendingAuthorizationStore;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.crypto.Keyring;
import io.github.saasconnect.store.jdbc.JdbcPendingAuthorizationStore;
import io.github.saasconnect.store.jdbc.JdbcStoreSchema;
import io.github.saasconnect.store.jdbc.JdbcTokenStore;
import io.github.saasconnect.store.jdbc.TestDatabase;
import io.github.saasconnect.token.TokenManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class SaasConnectJdbcStoreAutoConfigurationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String K1 = Base64.getEncoder().encodeToString(Keyring.newKey());
    private static final String K2 = Base64.getEncoder().encodeToString(Keyring.newKey());
    private static final String OWNER_KEY = Base64.getEncoder().encodeToString(Keyring.newKey());
    private static final String[] ACME = {
        "saas-connect.providers.acme.type=oauth2",
        "saas-connect.providers.acme.client-id=acme-client",
        "saas-connect.providers.acme.client-secret=acme-secret",
        "saas-connect.providers.acme.authorization-uri=http://127.0.0.1:1/authorize",
        "saas-connect.providers.acme.token-uri=http://127.0.0.1:1/token"
    };

    private static ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        DataSourceAutoConfiguration.class,
                        FlywayAutoConfiguration.class,
                        SaasConnectStoreAutoConfiguration.class,
                        SaasConnectJdbcStoreAutoConfiguration.class,
                        SaasConnectAutoConfiguration.class))
                .withPropertyValues(ACME)
                .withPropertyValues("saas-connect.store.type=jdbc");
    }

    private static String[] keys() {
        return new String[] {
            "saas-connect.store.jdbc.owner-digest-key=" + OWNER_KEY,
            "saas-connect.store.jdbc.keyring.active=k2",
            "saas-connect.store.jdbc.keyring.keys.k1=" + K1,
            "saas-connect.store.jdbc.keyring.keys.k2=" + K2
        };
    }

    private static String h2() {
        return "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    private static final String FLYWAY = "spring.flyway.locations=classpath:db/saas-connect/migration";

    @Test
    void flywayCreatesTheTablesOnH2AndTheStoreFeedsTheTokenManagerAndTheConnectFlow() {
        runner().withPropertyValues(keys()).withPropertyValues(h2(), FLYWAY).run(ctx -> {
            assertThat(ctx)
                    .hasSingleBean(JdbcTokenStore.class)
                    .hasSingleBean(TokenManager.class)
                    .hasSingleBean(ReEncryptionTask.class);
            assertThat(ctx.getBean(PendingAuthorizationStore.class)).isInstanceOf(JdbcPendingAuthorizationStore.class);
            roundTrip(ctx);
            assertThat(ctx.getBean(ReEncryptionTask.class).isRunning()).isTrue();
        });
    }

    @Test
    void flywayCreatesTheTablesOnPostgreSql() {
        try (TestDatabase db = TestDatabase.emptyPostgres()) {
            runner().withPropertyValues(keys())
                    .withPropertyValues("spring.datasource.url=" + db.url(), FLYWAY)
                    .run(ctx -> {
                        assertThat(ctx).hasNotFailed().hasSingleBean(JdbcTokenStore.class);
                        roundTrip(ctx);
                    });
        }
    }

    @Test
    void withoutTheTablesStartupSaysHowToCreateThem() {
        runner().withPropertyValues(keys())
                .withPropertyValues(h2())
                .run(ctx -> assertThat(failure(ctx))
                        .hasMessageStartingWith("spring.flyway.locations: ")
                        .hasMessageContaining(
                                "[saas_connect_connection, saas_connect_pending_authorization, saas_connect_job_claim]")
                        .hasMessageContaining("classpath:db/saas-connect/migration")
                        .hasMessageContaining(JdbcStoreSchema.SCRIPT)
                        .hasMessageContaining(JdbcStoreSchema.JOB_CLAIMS_SCRIPT));
    }

    @Test
    void aDatabaseWithOnly02sTablesStopsStartupNamingTheMissingColumnAndTheScript() {
        runner().withPropertyValues(keys())
                .withPropertyValues(h2(), FLYWAY, "spring.flyway.target=2026.12.04.2")
                .run(ctx -> assertThat(failure(ctx))
                        .hasMessageStartingWith("spring.flyway.locations: ")
                        .hasMessageContaining("[saas_connect_connection.account_owner]")
                        .hasMessageContaining(JdbcStoreSchema.NAMED_ACCOUNTS_SCRIPT));
    }

    @Test
    void withoutADataSourceStartupNamesTheProperty() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SaasConnectJdbcStoreAutoConfiguration.class))
                .withPropertyValues("saas-connect.store.type=jdbc")
                .withPropertyValues(keys())
                .run(ctx -> assertThat(failure(ctx))
                        .hasMessageStartingWith("spring.datasource.url: ")
                        .hasMessageContaining("no single DataSource"));
    }

    @Test
    void withoutTheOwnerDigestKeyStartupNamesIt() {
        runner().withPropertyValues(h2(), FLYWAY)
                .withPropertyValues(
                        "saas-connect.store.jdbc.keyring.active=k1", "saas-connect.store.jdbc.keyring.keys.k1=" + K1)
                .run(ctx -> assertThat(failure(ctx))
                        .hasMessageStartingWith("saas-connect.store.jdbc.owner-digest-key: ")
                        .hasMessageContaining("openssl rand -base64 32"));
    }

    @Test
    void withoutAKeyringStartupNamesIt() {
        runner().withPropertyValues(h2(), FLYWAY, "saas-connect.store.jdbc.owner-digest-key=" + OWNER_KEY)
                .run(ctx -> assertThat(failure(ctx)).hasMessageStartingWith("saas-connect.store.jdbc.keyring.keys: "));
    }

    @Test
    void anActiveKeyIdWithoutAKeyOrAShortKeyIsRefusedWithoutShowingAKey() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        runner().withPropertyValues(h2(), FLYWAY, "saas-connect.store.jdbc.owner-digest-key=" + OWNER_KEY)
                .withPropertyValues(
                        "saas-connect.store.jdbc.keyring.active=k9", "saas-connect.store.jdbc.keyring.keys.k1=" + K1)
                .run(ctx -> assertThat(failure(ctx))
                        .hasMessageStartingWith("saas-connect.store.jdbc.keyring: ")
                        .hasMessageContaining("'k9'")
                        .hasMessageNotContaining(K1));
        runner().withPropertyValues(h2(), FLYWAY, "saas-connect.store.jdbc.owner-digest-key=" + OWNER_KEY)
                .withPropertyValues(
                        "saas-connect.store.jdbc.keyring.active=k1",
                        "saas-connect.store.jdbc.keyring.keys.k1=" + shortKey)
                .run(ctx -> assertThat(failure(ctx))
                        .hasMessageContaining("'k1'")
                        .hasMessageContaining("32 bytes")
                        .hasMessageNotContaining(shortKey));
    }

    @Test
    void withoutTheModuleTypeJdbcStopsStartupNamingTheDependency() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SaasConnectStoreAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(SaasConnectJdbcStoreAutoConfiguration.class))
                .withPropertyValues("saas-connect.store.type=jdbc")
                .run(ctx -> assertThat(failure(ctx))
                        .hasMessageStartingWith("saas-connect.store.type: is 'jdbc' but ")
                        .hasMessageContaining("io.github.saasconnect:saas-connect-jdbc is not on the class path"));
    }

    @Test
    void anApplicationsTokenStoreWins() {
        TokenStore own = new io.github.saasconnect.store.InMemoryTokenStore();
        runner().withBean(TokenStore.class, () -> own)
                .withPropertyValues(h2())
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(JdbcTokenStore.class));
    }

    private static Throwable failure(AssertableApplicationContext ctx) {
        assertThat(ctx).hasFailed();
        Throwable t = ctx.getStartupFailure();
        while (!(t instanceof InvalidSaasConnectConfigurationException) && t.getCause() != null) {
            t = t.getCause();
        }
        assertThat(t).isInstanceOf(InvalidSaasConnectConfigurationException.class);
        return t;
    }

    private static void roundTrip(AssertableApplicationContext ctx) {
        TokenStore store = ctx.getBean(TokenStore.class);
        ConnectionId id = ConnectionId.of("acme", "alice");
        Instant now = Instant.parse("2026-12-04T10:00:00Z");
        ConnectionRecord record = ConnectionRecord.connected(
                id,
                new TokenSet(
                        Secret.of("at"),
                        now.plusSeconds(60),
                        "Bearer",
                        Secret.of("rt"),
                        null,
                        Set.of(),
                        null,
                        Map.of()),
                Map.of(),
                now,
                "g1");
        assertThat(store.write(record, 0).block(TIMEOUT)).isEqualTo(1);
        assertThat(store.read(id).block(TIMEOUT).record().accessToken().reveal())
                .isEqualTo("at");
    }
}

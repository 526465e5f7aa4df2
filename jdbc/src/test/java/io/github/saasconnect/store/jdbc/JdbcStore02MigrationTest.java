package io.github.saasconnect.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.store.ClaimOutcome;
import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.JobClaim;
import io.github.saasconnect.store.VersionedRecord;
import io.github.saasconnect.store.crypto.EnvelopeCipher;
import io.github.saasconnect.store.crypto.Keyring;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * A database that saas-connect 0.2 wrote, upgraded: {@value #FIXTURE} holds the tables as the 0.2 release's store
 * left them (three connections of two registrations, one with tags, one needing reauthorization, one at version 2,
 * and a job claim; written by that release's code with the test-only keys below, then dumped), with the Flyway
 * history that 0.2's migrations wrote. Loaded onto the schema of 0.2's migrations alone, Flyway must accept the
 * history as is (the released scripts are unchanged) and apply only the named-accounts migration; the current store
 * must then find every connection under its old name, intact, and the claim beside it, and keep named accounts
 * next to them.
 */
class JdbcStore02MigrationTest {

    static final String FIXTURE = "fixtures/jdbc-store-0.2/jdbc-store-0.2.sql";
    /** The last version of 0.2's migrations. */
    static final String VERSION_0_2 = "2026.12.04.2";

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Instant WRITTEN = Instant.parse("2026-12-04T10:00:00Z");
    private static final ConnectionId ALICE = ConnectionId.of("github", "alice@example.com");
    private static final ConnectionId BOB = ConnectionId.of("github", "bob@example.com");
    private static final ConnectionId ALICE_GOOGLE = ConnectionId.of("google", "alice@example.com");

    private TestDatabase db;
    private JdbcTokenStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void theCurrentStoreMigratesAndKeepsEveryConnectionAndClaimThat02Wrote() {
        db = TestDatabase.emptyPostgres();
        DataSource dataSource = db.newDataSource();
        flyway(dataSource).target(VERSION_0_2).load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        // the fixture brings 0.2's own history rows (their checksums, dates and users) in place of this run's
        jdbc.sql("DELETE FROM flyway_schema_history").update();
        new ResourceDatabasePopulator(new ClassPathResource(FIXTURE)).execute(dataSource);
        assertThat(JdbcStoreSchema.missingTables(dataSource)).containsExactly(ConnectionTable.TABLE + ".account_owner");

        MigrateResult migrated = flyway(dataSource).load().migrate();

        assertThat(migrated.initialSchemaVersion).isEqualTo(VERSION_0_2);
        assertThat(migrated.migrations).extracting(m -> m.version).containsExactly("2026.12.05.1");
        assertThat(JdbcStoreSchema.missingTables(dataSource)).isEmpty();
        store = fixtureStore(dataSource);

        VersionedRecord alice = read(ALICE);
        assertThat(alice.version()).isEqualTo(1);
        assertThat(alice.record().schema()).isEqualTo(ConnectionRecord.CURRENT_SCHEMA);
        assertThat(alice.record().status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(alice.record().accessToken().reveal()).isEqualTo("access-alice-github");
        assertThat(alice.record().refreshToken().reveal()).isEqualTo("refresh-alice-github");
        assertThat(alice.record().accessTokenExpiresAt()).isEqualTo(WRITTEN.plusSeconds(3600));
        assertThat(alice.record().scopes()).containsExactlyInAnyOrder("repo", "read:user");
        assertThat(alice.record().tags()).isEqualTo(Map.of("team", "blue", "plan", "pro"));
        assertThat(alice.record().providerAttributes()).isEqualTo(Map.of("login", "alice-github"));
        assertThat(alice.record().generation()).isEqualTo("generation-alice-github");

        VersionedRecord bob = read(BOB);
        assertThat(bob.version()).isEqualTo(1);
        assertThat(bob.record().status()).isEqualTo(ConnectionStatus.REAUTHORIZATION_REQUIRED);
        assertThat(bob.record().lastError().code()).isEqualTo("invalid_grant");
        assertThat(bob.record().lastError().at()).isEqualTo(WRITTEN.plusSeconds(60));
        assertThat(bob.record().refreshToken().reveal()).isEqualTo("refresh-bob-github");

        VersionedRecord aliceGoogle = read(ALICE_GOOGLE);
        assertThat(aliceGoogle.version()).isEqualTo(2);
        assertThat(aliceGoogle.record().tags()).isEqualTo(Map.of("region", "eu"));
        assertThat(aliceGoogle.record().accessToken().reveal()).isEqualTo("access-alice-google");

        // an update of a 0.2 row, and a named account beside it
        long updated = store.write(alice.record().withTags(Map.of("team", "green")), alice.version())
                .block(TIMEOUT);
        ConnectionId aliceWork = ALICE.withAccount("1001");
        store.write(TestStores.record(aliceWork, 1), 0).block(TIMEOUT);

        assertThat(updated).isEqualTo(2);
        assertThat(read(ALICE).record().tags()).isEqualTo(Map.of("team", "green"));
        assertThat(read(ALICE).record().refreshToken().reveal()).isEqualTo("refresh-alice-github");
        assertThat(store.accounts("github", ALICE.owner())
                        .map(v -> v.record().id())
                        .collectList()
                        .block(TIMEOUT))
                .containsExactly(ALICE, aliceWork);
        for (int pageSize : new int[] {1, 2, 100}) {
            assertThat(listAll("github", pageSize))
                    .as("page size %s", pageSize)
                    .containsExactlyInAnyOrder(ALICE, BOB, aliceWork);
        }
        assertThat(listAll("google", 1)).containsExactly(ALICE_GOOGLE);

        // 0.2's claim: held by replica-a for the period until it lapses, then completed by it
        JobClaim other = new JobClaim(
                "nightly-sync", ALICE, WRITTEN, "replica-b", WRITTEN.plusSeconds(10), WRITTEN.plusSeconds(310));
        assertThat(store.jobClaims().claim(other).block(TIMEOUT)).isEqualTo(ClaimOutcome.HELD_BY_OTHER);
        JobClaim holder = new JobClaim(
                "nightly-sync", ALICE, WRITTEN, "replica-a", WRITTEN.plusSeconds(5), WRITTEN.plusSeconds(300));
        assertThat(store.jobClaims().complete(holder).block(TIMEOUT)).isTrue();
        assertThat(store.jobClaims().claim(other).block(TIMEOUT)).isEqualTo(ClaimOutcome.ALREADY_DONE);
        JobClaim work = new JobClaim(
                "nightly-sync", aliceWork, WRITTEN, "replica-b", WRITTEN.plusSeconds(10), WRITTEN.plusSeconds(310));
        assertThat(store.jobClaims().claim(work).block(TIMEOUT)).isEqualTo(ClaimOutcome.CLAIMED);

        // deleting the default connection takes its claim, not the named account's
        store.delete(ALICE).block(TIMEOUT);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM " + JdbcJobClaims.TABLE)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(read(aliceWork).record().id()).isEqualTo(aliceWork);
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(DataSource dataSource) {
        return Flyway.configure().dataSource(dataSource).locations("classpath:db/saas-connect/migration");
    }

    /** The store with the fixture's test-only keys: those the 0.2 code wrote it with. */
    private static JdbcTokenStore fixtureStore(DataSource dataSource) {
        return JdbcTokenStore.builder(
                        dataSource,
                        new EnvelopeCipher(Keyring.builder()
                                .active("k-fixture", fixedKey(0x40))
                                .build()),
                        OwnerDigest.of(fixedKey(0x10)))
                .build();
    }

    /** 32 bytes counting up from {@code from}: a key for this fixture only. */
    private static byte[] fixedKey(int from) {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (from + i);
        }
        return key;
    }

    private VersionedRecord read(ConnectionId id) {
        VersionedRecord found = store.read(id).block(TIMEOUT);
        assertThat(found).as("%s", id).isNotNull();
        assertThat(found.record().id()).isEqualTo(id);
        return found;
    }

    private List<ConnectionId> listAll(String registration, int pageSize) {
        List<ConnectionId> seen = new ArrayList<>();
        String cursor = null;
        do {
            ConnectionPage page = store.list(registration, cursor, pageSize).block(TIMEOUT);
            assertThat(page.unreadable()).isEmpty();
            page.records().forEach(v -> seen.add(v.record().id()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return seen;
    }
}

package io.github.saasconnect.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How named accounts lie in the table on PostgreSQL, and that listing an owner's accounts needs no scan. */
class PostgresNamedAccountRowsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final char NUL = '\0';

    private TestDatabase db;
    private DataSource dataSource;
    private JdbcTokenStore store;

    @BeforeEach
    void open() {
        db = TestDatabase.postgres();
        dataSource = db.newDataSource();
        store = TestStores.store(dataSource);
    }

    @AfterEach
    void close() {
        store.close();
        db.close();
    }

    @Test
    void aDefaultConnectionKeepsItsPreAccountNameAndANamedAccountIsFiledUnderItsOwner() throws Exception {
        ConnectionId alice = ConnectionId.of("github", "alice");
        ConnectionId aliceWork = alice.withAccount("1001");
        store.write(TestStores.record(alice, 1), 0).block(TIMEOUT);
        store.write(TestStores.record(aliceWork, 1), 0).block(TIMEOUT);

        Map<String, Object> defaultRow = row(alice);
        Map<String, Object> namedRow = row(aliceWork);

        // the digest every row had before accounts, computed here as 0.2 computed it
        String ownerDigest = hmac("github" + NUL + "alice");
        assertThat(defaultRow.get("owner_digest")).isEqualTo(ownerDigest);
        assertThat(defaultRow.get("account_owner")).isNull();
        assertThat((String) namedRow.get("owner_digest"))
                .hasSize(87)
                .startsWith(ownerDigest + "/")
                .isEqualTo(ownerDigest + "/" + hmac("github" + NUL + "alice" + NUL + "1001"));
        assertThat(namedRow.get("account_owner")).isEqualTo(ownerDigest);
    }

    @Test
    void anOwnersAccountsAreFoundThroughIndexesWithoutScanningTheTable() throws Exception {
        for (int i = 0; i < 50; i++) {
            ConnectionId owner = ConnectionId.of("github", "user-" + i);
            store.write(TestStores.record(owner, 1), 0).block(TIMEOUT);
            store.write(TestStores.record(owner.withAccount("a" + i), 1), 0).block(TIMEOUT);
        }
        String ownerDigest = OwnerDigest.of(TestStores.OWNER_KEY).ownerName(ConnectionId.of("github", "user-7"));

        List<String> plan = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // a plan that still scans with sequential scans priced out has no index to use
                s.execute("SET LOCAL enable_seqscan = off");
                s.execute("ANALYZE " + ConnectionTable.TABLE);
            }
            try (PreparedStatement explain = c.prepareStatement("EXPLAIN " + ConnectionTable.OF_OWNER)) {
                explain.setString(1, "github");
                explain.setString(2, ownerDigest);
                explain.setString(3, "github");
                explain.setString(4, ownerDigest);
                try (ResultSet rs = explain.executeQuery()) {
                    while (rs.next()) {
                        plan.add(rs.getString(1));
                    }
                }
            }
            c.rollback();
        }

        assertThat(String.join("\n", plan))
                .doesNotContain("Seq Scan")
                .contains("saas_connect_connection_pk")
                .contains("saas_connect_connection_account_owner");
        assertThat(store.accounts("github", "user-7")
                        .map(v -> v.record().id())
                        .collectList()
                        .block(TIMEOUT))
                .containsExactly(ConnectionId.of("github", "user-7"), ConnectionId.of("github", "user-7", "a7"));
    }

    private Map<String, Object> row(ConnectionId id) {
        String name = OwnerDigest.of(TestStores.OWNER_KEY).of(id);
        return org.springframework.jdbc.core.simple.JdbcClient.create(dataSource)
                .sql("SELECT owner_digest, account_owner FROM " + ConnectionTable.TABLE
                        + " WHERE registration = ? AND owner_digest = ?")
                .params(id.registration(), name)
                .query()
                .singleRow();
    }

    private static String hmac(String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(TestStores.OWNER_KEY, "HmacSHA256"));
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}

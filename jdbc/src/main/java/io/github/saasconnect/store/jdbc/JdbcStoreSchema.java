package io.github.saasconnect.store.jdbc;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Checks that the store's tables exist, so a missing schema stops startup instead of failing the first refresh. */
public final class JdbcStoreSchema {

    /**
     * The class path resource that creates the tables: a Flyway migration (add {@code
     * classpath:db/saas-connect/migration} to {@code spring.flyway.locations}) and a plain SQL script alike.
     */
    public static final String SCRIPT = "db/saas-connect/migration/V2026_12_04_1__saas_connect_store.sql";

    /** The class path resource that creates the job claims table; run after {@link #SCRIPT}. */
    public static final String JOB_CLAIMS_SCRIPT =
            "db/saas-connect/migration/V2026_12_04_2__saas_connect_job_claims.sql";

    /**
     * The class path resource that makes room for named accounts (wider names, column {@code account_owner} and its
     * index); run after {@link #JOB_CLAIMS_SCRIPT}.
     */
    public static final String NAMED_ACCOUNTS_SCRIPT =
            "db/saas-connect/migration/V2026_12_05_1__saas_connect_named_accounts.sql";

    /** Every script of the schema, in the order to run them. */
    public static final List<String> SCRIPTS = List.of(SCRIPT, JOB_CLAIMS_SCRIPT, NAMED_ACCOUNTS_SCRIPT);

    private static final List<String> TABLES = List.of(
            "SELECT registration, owner_digest, version, key_id, sealed, updated_at FROM " + ConnectionTable.TABLE,
            "SELECT state_digest, key_id, sealed, expires_at FROM " + PendingTable.TABLE,
            "SELECT registration, owner_digest, job, period_start, holder, lapses_at, done FROM " + JdbcJobClaims.TABLE,
            // added by NAMED_ACCOUNTS_SCRIPT, which a database that has only the earlier scripts lacks
            "SELECT account_owner FROM " + ConnectionTable.TABLE);

    private JdbcStoreSchema() {}

    /**
     * The tables (with all their columns) that {@code dataSource} lacks, each named as {@code table} or, where only a
     * later script's column is missing, {@code table.column}; empty when the schema is in place.
     *
     * @throws DataAccessException when the database cannot be reached at all
     */
    public static List<String> missingTables(DataSource dataSource) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        List<String> missing = new ArrayList<>();
        for (String select : TABLES) {
            try {
                jdbc.sql(select + " WHERE 1 = 0").query().listOfRows();
            } catch (BadSqlGrammarException e) {
                String table = select.substring(select.lastIndexOf(' ') + 1);
                String columns = select.substring("SELECT ".length(), select.indexOf(" FROM "));
                if (!missing.contains(table)) {
                    missing.add(columns.contains(",") ? table : table + "." + columns);
                }
            }
        }
        return missing;
    }
}

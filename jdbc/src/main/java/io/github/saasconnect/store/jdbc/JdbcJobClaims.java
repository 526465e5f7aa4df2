package io.github.saasconnect.store.jdbc;

import io.github.saasconnect.store.ClaimOutcome;
import io.github.saasconnect.store.JobClaim;
import io.github.saasconnect.store.JobClaims;
import io.github.saasconnect.store.StoredClaim;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@link JobClaims} of a {@link JdbcTokenStore}: table {@code saas_connect_job_claim} (migration {@code
 * V2026_12_04_2}), one row per job and connection keyed by the connection's owner digest, with a foreign key to the
 * connection that deletes its claims with it. The connection's row is never written. Claims run on the store's own
 * threads, like its other calls.
 *
 * <p>On PostgreSQL a claim, and a {@linkplain #claimAll batch} of claims, is <b>one statement</b>: an {@code INSERT ...
 * ON CONFLICT DO UPDATE ... WHERE} that writes exactly the rows {@link StoredClaim#decide} gives to the claimant (the
 * database decides the race on the row it locks), beside a read of the rows as they were, from which the outcome is
 * told apart ({@link ClaimOutcome#TAKEN_OVER} from {@link ClaimOutcome#CLAIMED}, {@link ClaimOutcome#ALREADY_DONE}
 * from {@link ClaimOutcome#HELD_BY_OTHER}). A batch writes its rows in key order, so concurrent batches cannot
 * deadlock. On other databases (H2) a claim reads the row, decides, and writes by compare-and-set with an {@code
 * UPDATE} that names every column it read (or an {@code INSERT} that the primary key lets only one replica win).
 */
final class JdbcJobClaims implements JobClaims {

    static final String TABLE = "saas_connect_job_claim";
    private static final int ATTEMPTS = 3;
    /** Claims per statement: well within PostgreSQL's 32,767 parameters. */
    private static final int BATCH = 500;

    private static final RowMapper<StoredClaim> ROW = (rs, n) -> new StoredClaim(
            rs.getObject("period_start", OffsetDateTime.class).toInstant(),
            rs.getString("holder"),
            rs.getObject("lapses_at", OffsetDateTime.class).toInstant(),
            rs.getBoolean("done"));

    private final JdbcTokenStore store;
    private final OwnerDigest owners;
    /** Whether the database is PostgreSQL, found on the first claim; {@code null} until then. */
    private volatile @Nullable Boolean postgres;

    JdbcJobClaims(JdbcTokenStore store, OwnerDigest owners) {
        this.store = store;
        this.owners = owners;
    }

    @Override
    public Mono<ClaimOutcome> claim(JobClaim claim) {
        JobClaim stored = truncated(claim);
        ClaimKey key = ClaimKey.of(claim, owners);
        return store.call(
                claim.connection(), () -> isPostgres() ? upsert(List.of(stored)).get(0) : readThenWrite(stored, key));
    }

    @Override
    public Mono<List<ClaimOutcome>> claimAll(List<JobClaim> claims) {
        List<JobClaim> all = claims.stream().map(JdbcJobClaims::truncated).toList();
        if (all.isEmpty()) {
            return Mono.just(List.of());
        }
        return Flux.fromIterable(chunks(all))
                .concatMap(chunk -> store.call(chunk.get(0).connection(), () -> {
                    if (isPostgres() && distinct(chunk)) {
                        return upsert(chunk);
                    }
                    List<ClaimOutcome> outcomes = new ArrayList<>(chunk.size());
                    for (JobClaim claim : chunk) {
                        outcomes.add(
                                isPostgres()
                                        ? upsert(List.of(claim)).get(0)
                                        : readThenWrite(claim, ClaimKey.of(claim, owners)));
                    }
                    return outcomes;
                }))
                .concatMapIterable(outcomes -> outcomes)
                .collectList();
    }

    @Override
    public Mono<Boolean> complete(JobClaim claim) {
        JobClaim stored = truncated(claim);
        ClaimKey key = ClaimKey.of(claim, owners);
        return store.call(
                claim.connection(),
                () -> store.jdbc()
                                .sql("UPDATE " + TABLE + " SET done = TRUE WHERE " + ClaimKey.MATCH
                                        + " AND period_start = ? AND holder = ? AND done = FALSE")
                                .params(key.with(ConnectionTable.utc(stored.periodStart()), claim.holder()))
                                .update()
                        == 1);
    }

    // ---- PostgreSQL: one statement per claim or batch

    /**
     * Claims {@code claims} (distinct keys) in one statement. {@code old} reads the rows as the statement's snapshot
     * sees them; {@code won} upserts every claim and writes the rows the claim wins (the {@code WHERE} is
     * {@link StoredClaim#decide} in SQL, evaluated on the row as locked, so a lost race writes nothing); connections
     * the store does not hold are left out, so one deleted connection does not fail the others' claims here.
     */
    private List<ClaimOutcome> upsert(List<JobClaim> claims) {
        List<ClaimKey> keys = claims.stream().map(c -> ClaimKey.of(c, owners)).toList();
        List<Object> params = new ArrayList<>();
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < claims.size(); i++) {
            JobClaim claim = claims.get(i);
            values.append(i == 0 ? "" : ", ")
                    .append("(CAST(? AS INTEGER), ")
                    .append(ClaimKey.VALUES)
                    .append(", CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS VARCHAR(200)),"
                            + " CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE))");
            params.add(i);
            params.addAll(keys.get(i).values());
            params.add(ConnectionTable.utc(claim.periodStart()));
            params.add(claim.holder());
            params.add(ConnectionTable.utc(claim.lapsesAt()));
            params.add(ConnectionTable.utc(micros(claim.claimedAt())));
        }
        String sql = "WITH req (ord, " + ClaimKey.COLUMNS + ", period_start, holder, lapses_at, claimed_at) AS (VALUES "
                + values + "),"
                + " old AS (SELECT r.ord, c.period_start, c.holder, c.lapses_at, c.done FROM req r JOIN " + TABLE
                + " c ON " + ClaimKey.join("c", "r") + "),"
                + " known AS (SELECT r.ord FROM req r WHERE EXISTS (SELECT 1 FROM " + ConnectionTable.TABLE
                + " t WHERE " + ClaimKey.connectionJoin("t", "r") + ")),"
                + " won AS (INSERT INTO " + TABLE + " AS c (" + ClaimKey.COLUMNS + ", period_start, holder, lapses_at,"
                + " done) SELECT " + ClaimKey.COLUMNS + ", period_start, holder, lapses_at, FALSE FROM req r"
                + " WHERE r.ord IN (SELECT ord FROM known) ORDER BY " + ClaimKey.COLUMNS
                + " ON CONFLICT (" + ClaimKey.COLUMNS + ") DO UPDATE SET period_start = EXCLUDED.period_start,"
                + " holder = EXCLUDED.holder, lapses_at = EXCLUDED.lapses_at, done = FALSE"
                + " WHERE c.period_start < EXCLUDED.period_start OR (c.period_start = EXCLUDED.period_start"
                + " AND NOT c.done AND (c.holder = EXCLUDED.holder OR c.lapses_at <= (SELECT r.claimed_at FROM req r"
                + " WHERE " + ClaimKey.join("r", "EXCLUDED") + ")))"
                + " RETURNING " + ClaimKey.COLUMNS + ")"
                + " SELECT r.ord, w.job IS NOT NULL AS won, r.ord IN (SELECT ord FROM known) AS known,"
                + " o.period_start, o.holder, o.lapses_at, o.done FROM req r"
                + " LEFT JOIN won w ON " + ClaimKey.join("w", "r") + " LEFT JOIN old o ON o.ord = r.ord ORDER BY r.ord";
        ClaimOutcome[] outcomes = new ClaimOutcome[claims.size()];
        try {
            store.jdbc().sql(sql).params(params).query((RowCallbackHandler) rs -> {
                int ord = rs.getInt("ord");
                JobClaim claim = claims.get(ord);
                if (!rs.getBoolean("known")) {
                    throw new IllegalArgumentException(
                            "cannot claim " + claim.connection() + ": the store holds no such connection");
                }
                OffsetDateTime oldPeriod = rs.getObject("period_start", OffsetDateTime.class);
                StoredClaim old = oldPeriod == null ? null : ROW.mapRow(rs, ord);
                outcomes[ord] = outcome(rs.getBoolean("won"), old, claim);
            });
        } catch (DataIntegrityViolationException e) {
            // the foreign key: a connection deleted between the check above and the insert
            throw new IllegalArgumentException("cannot claim: a connection was deleted while it was being claimed", e);
        }
        return Arrays.asList(outcomes);
    }

    /**
     * The outcome of a claim that {@code won} its row or not, told apart by the row as it was ({@code old}). The
     * statement decided against the row as it was when locked, which a concurrent claim may have changed since the
     * snapshot {@code old} is from: a claim that lost although {@code old} says it would win lost that race.
     */
    private static ClaimOutcome outcome(boolean won, @Nullable StoredClaim old, JobClaim claim) {
        ClaimOutcome decided = StoredClaim.decide(old, claim);
        if (won) {
            return decided == ClaimOutcome.TAKEN_OVER ? ClaimOutcome.TAKEN_OVER : ClaimOutcome.CLAIMED;
        }
        return decided.mine() ? ClaimOutcome.HELD_BY_OTHER : decided;
    }

    private boolean isPostgres() {
        Boolean known = postgres;
        if (known == null) {
            String product = store.jdbc().sql("SELECT 1").query((ResultSetExtractor<String>)
                    rs -> rs.getStatement().getConnection().getMetaData().getDatabaseProductName());
            known = "PostgreSQL".equalsIgnoreCase(product);
            postgres = known;
        }
        return known;
    }

    // ---- other databases: read, decide, compare-and-set

    private ClaimOutcome readThenWrite(JobClaim claim, ClaimKey key) {
        for (int attempt = 1; ; attempt++) {
            Optional<StoredClaim> current = find(key);
            ClaimOutcome outcome = StoredClaim.decide(current.orElse(null), claim);
            if (!outcome.mine()) {
                return outcome;
            }
            if (current.isEmpty() ? insert(claim, key) : replace(claim, key, current.get())) {
                return outcome;
            }
            if (attempt == ATTEMPTS) {
                // a third lost race in a row: others are at it, leave the connection to them
                return ClaimOutcome.HELD_BY_OTHER;
            }
        }
    }

    private Optional<StoredClaim> find(ClaimKey key) {
        return store.jdbc()
                .sql("SELECT period_start, holder, lapses_at, done FROM " + TABLE + " WHERE " + ClaimKey.MATCH)
                .params(key.values())
                .query(ROW)
                .optional();
    }

    private boolean insert(JobClaim claim, ClaimKey key) {
        try {
            store.jdbc()
                    .sql("INSERT INTO " + TABLE + " (" + ClaimKey.COLUMNS + ", period_start, holder, lapses_at, done)"
                            + " VALUES (" + ClaimKey.VALUES + ", ?, ?, ?, FALSE)")
                    .params(key.with(
                            ConnectionTable.utc(claim.periodStart()),
                            claim.holder(),
                            ConnectionTable.utc(claim.lapsesAt())))
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        } catch (DataIntegrityViolationException e) {
            throw new IllegalArgumentException(
                    "cannot claim " + claim.connection() + ": the store holds no such connection", e);
        }
    }

    private boolean replace(JobClaim claim, ClaimKey key, StoredClaim current) {
        List<Object> params = new ArrayList<>(List.of(
                ConnectionTable.utc(claim.periodStart()), claim.holder(), ConnectionTable.utc(claim.lapsesAt())));
        params.addAll(key.with(
                ConnectionTable.utc(current.periodStart()),
                current.holder(),
                ConnectionTable.utc(current.lapsesAt()),
                current.done()));
        return store.jdbc()
                        .sql("UPDATE " + TABLE + " SET period_start = ?, holder = ?, lapses_at = ?, done = FALSE"
                                + " WHERE " + ClaimKey.MATCH
                                + " AND period_start = ? AND holder = ? AND lapses_at = ? AND done = ?")
                        .params(params)
                        .update()
                == 1;
    }

    // ---- helpers

    /**
     * A claim row's key, and the only place its columns are named and bound: registration, the connection's owner
     * digest, the job. The first two are the connection's key in {@link ConnectionTable}.
     */
    private record ClaimKey(String registration, String ownerDigest, String job) {

        // the casts are the columns' widths (V2026_12_05_1 widened owner_digest for named accounts' 87-character
        // names): a narrower cast would cut such a name short and miss its connection row

        static final String COLUMNS = "registration, owner_digest, job";
        static final String VALUES = "CAST(? AS VARCHAR(100)), CAST(? AS VARCHAR(100)), CAST(? AS VARCHAR(100))";
        static final String MATCH = "registration = ? AND owner_digest = ? AND job = ?";

        static ClaimKey of(JobClaim claim, OwnerDigest owners) {
            return new ClaimKey(claim.connection().registration(), owners.of(claim.connection()), claim.job());
        }

        /** The key's values, in the order of {@link #COLUMNS}, {@link #VALUES} and {@link #MATCH}. */
        List<Object> values() {
            return List.of(registration, ownerDigest, job);
        }

        /** The key's values followed by {@code more}. */
        List<Object> with(Object... more) {
            List<Object> all = new ArrayList<>(values());
            all.addAll(Arrays.asList(more));
            return all;
        }

        /** {@code a}'s key columns equal to {@code b}'s. */
        static String join(String a, String b) {
            return a + ".registration = " + b + ".registration AND " + a + ".owner_digest = " + b + ".owner_digest AND "
                    + a + ".job = " + b + ".job";
        }

        /** The connection row {@code connection} of claim row {@code claim}. */
        static String connectionJoin(String connection, String claim) {
            return connection + ".registration = " + claim + ".registration AND " + connection + ".owner_digest = "
                    + claim + ".owner_digest";
        }
    }

    private static boolean distinct(List<JobClaim> claims) {
        Set<Object> seen = new HashSet<>();
        return claims.stream().allMatch(c -> seen.add(List.of(c.job(), c.connection())));
    }

    private static List<List<JobClaim>> chunks(List<JobClaim> claims) {
        List<List<JobClaim>> chunks = new ArrayList<>();
        for (int from = 0; from < claims.size(); from += BATCH) {
            chunks.add(claims.subList(from, Math.min(claims.size(), from + BATCH)));
        }
        return chunks;
    }

    /** The claim with its times as the columns keep them (microseconds), so that what was written compares equal. */
    private static JobClaim truncated(JobClaim claim) {
        return new JobClaim(
                claim.job(),
                claim.connection(),
                micros(claim.periodStart()),
                claim.holder(),
                claim.claimedAt(),
                micros(claim.lapsesAt()));
    }

    private static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}

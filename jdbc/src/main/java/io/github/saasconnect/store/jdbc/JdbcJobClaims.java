package io.github.saasconnect.store.jdbc;

import io.github.saasconnect.store.ClaimOutcome;
import io.github.saasconnect.store.JobClaim;
import io.github.saasconnect.store.JobClaims;
import io.github.saasconnect.store.StoredClaim;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import reactor.core.publisher.Mono;

/**
 * The {@link JobClaims} of a {@link JdbcTokenStore}: table {@code saas_connect_job_claim} (migration {@code
 * V2026_12_04_2}), one row per job and connection keyed by the connection's owner digest, with a foreign key to the
 * connection that deletes its claims with it. A claim reads the row, decides ({@link StoredClaim#decide}) and writes
 * with an {@code UPDATE} that names every column it read (or an {@code INSERT} that the primary key lets only one
 * replica win): the database decides the race, and the connection's row is never written. Claims run on the store's
 * own threads, like its other calls.
 */
final class JdbcJobClaims implements JobClaims {

    static final String TABLE = "saas_connect_job_claim";
    private static final int ATTEMPTS = 3;
    private static final String KEY = " WHERE registration = ? AND owner_digest = ? AND job = ?";
    private static final RowMapper<StoredClaim> ROW = (rs, n) -> new StoredClaim(
            rs.getObject("period_start", OffsetDateTime.class).toInstant(),
            rs.getString("holder"),
            rs.getObject("lapses_at", OffsetDateTime.class).toInstant(),
            rs.getBoolean("done"));

    private final JdbcTokenStore store;
    private final OwnerDigest owners;

    JdbcJobClaims(JdbcTokenStore store, OwnerDigest owners) {
        this.store = store;
        this.owners = owners;
    }

    @Override
    public Mono<ClaimOutcome> claim(JobClaim claim) {
        JobClaim stored = truncated(claim);
        String digest = owners.of(claim.connection());
        return store.call(claim.connection(), () -> {
            for (int attempt = 1; ; attempt++) {
                Optional<StoredClaim> current = find(stored, digest);
                ClaimOutcome outcome = StoredClaim.decide(current.orElse(null), stored);
                if (!outcome.mine()) {
                    return outcome;
                }
                if (current.isEmpty() ? insert(stored, digest) : replace(stored, digest, current.get())) {
                    return outcome;
                }
                if (attempt == ATTEMPTS) {
                    // a third lost race in a row: others are at it, leave the connection to them
                    return ClaimOutcome.HELD_BY_OTHER;
                }
            }
        });
    }

    @Override
    public Mono<Boolean> complete(JobClaim claim) {
        JobClaim stored = truncated(claim);
        String digest = owners.of(claim.connection());
        return store.call(
                claim.connection(),
                () -> store.jdbc()
                                .sql("UPDATE " + TABLE + " SET done = TRUE" + KEY
                                        + " AND period_start = ? AND holder = ? AND done = FALSE")
                                .params(
                                        claim.connection().registration(),
                                        digest,
                                        claim.job(),
                                        ConnectionTable.utc(stored.periodStart()),
                                        claim.holder())
                                .update()
                        == 1);
    }

    private Optional<StoredClaim> find(JobClaim claim, String digest) {
        return store.jdbc()
                .sql("SELECT period_start, holder, lapses_at, done FROM " + TABLE + KEY)
                .params(claim.connection().registration(), digest, claim.job())
                .query(ROW)
                .optional();
    }

    private boolean insert(JobClaim claim, String digest) {
        try {
            store.jdbc()
                    .sql("INSERT INTO " + TABLE + " (registration, owner_digest, job, period_start, holder, lapses_at,"
                            + " done) VALUES (?, ?, ?, ?, ?, ?, FALSE)")
                    .params(
                            claim.connection().registration(),
                            digest,
                            claim.job(),
                            ConnectionTable.utc(claim.periodStart()),
                            claim.holder(),
                            ConnectionTable.utc(claim.lapsesAt()))
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        } catch (DataIntegrityViolationException e) {
            throw new IllegalArgumentException(
                    "cannot claim " + claim.connection() + ": the store holds no such connection", e);
        }
    }

    private boolean replace(JobClaim claim, String digest, StoredClaim current) {
        return store.jdbc()
                        .sql("UPDATE " + TABLE + " SET period_start = ?, holder = ?, lapses_at = ?, done = FALSE" + KEY
                                + " AND period_start = ? AND holder = ? AND lapses_at = ? AND done = ?")
                        .params(
                                ConnectionTable.utc(claim.periodStart()),
                                claim.holder(),
                                ConnectionTable.utc(claim.lapsesAt()),
                                claim.connection().registration(),
                                digest,
                                claim.job(),
                                ConnectionTable.utc(current.periodStart()),
                                current.holder(),
                                ConnectionTable.utc(current.lapsesAt()),
                                current.done())
                        .update()
                == 1;
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

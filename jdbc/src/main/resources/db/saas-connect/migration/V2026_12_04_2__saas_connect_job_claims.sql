-- SaaS Connect JDBC token store (saas-connect-jdbc), schema 2: job claims. PostgreSQL and H2. A Flyway migration and a
-- plain script alike (run it after V2026_12_04_1__saas_connect_store.sql).

-- One row per job and connection: which replica claimed the connection for which period of the job, until when the
-- claim holds unless completed, and whether it was completed. Shared jobs and the keep-alive sweep decide claims by
-- compare-and-set on these columns, never on the connection's row (its version stays untouched). Keyed by the same
-- owner digest as the connection, so no owner id is stored here either; deleting the connection deletes its claims.
CREATE TABLE saas_connect_job_claim (
    registration  VARCHAR(100)             NOT NULL,
    owner_digest  VARCHAR(64)              NOT NULL,
    job           VARCHAR(100)             NOT NULL,
    period_start  TIMESTAMP WITH TIME ZONE NOT NULL,
    holder        VARCHAR(200)             NOT NULL,
    lapses_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    done          BOOLEAN                  NOT NULL,
    CONSTRAINT saas_connect_job_claim_pk PRIMARY KEY (registration, owner_digest, job),
    CONSTRAINT saas_connect_job_claim_connection_fk FOREIGN KEY (registration, owner_digest)
        REFERENCES saas_connect_connection (registration, owner_digest) ON DELETE CASCADE
);

-- SaaS Connect JDBC token store (saas-connect-jdbc), schema 3: named accounts. PostgreSQL and H2. A Flyway migration
-- and a plain script alike (run it after V2026_12_04_2__saas_connect_job_claims.sql).
--
-- An owner may now hold several connections per registration: the default connection (every connection before
-- this version) and named provider accounts. A row's owner_digest is core's ConnectionKey name: unchanged for a
-- default connection (43 characters, the owner digest), the owner digest, '/' and a second digest over the account
-- for a named account (87 characters). Nothing is renamed or rewritten; the columns only widen. Rows of earlier
-- versions therefore stay where they are, and a release before this one, sharing the tables during a rolling
-- upgrade, finds exactly the default connections under the names it computes (it never computes a two-part name).

-- The claim table's foreign key names owner_digest on both sides: dropped while both widen, then restored as it was,
-- so claims of named accounts reference their connection and still go with it.
ALTER TABLE saas_connect_job_claim DROP CONSTRAINT saas_connect_job_claim_connection_fk;

ALTER TABLE saas_connect_connection ALTER COLUMN owner_digest SET DATA TYPE VARCHAR(100);
ALTER TABLE saas_connect_job_claim ALTER COLUMN owner_digest SET DATA TYPE VARCHAR(100);

ALTER TABLE saas_connect_job_claim ADD CONSTRAINT saas_connect_job_claim_connection_fk
    FOREIGN KEY (registration, owner_digest)
    REFERENCES saas_connect_connection (registration, owner_digest) ON DELETE CASCADE;

-- A named account's row also holds its owner's digest here, NULL on a default connection's row (whose owner_digest
-- is that digest already, and which releases before this one insert without this column). Every connection of an
-- owner is then two equality lookups, one on the primary key and one on this index, never a prefix range on
-- owner_digest (whose order, and so whether an index serves a range, depends on the database's collation).
ALTER TABLE saas_connect_connection ADD COLUMN account_owner VARCHAR(64);

CREATE INDEX saas_connect_connection_account_owner ON saas_connect_connection (registration, account_owner);

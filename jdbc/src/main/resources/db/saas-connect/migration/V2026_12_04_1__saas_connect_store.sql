-- SaaS Connect JDBC token store (saas-connect-jdbc), schema 1. PostgreSQL and H2. A Flyway migration (add
-- classpath:db/saas-connect/migration to spring.flyway.locations) and a plain script: run it by hand just as well.

-- One row per connection. The owner is stored only as a keyed digest (HMAC-SHA-256 with the store's owner-digest
-- key), the record itself (owner, tokens, lease, status) only sealed: AES-256-GCM under a per-record data key that
-- the keyring's key key_id wrapped. version is the compare-and-set version: every write names the one it read.
CREATE TABLE saas_connect_connection (
    registration  VARCHAR(100)             NOT NULL,
    owner_digest  VARCHAR(64)              NOT NULL,
    version       BIGINT                   NOT NULL,
    key_id        VARCHAR(64)              NOT NULL,
    sealed        BYTEA                    NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT saas_connect_connection_pk PRIMARY KEY (registration, owner_digest)
);

-- Re-encryption finds the records not yet under the active key through it.
CREATE INDEX saas_connect_connection_key_id ON saas_connect_connection (key_id);

-- Started authorizations of the connect flow, keyed by the digest of the state; taken once by DELETE.
CREATE TABLE saas_connect_pending_authorization (
    state_digest  VARCHAR(64)              NOT NULL,
    key_id        VARCHAR(64)              NOT NULL,
    sealed        BYTEA                    NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT saas_connect_pending_authorization_pk PRIMARY KEY (state_digest)
);

CREATE INDEX saas_connect_pending_authorization_expires_at ON saas_connect_pending_authorization (expires_at);

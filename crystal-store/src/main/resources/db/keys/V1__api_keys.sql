-- API keys of a platform (dev.crystal.store.keys.JdbcApiKeyStore). Only the SHA-256 of a key is kept, never
-- the key. Portable between SQLite and PostgreSQL.
CREATE TABLE api_keys (
    id          TEXT    PRIMARY KEY,        -- k_<random>, shown by `crystal keys list`
    name        TEXT    NOT NULL,           -- who holds it; the identity in audits and approvals
    role        TEXT    NOT NULL,           -- client, operator, admin
    customers   TEXT    NOT NULL,           -- comma-separated customer ids a client key is limited to ('' = any)
    key_hash    TEXT    NOT NULL UNIQUE,    -- hex SHA-256 of the key
    created_at  TEXT    NOT NULL,           -- ISO-8601 instant
    revoked_at  TEXT,                       -- ISO-8601 instant, null while valid
    bootstrap   INTEGER UNIQUE              -- 1 for the admin key made on first start (one per store), else null
);
-- a name stands for one holder: unique among valid keys, ignoring case
CREATE UNIQUE INDEX api_keys_valid_name ON api_keys (lower(name)) WHERE revoked_at IS NULL;

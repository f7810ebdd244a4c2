-- The wire feature flags every process of a deployment shares (dev.crystal.server.flags.JdbcWireFlagStore):
-- one row with the flags in their crystal.yaml layout and a version that grows by one per change, and the audit
-- of every change. Portable between SQLite (embedded: the data directory) and PostgreSQL (cluster: a schema
-- every node shares).
CREATE TABLE wire_flags (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    version     BIGINT  NOT NULL,
    flags       TEXT    NOT NULL,           -- YAML, the wire: flags: layout
    changed_at  TEXT    NOT NULL            -- ISO-8601 instant of the last change
);
CREATE TABLE wire_flag_audit (
    version     BIGINT  NOT NULL,           -- the version the change produced
    seq         INTEGER NOT NULL,           -- order of the changes of one version
    at          TEXT    NOT NULL,           -- ISO-8601 instant
    who         TEXT    NOT NULL,
    flag        TEXT    NOT NULL,           -- CODEC | COMPRESSION | BATCHING | FALLBACK
    scope       TEXT    NOT NULL,           -- global | domain:NAME | route:SOURCE->TARGET
    old_value   TEXT    NOT NULL,           -- YAML flow form, or unset
    new_value   TEXT    NOT NULL,
    PRIMARY KEY (version, seq)
);

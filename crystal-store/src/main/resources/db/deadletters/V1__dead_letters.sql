-- Dead letters of a runtime (dev.crystal.store.deadletter.JdbcDeadLetterLog), kept across restarts until
-- replayed or discarded. Portable between SQLite and PostgreSQL.
CREATE TABLE dead_letters (
    id              TEXT   PRIMARY KEY,         -- dl_<runtime prefix>_<n>, assigned by the runtime
    dead_at_ms      BIGINT NOT NULL,            -- epoch millis, for order and retention
    dead_at         TEXT   NOT NULL,            -- ISO-8601 instant, exact
    reason          TEXT   NOT NULL,
    stack_trace     TEXT   NOT NULL,
    message_id      TEXT   NOT NULL,
    type            TEXT   NOT NULL,
    correlation_id  TEXT   NOT NULL,
    causation_id    TEXT,
    source          TEXT   NOT NULL,
    target          TEXT   NOT NULL,
    sent_at         TEXT   NOT NULL,            -- ISO-8601 instant, the envelope's timestamp
    payload_class   TEXT   NOT NULL,
    payload         TEXT   NOT NULL             -- written by the application's PayloadCodec (contract JSON)
);
CREATE INDEX dead_letters_by_age ON dead_letters(dead_at_ms, id);

-- Exactly-once effects (dev.crystal.store.inbox.InboxWorker): one location (InboxWorker.MIGRATIONS) that every
-- schema an InboxWorker writes to adds to its own. Version 0.1, below any schema's own V1, so it never lands
-- between a schema's versions.
-- Ids of the messages whose effects are committed here: a message whose id is present is dropped.
CREATE TABLE inbox (
    message_id     TEXT   PRIMARY KEY,
    handled_at_ms  BIGINT NOT NULL              -- epoch millis; ids older than the retention are forgotten
);
CREATE INDEX inbox_by_age ON inbox(handled_at_ms);

-- Messages emitted by committed handlers and not yet relayed (or relayed, awaiting deletion).
CREATE TABLE outbox (
    seq             BIGINT PRIMARY KEY,         -- relay order
    message_id      TEXT   NOT NULL UNIQUE,     -- kept on delivery, so receivers' inboxes recognise it
    kind            TEXT   NOT NULL CHECK (kind IN ('SEND', 'PUBLISH')),
    target          TEXT   NOT NULL,            -- receiver's address (SEND) or the emitting worker (PUBLISH)
    type            TEXT   NOT NULL,
    correlation_id  TEXT   NOT NULL,
    causation_id    TEXT,
    source          TEXT   NOT NULL,
    created_at      TEXT   NOT NULL,            -- ISO-8601 instant, the envelope's timestamp
    payload_class   TEXT   NOT NULL,
    payload         TEXT   NOT NULL             -- written by the application's PayloadCodec (contract JSON)
);

-- One dead letter per message and worker (dev.crystal.store.deadletter.JdbcDeadLetterLog): its reason category,
-- the attempts that failed over every delivery, the first failure (dead_at is the last) and, once the message
-- was later handled, when and how it was resolved. Portable between SQLite and PostgreSQL.
ALTER TABLE dead_letters ADD COLUMN reason_code TEXT;
ALTER TABLE dead_letters ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
ALTER TABLE dead_letters ADD COLUMN first_failed_at TEXT;
ALTER TABLE dead_letters ADD COLUMN first_failed_at_ms BIGINT;
ALTER TABLE dead_letters ADD COLUMN resolved_at TEXT;
ALTER TABLE dead_letters ADD COLUMN resolved_by TEXT;
CREATE INDEX dead_letters_by_message ON dead_letters(target, message_id);

-- Job ids never repeat: the table is rebuilt with AUTOINCREMENT, so a removed newest job's id is not given to the
-- next job (plain INTEGER PRIMARY KEY reuses max(seq) + 1 after the newest row is deleted).
-- LIFO jobs sort before FIFO jobs of their priority: lifo_order is 0 for FIFO and -seq for LIFO (newest first).
-- timeout_ms: longest an attempt may run (the engine enforces it), 0 for no limit.
CREATE TABLE jobs_autoincrement (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    queue            TEXT    NOT NULL,
    custom_id        TEXT,
    name             TEXT    NOT NULL,
    data             TEXT    NOT NULL,
    state            TEXT    NOT NULL,
    priority         INTEGER NOT NULL,
    run_at           INTEGER,
    ready_at         INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    processed_at     INTEGER,
    finished_at      INTEGER,
    max_attempts     INTEGER NOT NULL,
    attempts_made    INTEGER NOT NULL DEFAULT 0,
    attempts_started INTEGER NOT NULL DEFAULT 0,
    stalled_count    INTEGER NOT NULL DEFAULT 0,
    backoff          TEXT    NOT NULL,
    keep_completed   INTEGER NOT NULL,
    keep_completed_age INTEGER,
    keep_failed      INTEGER NOT NULL,
    keep_failed_age  INTEGER,
    correlation_id   TEXT,
    parent_seq       INTEGER,
    on_child_failure TEXT    NOT NULL,
    pending_children INTEGER NOT NULL DEFAULT 0,
    lock_token       TEXT,
    lock_until       INTEGER,
    progress         TEXT,
    return_value     TEXT,
    failed_reason    TEXT,
    history          TEXT    NOT NULL,
    lifo_order       INTEGER NOT NULL DEFAULT 0,
    timeout_ms       INTEGER NOT NULL DEFAULT 0
);

INSERT INTO jobs_autoincrement (seq, queue, custom_id, name, data, state, priority, run_at, ready_at, created_at, processed_at, finished_at, max_attempts, attempts_made, attempts_started, stalled_count, backoff, keep_completed, keep_completed_age, keep_failed, keep_failed_age, correlation_id, parent_seq, on_child_failure, pending_children, lock_token, lock_until, progress, return_value, failed_reason, history)
SELECT seq, queue, custom_id, name, data, state, priority, run_at, ready_at, created_at, processed_at, finished_at, max_attempts, attempts_made, attempts_started, stalled_count, backoff, keep_completed, keep_completed_age, keep_failed, keep_failed_age, correlation_id, parent_seq, on_child_failure, pending_children, lock_token, lock_until, progress, return_value, failed_reason, history FROM jobs;
DROP TABLE jobs;
ALTER TABLE jobs_autoincrement RENAME TO jobs;

CREATE UNIQUE INDEX jobs_custom_id ON jobs (queue, custom_id) WHERE custom_id IS NOT NULL;
CREATE INDEX jobs_ready ON jobs (queue, priority, lifo_order, seq) WHERE state IN ('waiting', 'prioritized');
CREATE INDEX jobs_delayed ON jobs (queue, run_at) WHERE state = 'delayed';
CREATE INDEX jobs_active ON jobs (lock_until) WHERE state = 'active';
CREATE INDEX jobs_completed ON jobs (queue, finished_at) WHERE state = 'completed';
CREATE INDEX jobs_failed ON jobs (queue, finished_at) WHERE state = 'failed';
CREATE INDEX jobs_waiting_children ON jobs (queue, seq) WHERE state = 'waiting-children';
CREATE INDEX jobs_parent ON jobs (parent_seq) WHERE parent_seq IS NOT NULL;

CREATE TRIGGER jobs_deleted AFTER DELETE ON jobs
BEGIN
    DELETE FROM job_logs WHERE seq = OLD.seq;
    DELETE FROM child_values WHERE parent_seq = OLD.seq;
END;

-- Operators pause schedules; firing counts the jobs a schedule added (for its limit).
ALTER TABLE schedules ADD COLUMN paused INTEGER NOT NULL DEFAULT 0;
ALTER TABLE schedules ADD COLUMN runs INTEGER NOT NULL DEFAULT 0;
CREATE INDEX schedules_queue ON schedules (queue);

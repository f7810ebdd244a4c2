-- Crystal durable jobs: one row per job; state changes append to history.
CREATE TABLE jobs (
    seq              INTEGER PRIMARY KEY,
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
    history          TEXT    NOT NULL
);

CREATE UNIQUE INDEX jobs_custom_id ON jobs (queue, custom_id) WHERE custom_id IS NOT NULL;
CREATE INDEX jobs_ready ON jobs (queue, priority, seq) WHERE state IN ('waiting', 'prioritized');
CREATE INDEX jobs_delayed ON jobs (queue, run_at) WHERE state = 'delayed';
CREATE INDEX jobs_active ON jobs (lock_until) WHERE state = 'active';
CREATE INDEX jobs_completed ON jobs (queue, finished_at) WHERE state = 'completed';
CREATE INDEX jobs_failed ON jobs (queue, finished_at) WHERE state = 'failed';
CREATE INDEX jobs_waiting_children ON jobs (queue, seq) WHERE state = 'waiting-children';
CREATE INDEX jobs_parent ON jobs (parent_seq) WHERE parent_seq IS NOT NULL;

CREATE TABLE job_logs (
    seq  INTEGER NOT NULL,
    at   INTEGER NOT NULL,
    line TEXT    NOT NULL
);
CREATE INDEX job_logs_seq ON job_logs (seq);

CREATE TABLE child_values (
    parent_seq  INTEGER NOT NULL,
    child_queue TEXT    NOT NULL,
    child_id    TEXT    NOT NULL,
    value       TEXT,
    PRIMARY KEY (parent_seq, child_queue, child_id)
) WITHOUT ROWID;

CREATE TRIGGER jobs_deleted AFTER DELETE ON jobs
BEGIN
    DELETE FROM job_logs WHERE seq = OLD.seq;
    DELETE FROM child_values WHERE parent_seq = OLD.seq;
END;

CREATE TABLE queues (
    name   TEXT PRIMARY KEY,
    paused INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE schedules (
    id        TEXT PRIMARY KEY,
    queue     TEXT    NOT NULL,
    job_name  TEXT    NOT NULL,
    timing    TEXT    NOT NULL,
    template  TEXT    NOT NULL,
    catch_up  TEXT    NOT NULL,
    next_slot INTEGER NOT NULL,
    last_slot INTEGER
) WITHOUT ROWID;
CREATE INDEX schedules_next_slot ON schedules (next_slot);

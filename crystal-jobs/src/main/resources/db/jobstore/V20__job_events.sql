-- Queue events (BullMQ's QueueEvents): triggers write one row per event in the same transaction as the
-- state change, so every process reading the file sees them in commit order. Readers poll by id.
CREATE TABLE job_events (
    id     INTEGER PRIMARY KEY,
    queue  TEXT    NOT NULL,
    job_id TEXT    NOT NULL,
    kind   TEXT    NOT NULL,
    at     INTEGER NOT NULL,
    data   TEXT
);
CREATE INDEX job_events_queue ON job_events (queue, id);

-- max_len: events kept per queue (about: trimmed every few inserts); 0 turns events off.
CREATE TABLE job_events_settings (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    max_len INTEGER NOT NULL
);
INSERT INTO job_events_settings (id, max_len) VALUES (1, 10000);

CREATE TRIGGER job_events_added AFTER INSERT ON jobs
WHEN (SELECT max_len FROM job_events_settings) > 0
BEGIN
    INSERT INTO job_events (queue, job_id, kind, at, data) VALUES
        (NEW.queue, COALESCE(NEW.custom_id, CAST(NEW.seq AS TEXT)), 'added',
         CAST(unixepoch('subsec') * 1000 AS INTEGER), json_object('name', NEW.name)),
        (NEW.queue, COALESCE(NEW.custom_id, CAST(NEW.seq AS TEXT)),
         CASE NEW.state WHEN 'delayed' THEN 'delayed' WHEN 'waiting-children' THEN 'waiting-children' ELSE 'waiting' END,
         CAST(unixepoch('subsec') * 1000 AS INTEGER),
         CASE NEW.state WHEN 'delayed' THEN json_object('delay', CAST(NEW.run_at AS TEXT)) ELSE NULL END);
END;

CREATE TRIGGER job_events_state AFTER UPDATE OF state ON jobs
WHEN OLD.state IS NOT NEW.state AND (SELECT max_len FROM job_events_settings) > 0
BEGIN
    -- a lock that expired: stalled first, then where the job went
    INSERT INTO job_events (queue, job_id, kind, at, data)
    SELECT NEW.queue, COALESCE(NEW.custom_id, CAST(NEW.seq AS TEXT)), 'stalled',
           CAST(unixepoch('subsec') * 1000 AS INTEGER), NULL
    WHERE OLD.state = 'active' AND NEW.stalled_count > OLD.stalled_count;
    -- a failed attempt (final, or with a retry to follow) and a flow parent failed by a child
    INSERT INTO job_events (queue, job_id, kind, at, data)
    SELECT NEW.queue, COALESCE(NEW.custom_id, CAST(NEW.seq AS TEXT)), 'failed',
           CAST(unixepoch('subsec') * 1000 AS INTEGER),
           json_object('failedReason', substr(COALESCE(NEW.failed_reason, ''), 1, 1000),
                       'attemptsMade', CAST(NEW.attempts_made AS TEXT),
                       'retrying', CASE WHEN NEW.state = 'failed' THEN 'false' ELSE 'true' END)
    WHERE NEW.state = 'failed'
       OR (OLD.state = 'active' AND NEW.state <> 'completed' AND NEW.attempts_made > OLD.attempts_made);
    INSERT INTO job_events (queue, job_id, kind, at, data)
    SELECT NEW.queue, COALESCE(NEW.custom_id, CAST(NEW.seq AS TEXT)), 'retrying',
           CAST(unixepoch('subsec') * 1000 AS INTEGER),
           json_object('attemptsMade', CAST(NEW.attempts_made AS TEXT))
    WHERE OLD.state = 'active' AND NEW.state NOT IN ('failed', 'completed')
      AND NEW.attempts_made > OLD.attempts_made;
    -- the state the job is in now
    INSERT INTO job_events (queue, job_id, kind, at, data)
    SELECT NEW.queue, COALESCE(NEW.custom_id, CAST(NEW.seq AS TEXT)),
           CASE NEW.state WHEN 'prioritized' THEN 'waiting' ELSE NEW.state END,
           CAST(unixepoch('subsec') * 1000 AS INTEGER),
           CASE NEW.state
               WHEN 'completed' THEN json_object('returnvalue', substr(COALESCE(NEW.return_value, ''), 1, 1000))
               WHEN 'delayed' THEN json_object('delay', CAST(NEW.run_at AS TEXT), 'prev', OLD.state)
               ELSE json_object('prev', OLD.state) END
    WHERE NEW.state <> 'failed';
END;

CREATE TRIGGER job_events_progress AFTER UPDATE OF progress ON jobs
WHEN NEW.progress IS NOT NULL AND (SELECT max_len FROM job_events_settings) > 0
BEGIN
    INSERT INTO job_events (queue, job_id, kind, at, data) VALUES
        (NEW.queue, COALESCE(NEW.custom_id, CAST(NEW.seq AS TEXT)), 'progress',
         CAST(unixepoch('subsec') * 1000 AS INTEGER), json_object('progress', substr(NEW.progress, 1, 1000)));
END;

CREATE TRIGGER job_events_removed AFTER DELETE ON jobs
WHEN (SELECT max_len FROM job_events_settings) > 0
BEGIN
    INSERT INTO job_events (queue, job_id, kind, at, data) VALUES
        (OLD.queue, COALESCE(OLD.custom_id, CAST(OLD.seq AS TEXT)), 'removed',
         CAST(unixepoch('subsec') * 1000 AS INTEGER), json_object('prev', OLD.state));
END;

-- Keeps the newest max_len events of the queue: on every insert while max_len is small, else on about one
-- insert in 64 (so a queue holds at most about max_len + 64 events between trims).
CREATE TRIGGER job_events_trim AFTER INSERT ON job_events
WHEN abs(random() % max(1, min(64, (SELECT max_len FROM job_events_settings) / 16))) = 0
BEGIN
    DELETE FROM job_events WHERE queue = NEW.queue AND id < (
        SELECT id FROM job_events WHERE queue = NEW.queue ORDER BY id DESC
        LIMIT 1 OFFSET (SELECT max_len - 1 FROM job_events_settings));
END;

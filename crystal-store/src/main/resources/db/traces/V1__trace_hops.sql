-- The trace log (dev.crystal.store.trace.TraceLog): one row per hop of a traced operation — a message handled by a
-- worker, an HTTP request, a job attempt. Bounded by age and by rows. Portable between SQLite and PostgreSQL.
CREATE TABLE trace_hops (
    correlation_id  TEXT   NOT NULL,
    message_id      TEXT   NOT NULL,
    causation_id    TEXT,
    kind            TEXT   NOT NULL,            -- message | http | job
    type            TEXT   NOT NULL,            -- message type, HTTP method and route, job queue
    source          TEXT   NOT NULL,
    target          TEXT   NOT NULL,
    node            TEXT   NOT NULL,            -- the node (runtime) that handled it
    enqueued_us     BIGINT NOT NULL,            -- epoch microseconds: sent / received / ready
    started_us      BIGINT NOT NULL,
    finished_us     BIGINT NOT NULL,
    commit_wait_us  BIGINT NOT NULL,            -- from the handler's end to its batch's commit
    outcome         TEXT   NOT NULL,
    detail          TEXT,
    subject         TEXT,                       -- the business id it is about (settlement, bonus, adjustment, job…)
    customer        TEXT
);
CREATE INDEX trace_hops_by_correlation ON trace_hops(correlation_id);
CREATE INDEX trace_hops_by_subject ON trace_hops(subject);
CREATE INDEX trace_hops_by_customer ON trace_hops(customer);
CREATE INDEX trace_hops_by_message ON trace_hops(message_id);
CREATE INDEX trace_hops_by_time ON trace_hops(finished_us);

-- Events a workflow step waits for, as seen on the bus. One row per message id, so a message
-- delivered twice is recorded once; progress is derived from these rows at query time.
CREATE TABLE observations (
    message_id      TEXT PRIMARY KEY,
    correlation_id  TEXT NOT NULL,
    message_type    TEXT NOT NULL,
    domain          TEXT NOT NULL,
    observed_at     TEXT NOT NULL
);
CREATE INDEX observations_by_correlation ON observations(correlation_id);

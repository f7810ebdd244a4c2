-- ops.db: the sample history behind the reports, alert events and silences (crystal-server ops.OpsStore)
CREATE TABLE ops_samples (
    resolution       TEXT    NOT NULL CHECK (resolution IN ('minute', 'hour')),
    bucket           INTEGER NOT NULL, -- epoch second the minute or hour starts
    kind             TEXT    NOT NULL, -- platform, worker, http, queue
    subject          TEXT    NOT NULL,
    covered_ms       INTEGER NOT NULL DEFAULT 0,
    handled          INTEGER NOT NULL DEFAULT 0,
    failed           INTEGER NOT NULL DEFAULT 0,
    rejected         INTEGER NOT NULL DEFAULT 0,
    dead_lettered    INTEGER NOT NULL DEFAULT 0,
    restarts         INTEGER NOT NULL DEFAULT 0,
    peak             INTEGER NOT NULL DEFAULT 0, -- mailbox depth or queue backlog, highest
    last             INTEGER NOT NULL DEFAULT 0, -- ... at the end of the bucket
    latency_bounds   TEXT,                       -- bucket upper bounds (ms), comma separated
    latency          TEXT,                       -- cumulative counts per bound, comma separated
    latency_count    INTEGER NOT NULL DEFAULT 0,
    latency_total_ms REAL    NOT NULL DEFAULT 0,
    PRIMARY KEY (resolution, bucket, kind, subject)
);

CREATE TABLE ops_alert_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL, -- epoch millis
    event       TEXT    NOT NULL CHECK (event IN ('fired', 'resolved')),
    kind        TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    severity    TEXT    NOT NULL,
    message     TEXT    NOT NULL,
    silenced_by TEXT
);
CREATE INDEX ops_alert_events_at ON ops_alert_events (at);

CREATE TABLE ops_silences (
    id         TEXT PRIMARY KEY,
    kind       TEXT,
    subject    TEXT,
    starts_at  INTEGER NOT NULL, -- epoch millis
    ends_at    INTEGER NOT NULL,
    created_by TEXT    NOT NULL,
    comment    TEXT    NOT NULL
);

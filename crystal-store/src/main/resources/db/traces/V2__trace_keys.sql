-- Business keys of the trace log in one row per (key, operation) instead of an index entry per hop: a settlement's
-- ~13 hops share its subject and customer, so two b-tree entries replace 26 (issue #15, "Where the CPU goes" in
-- docs/benchmarks.md). key is a hop's subject or customer; first_us/last_us are the earliest start and latest finish
-- of the operation's hops that carry it (search order; retention deletes a key with the last of its hops).
-- Portable between SQLite and PostgreSQL.
CREATE TABLE trace_keys (
    key             TEXT   NOT NULL,
    correlation_id  TEXT   NOT NULL,
    first_us        BIGINT NOT NULL,
    last_us         BIGINT NOT NULL,
    PRIMARY KEY (key, correlation_id)
);
CREATE INDEX trace_keys_by_last ON trace_keys(last_us);
INSERT INTO trace_keys (key, correlation_id, first_us, last_us)
SELECT k, correlation_id, MIN(started_us), MAX(finished_us) FROM (
    SELECT subject AS k, correlation_id, started_us, finished_us FROM trace_hops WHERE subject IS NOT NULL
    UNION ALL
    SELECT customer AS k, correlation_id, started_us, finished_us FROM trace_hops WHERE customer IS NOT NULL
) hops_keys GROUP BY k, correlation_id;
DROP INDEX trace_hops_by_subject;
DROP INDEX trace_hops_by_customer;

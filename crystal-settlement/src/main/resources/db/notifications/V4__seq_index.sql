-- A new notice takes MAX(seq) + 1: without an index on seq that read scanned the whole table on every insert
-- (18 % of the platform's CPU after a minute of load, growing with the table).
CREATE INDEX notices_by_seq ON notices(seq);

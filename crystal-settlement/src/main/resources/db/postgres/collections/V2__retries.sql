-- The seed's retry path: a failed collection is tried again at next_retry_at, retry_count times so far.
ALTER TABLE settlements ADD COLUMN retry_count BIGINT  NOT NULL DEFAULT 0;
ALTER TABLE settlements ADD COLUMN next_retry_at TEXT;
CREATE INDEX settlements_retry ON settlements(next_retry_at) WHERE next_retry_at IS NOT NULL;

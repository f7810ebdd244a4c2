-- LIFO jobs sort before FIFO jobs of their priority: lifo_order is 0 for FIFO and -seq for LIFO (newest first).
ALTER TABLE jobs ADD COLUMN lifo_order INTEGER NOT NULL DEFAULT 0;
-- Longest an attempt may run (the engine enforces it), 0 for no limit.
ALTER TABLE jobs ADD COLUMN timeout_ms INTEGER NOT NULL DEFAULT 0;
DROP INDEX jobs_ready;
CREATE INDEX jobs_ready ON jobs (queue, priority, lifo_order, seq) WHERE state IN ('waiting', 'prioritized');

-- Operators pause schedules; firing counts the jobs a schedule added (for its limit).
ALTER TABLE schedules ADD COLUMN paused INTEGER NOT NULL DEFAULT 0;
ALTER TABLE schedules ADD COLUMN runs INTEGER NOT NULL DEFAULT 0;
CREATE INDEX schedules_queue ON schedules (queue);

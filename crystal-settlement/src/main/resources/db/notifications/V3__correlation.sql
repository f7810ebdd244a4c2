-- The correlation id of the operation a notice belongs to, so a later retry logs and announces it under that id.
ALTER TABLE notices ADD COLUMN correlation_id TEXT;

-- Notices go to customers, partners (affiliates) and security; delivery attempts are counted.
ALTER TABLE notices ADD COLUMN audience TEXT NOT NULL DEFAULT 'customer';
ALTER TABLE notices ADD COLUMN attempts BIGINT  NOT NULL DEFAULT 0;
ALTER TABLE notices ADD COLUMN last_error TEXT;

-- PostgreSQL only, after the shared V1__distributions.sql: INTEGER is 32-bit here, money needs 64 bits as in SQLite.
ALTER TABLE affiliates ALTER COLUMN bonus_threshold_minor TYPE BIGINT;
ALTER TABLE revenue ALTER COLUMN amount_minor TYPE BIGINT;
ALTER TABLE statements ALTER COLUMN base_revenue_minor TYPE BIGINT,
    ALTER COLUMN calculated_minor TYPE BIGINT,
    ALTER COLUMN performance_bonus_minor TYPE BIGINT,
    ALTER COLUMN total_minor TYPE BIGINT;

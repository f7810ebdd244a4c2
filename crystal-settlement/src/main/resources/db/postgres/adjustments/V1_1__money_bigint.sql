-- PostgreSQL only, after the shared V1__adjustments.sql: INTEGER is 32-bit here, money needs 64 bits as in SQLite.
ALTER TABLE adjustments ALTER COLUMN amount_minor TYPE BIGINT,
    ALTER COLUMN balance_minor TYPE BIGINT;

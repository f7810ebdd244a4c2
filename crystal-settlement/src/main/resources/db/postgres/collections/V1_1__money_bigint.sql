-- PostgreSQL only, after the shared V1__settlements.sql: INTEGER is 32-bit here, money needs 64 bits as in SQLite.
ALTER TABLE settlements ALTER COLUMN amount_minor TYPE BIGINT,
    ALTER COLUMN stake_minor TYPE BIGINT,
    ALTER COLUMN payout_minor TYPE BIGINT,
    ALTER COLUMN balance_after_minor TYPE BIGINT,
    ALTER COLUMN error_balance_minor TYPE BIGINT,
    ALTER COLUMN error_required_minor TYPE BIGINT,
    ALTER COLUMN error_shortfall_minor TYPE BIGINT;

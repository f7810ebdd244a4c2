-- PostgreSQL only, after the shared V1__bonuses.sql: INTEGER is 32-bit here, money needs 64 bits as in SQLite.
ALTER TABLE bonuses ALTER COLUMN amount_minor TYPE BIGINT,
    ALTER COLUMN wagered_minor TYPE BIGINT,
    ALTER COLUMN redeemed_minor TYPE BIGINT,
    ALTER COLUMN forfeited_minor TYPE BIGINT;
ALTER TABLE wagers ALTER COLUMN stake_minor TYPE BIGINT;
ALTER TABLE redemptions ALTER COLUMN amount_minor TYPE BIGINT,
    ALTER COLUMN remaining_after_minor TYPE BIGINT;

-- PostgreSQL only, after the shared V2__holds.sql: INTEGER is 32-bit here, money needs 64 bits as in SQLite.
ALTER TABLE holds ALTER COLUMN amount_minor TYPE BIGINT;

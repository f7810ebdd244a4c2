-- PostgreSQL only, after the shared V1__ledger.sql: INTEGER is 32-bit here, money needs 64 bits as in SQLite.
ALTER TABLE accounts ALTER COLUMN balance_minor TYPE BIGINT;
ALTER TABLE entries ALTER COLUMN amount_minor TYPE BIGINT,
    ALTER COLUMN balance_after_minor TYPE BIGINT;
-- SQLite's implicit rowid is the cursor of an account's lines; PostgreSQL gets an identity column of that name.
ALTER TABLE entries ADD COLUMN rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE;
CREATE INDEX entries_lines ON entries(account_id, rowid);

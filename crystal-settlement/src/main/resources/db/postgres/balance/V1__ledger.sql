-- Double-entry ledger (PostgreSQL). Amounts are integer minor units (cents).
CREATE TABLE accounts (
    account_id     TEXT    PRIMARY KEY,          -- e.g. customer:CUST_001, house:house
    kind           TEXT    NOT NULL,
    owner          TEXT    NOT NULL,
    balance_minor  BIGINT  NOT NULL DEFAULT 0,   -- equals the sum of the account's entries
    created_at     TEXT    NOT NULL
);

CREATE TABLE postings (
    posting_id  TEXT PRIMARY KEY,                -- never posted twice
    reference   TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE entries (
    rowid                BIGINT  GENERATED ALWAYS AS IDENTITY UNIQUE, -- SQLite's implicit rowid: the lines cursor
    posting_id           TEXT    NOT NULL REFERENCES postings(posting_id),
    seq                  BIGINT  NOT NULL,
    account_id           TEXT    NOT NULL REFERENCES accounts(account_id),
    amount_minor         BIGINT  NOT NULL CHECK (amount_minor <> 0),
    balance_after_minor  BIGINT  NOT NULL,       -- running balance of the account
    PRIMARY KEY (posting_id, seq)
);

CREATE INDEX entries_by_account ON entries(account_id, posting_id);
CREATE INDEX entries_lines ON entries(account_id, rowid);

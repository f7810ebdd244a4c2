-- Double-entry ledger. Amounts are integer minor units (cents).
CREATE TABLE accounts (
    account_id     TEXT    PRIMARY KEY,          -- e.g. customer:CUST_001, house:house
    kind           TEXT    NOT NULL,
    owner          TEXT    NOT NULL,
    balance_minor  INTEGER NOT NULL DEFAULT 0,   -- equals the sum of the account's entries
    created_at     TEXT    NOT NULL
);

CREATE TABLE postings (
    posting_id  TEXT PRIMARY KEY,                -- never posted twice
    reference   TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE entries (
    posting_id           TEXT    NOT NULL REFERENCES postings(posting_id),
    seq                  INTEGER NOT NULL,
    account_id           TEXT    NOT NULL REFERENCES accounts(account_id),
    amount_minor         INTEGER NOT NULL CHECK (amount_minor <> 0),
    balance_after_minor  INTEGER NOT NULL,       -- running balance of the account
    PRIMARY KEY (posting_id, seq)
);

CREATE INDEX entries_by_account ON entries(account_id, posting_id);

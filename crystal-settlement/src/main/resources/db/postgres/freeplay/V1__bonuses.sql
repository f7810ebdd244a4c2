-- Free-play bonuses, the wagers counted towards them, and their redemptions.
CREATE TABLE bonuses (
    transaction_id        TEXT    PRIMARY KEY,
    customer_id           TEXT    NOT NULL,
    bonus_type            TEXT    NOT NULL,
    amount_minor          BIGINT  NOT NULL CHECK (amount_minor > 0),
    wagering_requirement  BIGINT  NOT NULL CHECK (wagering_requirement >= 0),
    expires_at            TEXT    NOT NULL,
    reference             TEXT,
    status                TEXT    NOT NULL CHECK (status IN ('ISSUING', 'ACTIVE', 'REDEEMED', 'EXPIRING', 'EXPIRED')),
    wagered_minor         BIGINT  NOT NULL DEFAULT 0,
    redeemed_minor        BIGINT  NOT NULL DEFAULT 0,
    forfeited_minor       BIGINT  NOT NULL DEFAULT 0,
    issued_at             TEXT    NOT NULL,
    closed_at             TEXT
);
CREATE INDEX bonuses_by_customer ON bonuses(customer_id, status);
CREATE INDEX bonuses_by_expiry ON bonuses(expires_at) WHERE status = 'ACTIVE';

CREATE TABLE wagers (
    settlement_id   TEXT    NOT NULL,
    transaction_id  TEXT    NOT NULL,
    stake_minor     BIGINT  NOT NULL,
    PRIMARY KEY (settlement_id, transaction_id)   -- a settlement counts once per bonus
);

CREATE TABLE redemptions (
    redemption_id   TEXT    PRIMARY KEY,
    transaction_id  TEXT    NOT NULL,
    amount_minor    BIGINT  NOT NULL CHECK (amount_minor > 0),
    status          TEXT    NOT NULL CHECK (status IN ('POSTING', 'POSTED')),
    requested_at    TEXT    NOT NULL,
    remaining_after_minor BIGINT 
);
CREATE INDEX redemptions_posting ON redemptions(status) WHERE status = 'POSTING';

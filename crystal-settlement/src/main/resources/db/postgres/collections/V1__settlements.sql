-- Settlements as submitted and their outcome. Amounts are integer minor units (cents).
CREATE TABLE settlements (
    settlement_id        TEXT    PRIMARY KEY,
    customer_id          TEXT    NOT NULL,
    type                 TEXT    NOT NULL CHECK (type IN ('payout', 'collection')),
    amount_minor         BIGINT  NOT NULL CHECK (amount_minor > 0),
    event                TEXT,
    bet_type             TEXT,
    stake_minor          BIGINT ,
    payout_minor         BIGINT ,
    payment_method       TEXT,
    metadata_json        TEXT,
    fingerprint          TEXT    NOT NULL,
    status               TEXT    NOT NULL CHECK (status IN ('PENDING', 'COMPLETED', 'FAILED')),
    correlation_id       TEXT    NOT NULL,
    balance_after_minor  BIGINT ,
    confirmation_number  TEXT,
    error                TEXT,
    error_balance_minor  BIGINT ,
    error_required_minor BIGINT ,
    error_shortfall_minor BIGINT ,
    created_at           TEXT    NOT NULL,
    updated_at           TEXT    NOT NULL
);

CREATE INDEX settlements_pending ON settlements(status, created_at) WHERE status = 'PENDING';
CREATE INDEX settlements_by_customer ON settlements(customer_id, created_at);

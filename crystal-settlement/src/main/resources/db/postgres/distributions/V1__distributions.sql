-- Affiliates, which customers they brought, the revenue of those customers, and commission statements.
CREATE TABLE affiliates (
    affiliate_id           TEXT PRIMARY KEY,
    commission_rate        TEXT NOT NULL,        -- percent, exact decimal text
    bonus_threshold_minor  BIGINT ,
    bonus_rate             TEXT,
    payment_method         TEXT NOT NULL,
    created_at             TEXT NOT NULL
);

CREATE TABLE affiliate_customers (
    customer_id   TEXT PRIMARY KEY,              -- a customer belongs to one affiliate
    affiliate_id  TEXT NOT NULL REFERENCES affiliates(affiliate_id),
    linked_at     TEXT NOT NULL
);

CREATE TABLE revenue (
    settlement_id  TEXT PRIMARY KEY,             -- each settlement counts once
    affiliate_id   TEXT NOT NULL,
    period         TEXT NOT NULL,
    amount_minor   BIGINT  NOT NULL              -- house revenue: + collections, - payouts
);
CREATE INDEX revenue_by_period ON revenue(affiliate_id, period);

CREATE TABLE statements (
    affiliate_id            TEXT NOT NULL,
    period                  TEXT NOT NULL,
    base_revenue_minor      BIGINT  NOT NULL,
    commission_rate         TEXT NOT NULL,
    calculated_minor        BIGINT  NOT NULL,
    performance_bonus_minor BIGINT  NOT NULL,
    total_minor             BIGINT  NOT NULL,
    scheduled_date          TEXT NOT NULL,
    payment_method          TEXT NOT NULL,
    priority                TEXT NOT NULL,
    status                  TEXT NOT NULL CHECK (status IN ('CALCULATED', 'PAYING', 'PAID')),
    distribution_id         TEXT,
    transaction_id          TEXT,
    confirmation            TEXT,
    paid_at                 TEXT,
    PRIMARY KEY (affiliate_id, period)
);

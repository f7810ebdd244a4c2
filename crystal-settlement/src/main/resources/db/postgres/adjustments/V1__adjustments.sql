-- Manual corrections with their requester and (above the limit) a second approver.
CREATE TABLE adjustments (
    adjustment_id  TEXT    PRIMARY KEY,
    customer_id    TEXT    NOT NULL,
    direction      TEXT    NOT NULL CHECK (direction IN ('CREDIT', 'DEBIT')),
    amount_minor   BIGINT  NOT NULL CHECK (amount_minor > 0),
    reason         TEXT    NOT NULL,
    requested_by   TEXT    NOT NULL,
    approved_by    TEXT,
    rejected_by    TEXT,
    status         TEXT    NOT NULL CHECK (status IN ('PENDING_APPROVAL', 'POSTING', 'APPLIED', 'REJECTED', 'FAILED')),
    error          TEXT,
    balance_minor  BIGINT ,
    requested_at   TEXT    NOT NULL,
    decided_at     TEXT,
    CHECK (approved_by IS NULL OR lower(approved_by) <> lower(requested_by))
);
CREATE INDEX adjustments_posting ON adjustments(status) WHERE status = 'POSTING';

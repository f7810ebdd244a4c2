-- Reservations on customer cash. Only ACTIVE holds reduce what can be collected.
CREATE TABLE holds (
    hold_id       TEXT    PRIMARY KEY,
    customer_id   TEXT    NOT NULL,
    amount_minor  BIGINT  NOT NULL CHECK (amount_minor > 0),
    reason        TEXT,
    status        TEXT    NOT NULL CHECK (status IN ('ACTIVE', 'RELEASED', 'CAPTURED')),
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
);
CREATE INDEX holds_active ON holds(customer_id) WHERE status = 'ACTIVE';

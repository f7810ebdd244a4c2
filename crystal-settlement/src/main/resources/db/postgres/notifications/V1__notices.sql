CREATE TABLE notices (
    notice_id    TEXT PRIMARY KEY,               -- kind:reference, so an event seen twice makes one notice
    customer_id  TEXT NOT NULL,
    kind         TEXT NOT NULL,
    reference    TEXT NOT NULL,
    channel      TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'delivered')),
    text         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    seq          BIGINT  NOT NULL
);
CREATE INDEX notices_by_customer ON notices(customer_id, seq);
CREATE INDEX notices_pending ON notices(status) WHERE status = 'pending';

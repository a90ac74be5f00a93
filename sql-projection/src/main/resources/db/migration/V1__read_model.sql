-- The read model of account-events. Money is numeric(18,2), as the events' Avro decimal(18,2); instants are UTC.

-- Each account after its latest applied event (the version guard reads it). Rewritten by most events: the free
-- space of a fill factor below 100 lets PostgreSQL update a row in its page without touching the index (HOT).
CREATE TABLE accounts (
    id          text           PRIMARY KEY,
    holder      text           NOT NULL,
    status      text           NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
    balance     numeric(18, 2) NOT NULL,
    version     bigint         NOT NULL,
    opened_at   timestamptz    NOT NULL,
    updated_at  timestamptz    NOT NULL,
    closed_at   timestamptz
) WITH (fillfactor = 70);

-- One row per applied event, with the balance after it: the audit trail.
CREATE TABLE ledger (
    account_id    text           NOT NULL,
    version       bigint         NOT NULL,
    event_id      text           NOT NULL,
    type          text           NOT NULL,
    amount        numeric(18, 2),
    balance_after numeric(18, 2) NOT NULL,
    description   text,
    occurred_at   timestamptz    NOT NULL,
    causation_id  text,
    "partition"   integer        NOT NULL,
    "offset"      bigint         NOT NULL,
    PRIMARY KEY (account_id, version)
);

-- Per account and UTC month with events, as projection-service's monthly snapshots: the opening balance is the
-- closing balance of the account's previous month with events (0 in the month it opened); the opening deposit counts
-- as a deposit. Months without events have no row: they carry the previous closing balance.
CREATE TABLE monthly_statements (
    account_id   text           NOT NULL,
    month        date           NOT NULL CHECK (extract(day FROM month) = 1),
    opening      numeric(18, 2) NOT NULL,
    deposits     numeric(18, 2) NOT NULL,
    withdrawals  numeric(18, 2) NOT NULL,
    interest     numeric(18, 2) NOT NULL,
    closing      numeric(18, 2) NOT NULL,
    event_count  bigint         NOT NULL,
    last_version bigint         NOT NULL,
    PRIMARY KEY (account_id, month)
) WITH (fillfactor = 70);

-- Per partition of the events topic, the offset of the next record to read: written in the same transaction as the
-- rows above, so that the tables hold exactly the events before these offsets.
CREATE TABLE kafka_offsets (
    topic       text    NOT NULL,
    "partition" integer NOT NULL,
    next_offset bigint  NOT NULL CHECK (next_offset >= 0),
    PRIMARY KEY (topic, "partition")
);

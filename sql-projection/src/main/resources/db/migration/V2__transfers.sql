-- Transfers between accounts. A ledger row of a transfer event names the transfer and the other account (the target
-- of a debit or a refund, the source of a credit); a refund's reason is its description. Monthly statements total
-- transfers as projection-service's monthly snapshots do: credits and refunds in, debits out. Rows written before
-- this migration moved no transfer money, hence the defaults.
ALTER TABLE ledger
    ADD COLUMN transfer_id  text,
    ADD COLUMN counterparty text;

ALTER TABLE monthly_statements
    ADD COLUMN transfers_in  numeric(18, 2) NOT NULL DEFAULT 0,
    ADD COLUMN transfers_out numeric(18, 2) NOT NULL DEFAULT 0;

-- Tax the marketplace collects and remits (a pass-through, not the seller's liability), and orders the
-- marketplace fulfils from its own stock.
ALTER TABLE sandbox.sales_order ADD COLUMN marketplace_collects_tax boolean NOT NULL DEFAULT false;
ALTER TABLE sandbox.sales_order ADD COLUMN fulfilled_by_marketplace boolean NOT NULL DEFAULT false;

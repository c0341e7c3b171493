-- A marketplace's name for an item (seller SKU, ASIN, listing or item id) mapped to the ERP's SKU, per channel.
CREATE TABLE sku_aliases (
    id               uuid        PRIMARY KEY,
    channel          text        NOT NULL,
    marketplace_sku  text        NOT NULL,
    sku              text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    created_by       text        NOT NULL,
    UNIQUE (channel, marketplace_sku)
);

-- Every change to the alias table: who added or removed which mapping, and when.
CREATE TABLE sku_alias_audit (
    id               bigserial   PRIMARY KEY,
    alias_id         uuid        NOT NULL,
    action           text        NOT NULL,
    channel          text        NOT NULL,
    marketplace_sku  text        NOT NULL,
    sku              text        NOT NULL,
    actor            text        NOT NULL,
    at               timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sku_alias_audit_alias ON sku_alias_audit (alias_id);

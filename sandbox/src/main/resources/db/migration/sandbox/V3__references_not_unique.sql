-- A real ERP does not make a document's external reference unique: Odoo 17 accepts two sales orders with
-- the same client_order_ref. The sandbox ERP behaves alike by default (sandbox.erp.references=duplicates),
-- so a second post of a reference creates a second document and every exactly-once test can fail. In
-- the opt-in 'unique' mode the ERP serialises posts of one reference with an advisory lock instead.
alter table sandbox.sales_order drop constraint sales_order_external_reference_key;
create index sales_order_external_reference on sandbox.sales_order (external_reference);

alter table sandbox.credit_memo drop constraint credit_memo_external_reference_key;
create index credit_memo_external_reference on sandbox.credit_memo (external_reference);

alter table sandbox.journal_entry drop constraint journal_entry_reference_key;
create index journal_entry_reference on sandbox.journal_entry (reference text_pattern_ops);

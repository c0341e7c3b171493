package io.retailsync.erp;

/** On-hand quantity of a SKU at one location, as the ERP values it. */
public record StockLevel(String sku, String location, int onHand) {}

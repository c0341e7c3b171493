package io.retailsync.erp;

/** An item of the ERP's item master. */
public record ErpItem(String sku, String description, boolean active) {}

package io.retailsync.erp;

/** A document as the ERP holds it, found by its external reference. */
public record ErpDocument(String documentNumber, String externalReference, String status) {}

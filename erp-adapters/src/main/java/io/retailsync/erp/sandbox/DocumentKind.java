package io.retailsync.erp.sandbox;

/** The kinds of document the adapter posts, with where the sandbox ERP keeps each. */
enum DocumentKind {
  SALES_ORDER("sales order", "/sales-orders", "externalReference"),
  CREDIT_MEMO("credit memo", "/credit-memos", "reference"),
  JOURNAL_ENTRY("journal entry", "/journal-entries", "reference");

  final String label;
  final String path;
  final String lookupParameter;

  DocumentKind(String label, String path, String lookupParameter) {
    this.label = label;
    this.path = path;
    this.lookupParameter = lookupParameter;
  }

  String batchPath() {
    return path + "/batch";
  }
}

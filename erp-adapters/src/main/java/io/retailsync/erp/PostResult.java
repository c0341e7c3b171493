package io.retailsync.erp;

/** The ERP's answer for one document of a batch. */
public sealed interface PostResult {

  String externalReference();

  /** The ERP holds the document: created now, or found already there ({@code existing}). */
  record Posted(String externalReference, String documentNumber, boolean existing) implements PostResult {}

  /** The ERP refused the document for a reason that retrying will not change. */
  record Rejected(String externalReference, String reason) implements PostResult {}
}

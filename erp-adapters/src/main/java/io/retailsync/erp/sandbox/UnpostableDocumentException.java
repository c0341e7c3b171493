package io.retailsync.erp.sandbox;

/** A document the adapter cannot put on the wire faithfully; it is rejected without calling the ERP. */
final class UnpostableDocumentException extends RuntimeException {

  UnpostableDocumentException(String message) {
    super(message, null, false, false);
  }
}

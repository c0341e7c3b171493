package io.retailsync.sandbox.erp;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** A document the ERP holds after a post: created now, or found already there. */
record Posted<D>(D document, String documentNumber, boolean created) {

  ResponseEntity<D> toResponse() {
    return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(document);
  }
}

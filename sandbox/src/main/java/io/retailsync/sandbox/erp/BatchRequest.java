package io.retailsync.sandbox.erp;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** {@code {"documents": [...]}} for every batch endpoint. */
record BatchRequest(List<JsonNode> documents) {

  /** Odoo's own imports stay far below this; a larger batch is a caller's bug, not load. */
  static final int MAX_DOCUMENTS = 500;

  List<JsonNode> checked() {
    if (documents == null) {
      throw new DocumentRejected(null, "documents is missing");
    }
    if (documents.size() > MAX_DOCUMENTS) {
      throw new DocumentRejected(null, "a batch holds at most " + MAX_DOCUMENTS + " documents, got "
          + documents.size());
    }
    return documents;
  }
}

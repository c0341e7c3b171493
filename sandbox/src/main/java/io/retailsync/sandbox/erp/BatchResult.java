package io.retailsync.sandbox.erp;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One document's outcome in a batch, in the order the documents were sent. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record BatchResult(String externalReference, Outcome outcome, String documentNumber, String error) {

  enum Outcome { CREATED, EXISTING, REJECTED }

  static BatchResult of(Posted<?> posted, String reference) {
    return new BatchResult(reference, posted.created() ? Outcome.CREATED : Outcome.EXISTING,
        posted.documentNumber(), null);
  }

  static BatchResult rejected(String reference, String error) {
    return new BatchResult(reference, Outcome.REJECTED, null, error);
  }

  record Response(List<BatchResult> results) {}
}

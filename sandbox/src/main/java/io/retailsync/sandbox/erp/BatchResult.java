package io.retailsync.sandbox.erp;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

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

  /**
   * Posts each document on its own, in order: a rejected document becomes a {@code REJECTED} result and
   * does not fail the others.
   */
  static List<BatchResult> each(List<JsonNode> documents, String referenceField, Function<JsonNode, Posted<?>> post) {
    List<BatchResult> results = new ArrayList<>(documents.size());
    for (JsonNode document : documents) {
      String reference = DocumentReader.key(document, referenceField);
      try {
        results.add(of(post.apply(document), reference));
      } catch (DocumentRejected e) {
        results.add(rejected(reference, e.getMessage()));
      } catch (org.springframework.dao.DataIntegrityViolationException e) {
        // a value the database cannot store: this document's fault, not the batch's
        results.add(rejected(reference, "the document holds a value the ERP cannot store"));
      }
    }
    return results;
  }

  record Response(List<BatchResult> results) {}
}

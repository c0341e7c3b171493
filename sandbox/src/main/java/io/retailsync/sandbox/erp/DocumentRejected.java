package io.retailsync.sandbox.erp;

import io.retailsync.sandbox.support.SandboxProblem;
import java.util.HashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** The ERP refuses a document for a reason that retrying will not change: 422, or REJECTED in a batch. */
class DocumentRejected extends SandboxProblem {

  private final String reference;

  DocumentRejected(String reference, String reason) {
    super(HttpStatus.UNPROCESSABLE_CONTENT, reason, referenceProperty(reference));
    this.reference = reference;
  }

  String reference() {
    return reference;
  }

  private static Map<String, Object> referenceProperty(String reference) {
    Map<String, Object> properties = new HashMap<>();
    if (reference != null) {
      properties.put("externalReference", reference);
    }
    return properties;
  }
}

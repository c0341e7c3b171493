package io.retailsync.sandbox.erp;

import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binds one posted document. Documents arrive as JSON trees so that in a batch a document of the wrong
 * shape is rejected on its own instead of failing the whole request; unparseable JSON is still a 400.
 */
@Component
class DocumentReader {

  private final JsonMapper mapper;

  DocumentReader(JsonMapper mapper) {
    this.mapper = mapper;
  }

  <T> T read(JsonNode document, Class<T> type, String reference) {
    if (document == null || !document.isObject()) {
      throw new DocumentRejected(reference, "a document must be a JSON object");
    }
    try {
      return mapper.treeToValue(document, type);
    } catch (JacksonException e) {
      String path = e.getPath().stream()
          .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
          .collect(Collectors.joining("."));
      // Jackson's messages end in hints for Java developers (coercion configs, formatter dumps): cut them.
      String message = e.getOriginalMessage().replaceAll("(?s)\\s*\\((but could|with format).*", "");
      throw new DocumentRejected(reference, "unreadable document"
          + (path.isEmpty() ? "" : " at " + path.replace(".[", "[")) + ": " + message);
    }
  }

  /** The document's key as text, if it has one, so even a rejected document can be reported and counted. */
  static String key(JsonNode document, String field) {
    if (document == null || !document.isObject()) {
      return null;
    }
    JsonNode value = document.get(field);
    return value != null && value.isString() && !value.stringValue().isBlank() ? value.stringValue() : null;
  }
}

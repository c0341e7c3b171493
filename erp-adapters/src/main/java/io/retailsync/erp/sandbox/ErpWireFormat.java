package io.retailsync.erp.sandbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.retailsync.erp.CreditMemoDocument;
import io.retailsync.erp.ErpDocument;
import io.retailsync.erp.ErpItem;
import io.retailsync.erp.JournalEntryDocument;
import io.retailsync.erp.SalesOrderDocument;
import io.retailsync.erp.StockLevel;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The sandbox ERP's JSON (docs/sandbox-erp-api.md), both ways. */
final class ErpWireFormat {

  private final JsonMapper mapper = JsonMapper.builder().build();

  // ---- requests

  SalesOrderRequest salesOrder(SalesOrderDocument document) {
    String currency = document.currency();
    List<SalesOrderLineRequest> lines = document.lines().stream().map(line -> new SalesOrderLineRequest(
        line.lineId(), line.sku(), line.quantity(),
        MinorUnits.format(line.unitPrice(), currency, "line " + line.lineId() + " unitPrice"),
        MinorUnits.formatOrZero(line.discount(), currency, "line " + line.lineId() + " discount"),
        MinorUnits.formatOrZero(line.tax(), currency, "line " + line.lineId() + " tax"),
        line.location())).toList();
    return new SalesOrderRequest(document.externalReference(), document.channel(), document.orderId(),
        document.orderDate() == null ? null : document.orderDate().toString(), currency, lines,
        MinorUnits.formatOrZero(document.shippingAmount(), currency, "shippingAmount"),
        MinorUnits.formatOrZero(document.shippingTax(), currency, "shippingTax"),
        MinorUnits.format(document.total(), currency, "total"), document.marketplaceCollectsTax(),
        document.fulfilledByMarketplace());
  }

  CreditMemoRequest creditMemo(CreditMemoDocument document) {
    String currency = document.currency();
    List<CreditMemoLineRequest> lines = document.lines().stream().map(line -> new CreditMemoLineRequest(
        line.sku(), line.quantity(),
        MinorUnits.format(line.amount(), currency, "line " + line.sku() + " amount"),
        MinorUnits.formatOrZero(line.tax(), currency, "line " + line.sku() + " tax"))).toList();
    return new CreditMemoRequest(document.externalReference(), document.salesOrderReference(), currency, lines,
        MinorUnits.formatOrZero(document.shippingAmount(), currency, "shippingAmount"),
        MinorUnits.format(document.total(), currency, "total"), document.reason());
  }

  JournalEntryRequest journalEntry(JournalEntryDocument entry) {
    List<JournalLineRequest> lines = entry.lines().stream().map(line -> new JournalLineRequest(
        line.account(),
        MinorUnits.formatOrZero(line.debit(), line.currency(), "account " + line.account() + " debit"),
        MinorUnits.formatOrZero(line.credit(), line.currency(), "account " + line.account() + " credit"),
        line.currency(), line.memo())).toList();
    return new JournalEntryRequest(entry.reference(), entry.postingDate().toString(), entry.memo(), lines);
  }

  byte[] json(Object request) {
    return mapper.writeValueAsBytes(request);
  }

  byte[] batch(List<?> documents) {
    return json(new BatchRequest(documents));
  }

  byte[] cancel(String externalReference, String reason) {
    return json(new CancelRequest(externalReference, reason));
  }

  // ---- answers; each throws UnreadableAnswerException when the body is not what the API promises

  /** The per-document results of a batch post, in request order. */
  List<BatchResult> batchResults(byte[] body) {
    JsonNode results = tree(body).path("results");
    if (!results.isArray()) {
      throw new UnreadableAnswerException("batch answer has no results array");
    }
    List<BatchResult> parsed = new ArrayList<>();
    for (JsonNode result : results) {
      String reference = text(result, "externalReference");
      parsed.add(new BatchResult(reference != null ? reference : text(result, "reference"),
          text(result, "outcome"), text(result, "documentNumber"), reasonOf(result.get("error"))));
    }
    return parsed;
  }

  /** The document number of a single document the ERP answered with. */
  String documentNumber(byte[] body) {
    String documentNumber = text(tree(body), "documentNumber");
    if (documentNumber == null) {
      throw new UnreadableAnswerException("answer has no documentNumber");
    }
    return documentNumber;
  }

  /** The first document of a lookup answer (an array of 0 or 1), if any. */
  Optional<ErpDocument> firstDocument(byte[] body, String askedReference) {
    JsonNode documents = tree(body);
    if (!documents.isArray()) {
      throw new UnreadableAnswerException("lookup answer is not an array");
    }
    for (JsonNode document : documents) {
      // only a document that names the reference asked for is the one looked up; one without a reference
      // cannot be told apart (taking it could record another order's document, skipping it could re-post
      // this one), so the answer is unreadable and the document stays in doubt
      String reference = firstNonNull(text(document, "externalReference"), text(document, "reference"));
      if (reference == null) {
        throw new UnreadableAnswerException("a looked-up document carries no reference");
      }
      if (!askedReference.equals(reference)) {
        continue;
      }
      String documentNumber = text(document, "documentNumber");
      if (documentNumber == null) {
        throw new UnreadableAnswerException("looked-up document has no documentNumber");
      }
      return Optional.of(new ErpDocument(documentNumber, askedReference,
          firstNonNull(text(document, "status"), "POSTED")));
    }
    return Optional.empty();
  }

  ErpDocument cancelledOrder(byte[] body, String externalReference) {
    JsonNode order = tree(body);
    String documentNumber = text(order, "documentNumber");
    if (documentNumber == null) {
      throw new UnreadableAnswerException("cancel answer has no documentNumber");
    }
    return new ErpDocument(documentNumber, externalReference, firstNonNull(text(order, "status"), "CANCELLED"));
  }

  ErpItem item(byte[] body) {
    JsonNode item = tree(body);
    JsonNode active = item.path("active");
    return new ErpItem(text(item, "sku"), text(item, "description"), !active.isBoolean() || active.booleanValue());
  }

  List<ErpItem> items(byte[] body) {
    JsonNode items = tree(body);
    if (!items.isArray()) {
      throw new UnreadableAnswerException("item lookup answer is not an array");
    }
    List<ErpItem> parsed = new ArrayList<>();
    for (JsonNode item : items) {
      if (text(item, "sku") == null) {
        throw new UnreadableAnswerException("item lookup answer has an item without sku");
      }
      JsonNode active = item.path("active");
      parsed.add(new ErpItem(text(item, "sku"), text(item, "description"), !active.isBoolean() || active.booleanValue()));
    }
    return parsed;
  }

  List<StockLevel> stock(byte[] body) {
    JsonNode levels = tree(body);
    if (!levels.isArray()) {
      throw new UnreadableAnswerException("stock answer is not an array");
    }
    List<StockLevel> parsed = new ArrayList<>();
    for (JsonNode level : levels) {
      JsonNode onHand = level.path("onHand");
      if (!onHand.isNumber() && !onHand.isString()) {
        throw new UnreadableAnswerException("stock level without onHand");
      }
      try {
        parsed.add(new StockLevel(text(level, "sku"), text(level, "location"),
            new BigDecimal(onHand.asString()).intValueExact()));
      } catch (ArithmeticException | NumberFormatException e) {
        throw new UnreadableAnswerException("stock level with onHand " + onHand.asString());
      }
    }
    return parsed;
  }

  /** Why the ERP refused a request: the problem's {@code detail}, else its {@code title}, else the status. */
  String problemReason(ErpAnswer answer) {
    String fallback = "ERP answered HTTP " + answer.status();
    if (answer.body().length == 0) {
      return fallback;
    }
    try {
      String reason = reasonOf(mapper.readTree(answer.body()));
      return reason == null ? fallback : reason;
    } catch (JacksonException notJson) {
      String text = new String(answer.body(), StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? fallback : fallback + ": " + (text.length() > 300 ? text.substring(0, 300) : text);
    }
  }

  private String reasonOf(JsonNode error) {
    if (error == null || error.isNull() || error.isMissingNode()) {
      return null;
    }
    if (!error.isObject()) {
      return error.asString();
    }
    return firstNonNull(text(error, "detail"), firstNonNull(text(error, "title"), text(error, "message")));
  }

  private JsonNode tree(byte[] body) {
    try {
      return mapper.readTree(body);
    } catch (JacksonException e) {
      throw new UnreadableAnswerException("answer is not JSON: " + e.getOriginalMessage());
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || value.isMissingNode()) {
      return null;
    }
    return value.isValueNode() ? value.asString() : value.toString();
  }

  private static String firstNonNull(String first, String second) {
    return first != null ? first : second;
  }

  /** A body that is not what the API promises. */
  static final class UnreadableAnswerException extends RuntimeException {
    UnreadableAnswerException(String message) {
      super(message, null, false, false);
    }
  }

  record BatchResult(String externalReference, String outcome, String documentNumber, String error) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record SalesOrderRequest(String externalReference, String channel, String orderId, String orderDate,
      String currency, List<SalesOrderLineRequest> lines, String shippingAmount, String shippingTax,
      String total, boolean marketplaceCollectsTax, boolean fulfilledByMarketplace) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record SalesOrderLineRequest(String lineId, String sku, int quantity, String unitPrice, String discount,
      String tax, String location) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record CreditMemoRequest(String externalReference, String salesOrderReference, String currency,
      List<CreditMemoLineRequest> lines, String shippingAmount, String total, String reason) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record CreditMemoLineRequest(String sku, int quantity, String amount, String tax) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record JournalEntryRequest(String reference, String postingDate, String memo, List<JournalLineRequest> lines) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record JournalLineRequest(String account, String debit, String credit, String currency, String memo) {}

  record BatchRequest(List<?> documents) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record CancelRequest(String externalReference, String reason) {}
}

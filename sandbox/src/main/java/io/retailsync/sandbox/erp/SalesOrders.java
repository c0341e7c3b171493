package io.retailsync.sandbox.erp;

import io.retailsync.sandbox.support.SandboxProblem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** Posting and cancelling sales orders: one transaction per document, keyed by the external reference. */
@Service
class SalesOrders {

  private final SalesOrderRepository repository;
  private final ItemMaster itemMaster;
  private final ErpStats stats;
  private final DocumentReader reader;
  private final ReferencePolicy references;
  private final TransactionTemplate transaction;

  SalesOrders(SalesOrderRepository repository, ItemMaster itemMaster, ErpStats stats, DocumentReader reader,
      ReferencePolicy references, PlatformTransactionManager transactionManager) {
    this.repository = repository;
    this.itemMaster = itemMaster;
    this.stats = stats;
    this.reader = reader;
    this.references = references;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  Posted<SalesOrder> post(JsonNode document) {
    String reference = DocumentReader.key(document, "externalReference");
    return references.post(ErpStats.SALES_ORDERS, reference, () -> repository.findByReference(reference),
        () -> check(reader.read(document, SalesOrderRequest.class, reference)),
        order -> repository.findById(repository.insert(order)), SalesOrder::documentNumber,
        () -> stats.count(ErpStats.SALES_ORDERS, reference));
  }

  List<BatchResult> postBatch(List<JsonNode> documents) {
    return BatchResult.each(documents, "externalReference", this::post);
  }

  List<SalesOrder> byChannel(String channel, String orderId) {
    return repository.findByChannel(channel, orderId);
  }

  List<SalesOrder> byReference(String externalReference) {
    return repository.findAllByReference(externalReference);
  }

  SalesOrder cancel(String externalReference, String reason) {
    if (externalReference == null || externalReference.isBlank()) {
      throw new DocumentRejected(null, "externalReference is missing");
    }
    stats.count(ErpStats.CANCELLATIONS, externalReference);
    return transaction.execute(status -> {
      SalesOrder order = repository.findByReference(externalReference)
          .orElseThrow(() -> SandboxProblem.notFound("no sales order with external reference " + externalReference));
      if ("FULFILLED".equals(order.status())) {
        throw SandboxProblem.conflict("sales order " + order.documentNumber() + " is fulfilled and cannot be cancelled");
      }
      if (repository.cancel(externalReference, reason)) {
        return repository.findByReference(externalReference).orElseThrow();
      }
      return order;
    });
  }

  /**
   * Replaces the lines and amounts of an open sales order with a new version (a marketplace edit). A
   * repeat of the same version changes nothing; an order that is cancelled or fulfilled is refused (409),
   * as an ERP refuses to edit a document whose goods have left.
   */
  SalesOrder update(JsonNode document) {
    String reference = DocumentReader.key(document, "externalReference");
    if (reference == null || reference.isBlank()) {
      throw new DocumentRejected(null, "externalReference is missing");
    }
    SalesOrderRepository.NewSalesOrder version = check(reader.read(document, SalesOrderRequest.class, reference));
    stats.count(ErpStats.UPDATES, reference);
    return transaction.execute(status -> {
      SalesOrder order = repository.findByReference(reference)
          .orElseThrow(() -> SandboxProblem.notFound("no sales order with external reference " + reference));
      if (!"OPEN".equals(order.status())) {
        throw SandboxProblem.conflict("sales order " + order.documentNumber() + " is " + order.status()
            + " and cannot be changed");
      }
      if (!repository.replaceOpen(order.documentNumber(), version)) {
        throw SandboxProblem.conflict("sales order " + order.documentNumber() + " changed status meanwhile");
      }
      return repository.findByReference(reference).orElseThrow();
    });
  }

  /** Sets the status of every sales order under the reference: OPEN, FULFILLED or CANCELLED. */
  List<SalesOrder> setStatus(String reference, String status) {
    if (!Set.of("OPEN", "FULFILLED", "CANCELLED").contains(status)) {
      throw SandboxProblem.badRequest("status must be OPEN, FULFILLED or CANCELLED");
    }
    if (!repository.setStatus(reference, status)) {
      throw SandboxProblem.notFound("no sales order with external reference " + reference);
    }
    return repository.findAllByReference(reference);
  }

  private SalesOrderRepository.NewSalesOrder check(SalesOrderRequest request) {
    Checks checks = new Checks(request.externalReference());
    String reference = checks.text("externalReference", request.externalReference());
    String channel = checks.text("channel", request.channel());
    String orderId = checks.text("orderId", request.orderId());
    checks.present("orderDate", request.orderDate());
    String currency = checks.currency("currency", request.currency());
    List<SalesOrderRepository.NewLine> lines = new ArrayList<>();
    BigDecimal computedTotal = BigDecimal.ZERO;
    if (request.lines() == null || request.lines().isEmpty()) {
      checks.fail("lines is missing or empty");
    } else {
      for (int i = 0; i < request.lines().size(); i++) {
        SalesOrderRequest.Line line = request.lines().get(i);
        String at = "lines[" + i + "].";
        if (line == null) {
          checks.fail(at.substring(0, at.length() - 1) + " is null");
          continue;
        }
        String sku = checks.text(at + "sku", line.sku());
        int quantity = checks.positive(at + "quantity", line.quantity());
        BigDecimal unitPrice = checks.amount(at + "unitPrice", line.unitPrice(), null, currency);
        BigDecimal discount = checks.amount(at + "discount", line.discount(), BigDecimal.ZERO, currency);
        BigDecimal tax = checks.amount(at + "tax", line.tax(), BigDecimal.ZERO, currency);
        String lineId = line.lineId() == null || line.lineId().isBlank() ? String.valueOf(i + 1) : line.lineId();
        lines.add(new SalesOrderRepository.NewLine(lineId, sku, quantity, unitPrice, discount, tax,
            line.location()));
        if (checks.ok()) {
          computedTotal = computedTotal.add(unitPrice.multiply(BigDecimal.valueOf(quantity))).subtract(discount).add(tax);
        }
      }
    }
    BigDecimal shippingAmount = checks.amount("shippingAmount", request.shippingAmount(), BigDecimal.ZERO, currency);
    BigDecimal shippingTax = checks.amount("shippingTax", request.shippingTax(), BigDecimal.ZERO, currency);
    checks.throwIfAny();
    List<String> skus = lines.stream().map(SalesOrderRepository.NewLine::sku).toList();
    Set<String> unknownSkus = itemMaster.unknownSkus(skus);
    if (!unknownSkus.isEmpty()) {
      checks.fail("unknown SKU " + String.join(", ", unknownSkus));
    }
    List<String> locations = lines.stream().map(SalesOrderRepository.NewLine::location)
        .filter(location -> location != null).toList();
    Set<String> unknownLocations = itemMaster.unknownLocations(locations);
    if (!unknownLocations.isEmpty()) {
      checks.fail("unknown location " + String.join(", ", unknownLocations));
    }
    // The ERP keeps the caller's total when given (it is the marketplace's figure); otherwise its own.
    BigDecimal total = checks.amount("total", request.total(),
        computedTotal.add(shippingAmount).add(shippingTax), currency);
    checks.throwIfAny();
    return new SalesOrderRepository.NewSalesOrder(reference, channel, orderId, request.orderDate().toInstant(),
        currency, lines, shippingAmount, shippingTax, total, Boolean.TRUE.equals(request.marketplaceCollectsTax()),
        Boolean.TRUE.equals(request.fulfilledByMarketplace()));
  }
}

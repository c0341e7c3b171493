package io.retailsync.sandbox.erp;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Posting credit memos. The sales order reference is recorded but not required to exist: a refund can
 * reach the ERP before its order, and refusing it would turn an ordering race into a permanent failure.
 */
@Service
class CreditMemos {

  private final CreditMemoRepository repository;
  private final ItemMaster itemMaster;
  private final ErpStats stats;
  private final DocumentReader reader;
  private final ReferencePolicy references;

  CreditMemos(CreditMemoRepository repository, ItemMaster itemMaster, ErpStats stats, DocumentReader reader,
      ReferencePolicy references) {
    this.repository = repository;
    this.itemMaster = itemMaster;
    this.stats = stats;
    this.reader = reader;
    this.references = references;
  }

  Posted<CreditMemo> post(JsonNode document) {
    String reference = DocumentReader.key(document, "externalReference");
    return references.post(ErpStats.CREDIT_MEMOS, reference, () -> repository.findByReference(reference),
        () -> check(reader.read(document, CreditMemoRequest.class, reference)),
        memo -> repository.findById(repository.insert(memo)), CreditMemo::documentNumber,
        () -> stats.count(ErpStats.CREDIT_MEMOS, reference));
  }

  List<BatchResult> postBatch(List<JsonNode> documents) {
    return BatchResult.each(documents, "externalReference", this::post);
  }

  List<CreditMemo> byReference(String externalReference) {
    return repository.findAllByReference(externalReference);
  }

  List<CreditMemo> bySalesOrder(String salesOrderReference) {
    return repository.findBySalesOrder(salesOrderReference);
  }

  private CreditMemoRepository.NewCreditMemo check(CreditMemoRequest request) {
    Checks checks = new Checks(request.externalReference());
    String reference = checks.text("externalReference", request.externalReference());
    String currency = checks.currency("currency", request.currency());
    List<CreditMemoRepository.NewLine> lines = new ArrayList<>();
    BigDecimal computedTotal = BigDecimal.ZERO;
    if (request.lines() == null) {
      checks.fail("lines is missing");
    } else {
      for (int i = 0; i < request.lines().size(); i++) {
        CreditMemoRequest.Line line = request.lines().get(i);
        String at = "lines[" + i + "].";
        if (line == null) {
          checks.fail("lines[" + i + "] is null");
          continue;
        }
        String sku = checks.text(at + "sku", line.sku());
        int quantity = checks.positive(at + "quantity", line.quantity());
        BigDecimal amount = checks.amount(at + "amount", line.amount(), null, currency);
        BigDecimal tax = checks.amount(at + "tax", line.tax(), BigDecimal.ZERO, currency);
        lines.add(new CreditMemoRepository.NewLine(sku, quantity, amount, tax));
        if (checks.ok()) {
          computedTotal = computedTotal.add(amount).add(tax);
        }
      }
    }
    BigDecimal shippingAmount = checks.amount("shippingAmount", request.shippingAmount(), BigDecimal.ZERO, currency);
    checks.throwIfAny();
    Set<String> unknownSkus = itemMaster.unknownSkus(lines.stream().map(CreditMemoRepository.NewLine::sku).toList());
    if (!unknownSkus.isEmpty()) {
      checks.fail("unknown SKU " + String.join(", ", unknownSkus));
    }
    BigDecimal total = checks.amount("total", request.total(), computedTotal.add(shippingAmount), currency);
    if (checks.ok() && total.signum() == 0) {
      checks.fail("a credit memo must credit something: total is zero");
    }
    checks.throwIfAny();
    return new CreditMemoRepository.NewCreditMemo(reference, blankToNull(request.salesOrderReference()), currency,
        lines, shippingAmount, total, request.reason());
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}

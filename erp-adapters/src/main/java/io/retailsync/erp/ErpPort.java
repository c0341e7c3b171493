package io.retailsync.erp;

import java.util.List;
import java.util.Optional;

/**
 * What the suite needs from an ERP. Every write carries the document's external reference. Many ERPs do
 * not make that reference unique (Odoo accepts two sales orders with one {@code client_order_ref}), so
 * exactly-once is the caller's job and the adapter's: the caller claims a reference before posting it and
 * posts it once; the adapter never sends a document again after an ambiguous failure without first looking
 * it up by its reference. Where an ERP does keep references unique, a repeat answers with the existing
 * document ({@link PostResult.Posted#existing()}).
 *
 * <p>Writes take batches: a real ERP posts tens of documents per second, and batching is the main lever.
 * Each document has its own result. A document the ERP refuses for a business reason is a
 * {@link PostResult.Rejected}; a failure of the ERP itself (down, rate limited, timing out after the
 * adapter's own retries) is thrown as {@link ErpUnavailableException}, a transient failure.
 */
public interface ErpPort {

  List<PostResult> postSalesOrders(List<SalesOrderDocument> documents);

  /**
   * Posts as {@link #postSalesOrders(List)}, but starts no HTTP call after {@code notAfter} (a retry, a
   * lookup, the one-by-one fallback of a refused batch included), so every call of the operation ends by
   * {@code notAfter} plus the adapter's longest call ({@link ErpProperties#maxCallTime()}): a caller whose
   * claims on the documents outlast that is sure no write of theirs is still under way when a claim runs
   * out. A call it may no longer start ends the operation as {@link ErpUnavailableException}.
   */
  List<PostResult> postSalesOrders(List<SalesOrderDocument> documents, java.time.Instant notAfter);

  Optional<ErpDocument> findSalesOrder(String externalReference);

  PostResult cancelSalesOrder(String externalReference, String reason);

  /**
   * Replaces the lines and amounts of a posted sales order with a new version of the order (a marketplace
   * edit), keyed by its external reference. Sending the same version again is harmless. An ERP that does
   * not allow the edit (the order is fulfilled, cancelled, invoiced; or it does not support edits at all)
   * answers {@link PostResult.Rejected} with its reason.
   */
  PostResult updateSalesOrder(SalesOrderDocument document);

  List<PostResult> postCreditMemos(List<CreditMemoDocument> documents);

  Optional<ErpDocument> findCreditMemo(String externalReference);

  List<PostResult> postJournalEntries(List<JournalEntryDocument> entries);

  Optional<ErpDocument> findJournalEntry(String reference);

  Optional<ErpItem> findItem(String sku);

  /**
   * The items of the item master among {@code skus}, by SKU; a SKU the ERP does not know is absent. An
   * order of thousands of lines is checked in a few calls, not thousands.
   */
  default java.util.Map<String, ErpItem> findItems(java.util.Collection<String> skus) {
    java.util.Map<String, ErpItem> found = new java.util.LinkedHashMap<>();
    for (String sku : new java.util.LinkedHashSet<>(skus)) {
      findItem(sku).ifPresent(item -> found.put(sku, item));
    }
    return found;
  }

  List<StockLevel> stockBySku(String sku);

  /**
   * Every SKU's stock at every location, as one count (an ERP stock export). An adapter whose ERP has no
   * such export says so; the inventory service then relies on counts sent to it.
   */
  default List<StockLevel> allStock() {
    throw new UnsupportedOperationException("this ERP adapter has no stock export");
  }

  /**
   * Takes this instance's share of the ERP's rate budget when {@code instances} instances of the service
   * post to it: the configured calls per second divided among them, so replicas do not multiply it. An
   * adapter without a rate limit of its own ignores it.
   */
  default void shareRateAmong(int instances) {}

  /** The calls per second this instance may send now; 0 when the adapter has no limit of its own. */
  default int callsPerSecond() {
    return 0;
  }
}

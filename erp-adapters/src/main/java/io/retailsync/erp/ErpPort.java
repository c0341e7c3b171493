package io.retailsync.erp;

import java.util.List;
import java.util.Optional;

/**
 * What the suite needs from an ERP. Every write carries the document's external reference, the ERP's
 * idempotency key: posting the same reference twice yields the existing document, never a second one.
 *
 * <p>Writes take batches: a real ERP posts tens of documents per second, and batching is the main lever.
 * Each document has its own result. A document the ERP refuses for a business reason is a
 * {@link PostResult.Rejected}; a failure of the ERP itself (down, rate limited, timing out after the
 * adapter's own retries) is thrown as {@link ErpUnavailableException}, a transient failure.
 */
public interface ErpPort {

  List<PostResult> postSalesOrders(List<SalesOrderDocument> documents);

  Optional<ErpDocument> findSalesOrder(String externalReference);

  PostResult cancelSalesOrder(String externalReference, String reason);

  List<PostResult> postCreditMemos(List<CreditMemoDocument> documents);

  Optional<ErpDocument> findCreditMemo(String externalReference);

  List<PostResult> postJournalEntries(List<JournalEntryDocument> entries);

  Optional<ErpDocument> findJournalEntry(String reference);

  Optional<ErpItem> findItem(String sku);

  List<StockLevel> stockBySku(String sku);
}

package io.retailsync.erp;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Times every call of any {@link ErpPort} as {@value #METRIC} (Prometheus
 * {@code sync_external_call_seconds}) with the tags {@code system=erp}, {@code operation} and
 * {@code outcome}, in the suite's outcome vocabulary: {@code accepted} (the call did its work),
 * {@code duplicate} (a post whose every document the ERP already held), {@code rejected} (the ERP refused
 * at least one document) or {@code failed} (the call threw). The time includes the adapter's own waits
 * and retries: it is what the caller experienced.
 */
public final class MeteredErpPort implements ErpPort {

  public static final String METRIC = "sync.external.call";
  public static final String SYSTEM = "erp";

  public static final String OUTCOME_ACCEPTED = "accepted";
  public static final String OUTCOME_DUPLICATE = "duplicate";
  public static final String OUTCOME_REJECTED = "rejected";
  public static final String OUTCOME_FAILED = "failed";

  public static final String POST_SALES_ORDERS = "post_sales_orders";
  public static final String FIND_SALES_ORDER = "find_sales_order";
  public static final String CANCEL_SALES_ORDER = "cancel_sales_order";
  public static final String UPDATE_SALES_ORDER = "update_sales_order";
  public static final String POST_CREDIT_MEMOS = "post_credit_memos";
  public static final String FIND_CREDIT_MEMO = "find_credit_memo";
  public static final String POST_JOURNAL_ENTRIES = "post_journal_entries";
  public static final String FIND_JOURNAL_ENTRY = "find_journal_entry";
  public static final String FIND_ITEM = "find_item";
  public static final String FIND_ITEMS = "find_items";
  public static final String STOCK_BY_SKU = "stock_by_sku";
  public static final String ALL_STOCK = "all_stock";

  // a batch of 20 with retries can take tens of seconds against a real ERP; keep those in a bucket
  private static final Duration MIN_EXPECTED = Duration.ofMillis(1);
  private static final Duration MAX_EXPECTED = Duration.ofSeconds(120);

  static final List<String> OPERATIONS = List.of(POST_SALES_ORDERS, FIND_SALES_ORDER, CANCEL_SALES_ORDER, UPDATE_SALES_ORDER,
      POST_CREDIT_MEMOS, FIND_CREDIT_MEMO, POST_JOURNAL_ENTRIES, FIND_JOURNAL_ENTRY, FIND_ITEM, FIND_ITEMS, STOCK_BY_SKU, ALL_STOCK);
  static final List<String> OUTCOMES = List.of(OUTCOME_ACCEPTED, OUTCOME_DUPLICATE, OUTCOME_REJECTED, OUTCOME_FAILED);

  private final ErpPort delegate;
  private final MeterRegistry registry;
  /** Every operation × outcome, registered at start so dashboards see a series before the first call. */
  private final Map<String, Timer> timers = new HashMap<>();

  public MeteredErpPort(ErpPort delegate, MeterRegistry registry) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.registry = Objects.requireNonNull(registry, "registry");
    for (String operation : OPERATIONS) {
      for (String outcome : OUTCOMES) {
        timers.put(operation + "/" + outcome, buildTimer(operation, outcome));
      }
    }
  }

  /** The port this one times. */
  public ErpPort delegate() {
    return delegate;
  }

  @Override
  public List<PostResult> postSalesOrders(List<SalesOrderDocument> documents) {
    return timed(POST_SALES_ORDERS, () -> delegate.postSalesOrders(documents), MeteredErpPort::batchOutcome);
  }

  @Override
  public List<PostResult> postSalesOrders(List<SalesOrderDocument> documents, java.time.Instant notAfter) {
    return timed(POST_SALES_ORDERS, () -> delegate.postSalesOrders(documents, notAfter), MeteredErpPort::batchOutcome);
  }

  @Override
  public Optional<ErpDocument> findSalesOrder(String externalReference) {
    return timed(FIND_SALES_ORDER, () -> delegate.findSalesOrder(externalReference), MeteredErpPort::answered);
  }

  @Override
  public java.util.Map<String, ErpItem> findItems(java.util.Collection<String> skus) {
    return timed(FIND_ITEMS, () -> delegate.findItems(skus), MeteredErpPort::answered);
  }

  @Override
  public PostResult updateSalesOrder(SalesOrderDocument document) {
    return timed(UPDATE_SALES_ORDER, () -> delegate.updateSalesOrder(document), MeteredErpPort::singleOutcome);
  }

  @Override
  public PostResult cancelSalesOrder(String externalReference, String reason) {
    return timed(CANCEL_SALES_ORDER, () -> delegate.cancelSalesOrder(externalReference, reason),
        MeteredErpPort::singleOutcome);
  }

  @Override
  public List<PostResult> postCreditMemos(List<CreditMemoDocument> documents) {
    return timed(POST_CREDIT_MEMOS, () -> delegate.postCreditMemos(documents), MeteredErpPort::batchOutcome);
  }

  @Override
  public Optional<ErpDocument> findCreditMemo(String externalReference) {
    return timed(FIND_CREDIT_MEMO, () -> delegate.findCreditMemo(externalReference), MeteredErpPort::answered);
  }

  @Override
  public List<PostResult> postJournalEntries(List<JournalEntryDocument> entries) {
    return timed(POST_JOURNAL_ENTRIES, () -> delegate.postJournalEntries(entries), MeteredErpPort::batchOutcome);
  }

  @Override
  public Optional<ErpDocument> findJournalEntry(String reference) {
    return timed(FIND_JOURNAL_ENTRY, () -> delegate.findJournalEntry(reference), MeteredErpPort::answered);
  }

  @Override
  public Optional<ErpItem> findItem(String sku) {
    return timed(FIND_ITEM, () -> delegate.findItem(sku), MeteredErpPort::answered);
  }

  @Override
  public List<StockLevel> stockBySku(String sku) {
    return timed(STOCK_BY_SKU, () -> delegate.stockBySku(sku), MeteredErpPort::answered);
  }

  @Override
  public List<StockLevel> allStock() {
    return timed(ALL_STOCK, delegate::allStock, MeteredErpPort::answered);
  }

  @Override
  public void shareRateAmong(int instances) {
    delegate.shareRateAmong(instances);
  }

  @Override
  public int callsPerSecond() {
    return delegate.callsPerSecond();
  }

  private <T> T timed(String operation, Supplier<T> call, Function<T, String> outcomeOf) {
    long start = registry.config().clock().monotonicTime();
    String outcome = OUTCOME_FAILED;
    try {
      T result = call.get();
      outcome = outcomeOf.apply(result);
      return result;
    } finally {
      timer(operation, outcome).record(registry.config().clock().monotonicTime() - start,
          TimeUnit.NANOSECONDS);
    }
  }

  private Timer timer(String operation, String outcome) {
    return timers.get(operation + "/" + outcome);
  }

  private Timer buildTimer(String operation, String outcome) {
    return Timer.builder(METRIC)
        .description("Calls to external systems, as the caller experienced them")
        .tag("system", SYSTEM)
        .tag("operation", operation)
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .minimumExpectedValue(MIN_EXPECTED)
        .maximumExpectedValue(MAX_EXPECTED)
        .register(registry);
  }

  private static String batchOutcome(List<PostResult> results) {
    if (results.stream().anyMatch(PostResult.Rejected.class::isInstance)) {
      return OUTCOME_REJECTED;
    }
    boolean allExisting = !results.isEmpty()
        && results.stream().allMatch(result -> result instanceof PostResult.Posted posted && posted.existing());
    return allExisting ? OUTCOME_DUPLICATE : OUTCOME_ACCEPTED;
  }

  private static String singleOutcome(PostResult result) {
    return result instanceof PostResult.Rejected ? OUTCOME_REJECTED : OUTCOME_ACCEPTED;
  }

  private static String answered(Object ignored) {
    return OUTCOME_ACCEPTED;
  }
}

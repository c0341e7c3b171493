package io.retailsync.erp.sandbox;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.retailsync.erp.CreditMemoDocument;
import io.retailsync.erp.ErpDocument;
import io.retailsync.erp.ErpItem;
import io.retailsync.erp.ErpPort;
import io.retailsync.erp.ErpProperties;
import io.retailsync.erp.JournalEntryDocument;
import io.retailsync.erp.PostResult;
import io.retailsync.erp.SalesOrderDocument;
import io.retailsync.erp.StockLevel;
import io.retailsync.model.failure.PermanentSyncException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ErpPort} over the sandbox ERP's REST API (docs/sandbox-erp-api.md), and over any ERP that speaks
 * it. Rate limited, retried with backoff (honouring {@code Retry-After}) and guarded by a circuit breaker;
 * a document the ERP refuses is a {@link PostResult.Rejected}, an ERP that cannot be used is an
 * {@link io.retailsync.erp.ErpUnavailableException}.
 *
 * <p>As a {@link MeterBinder} it publishes its Resilience4j retry, circuit-breaker and rate-limiter metrics
 * (instance name {@code erp}).
 */
public final class SandboxErpAdapter implements ErpPort, MeterBinder {

  private static final Logger log = LoggerFactory.getLogger(SandboxErpAdapter.class);

  private final ErpHttp http;
  private final ErpResilience resilience;
  private final ErpWireFormat wire;
  private final DocumentPoster poster;

  public SandboxErpAdapter(ErpProperties properties) {
    this(properties, Clock.systemUTC());
  }

  SandboxErpAdapter(ErpProperties properties, Clock clock) {
    this.http = new ErpHttp(properties, clock);
    this.resilience = new ErpResilience(properties);
    this.wire = new ErpWireFormat();
    this.poster = new DocumentPoster(http, resilience, wire, properties.batchSize(), properties.maxCallTime(), clock);
    log.info("ERP adapter for {}://{}{} (batch size {}, {} calls/s, {} attempts)",
        properties.baseUrl().getScheme(), properties.baseUrl().getAuthority().replaceFirst("^.*@", ""),
        properties.baseUrl().getPath(), properties.batchSize(), properties.rateLimitPerSecond(),
        properties.maxAttempts());
  }

  @Override
  public List<PostResult> postSalesOrders(List<SalesOrderDocument> documents) {
    return postSalesOrders(documents, null);
  }

  @Override
  public List<PostResult> postSalesOrders(List<SalesOrderDocument> documents, java.time.Instant notAfter) {
    return poster.post(DocumentKind.SALES_ORDER, documents, SalesOrderDocument::externalReference,
        wire::salesOrder, notAfter);
  }

  @Override
  public Optional<ErpDocument> findSalesOrder(String externalReference) {
    return find(DocumentKind.SALES_ORDER, externalReference);
  }

  @Override
  public PostResult cancelSalesOrder(String externalReference, String reason) {
    byte[] request = wire.cancel(externalReference, reason);
    // the ERP's cancel is repeat-safe, so an ambiguous failure is simply sent again
    return resilience.withRetries("cancel of sales order " + externalReference, () -> {
      ErpAnswer answer = resilience.guarded(() -> http.post(DocumentKind.SALES_ORDER.path + "/cancel", request));
      if (!answer.successful()) {
        return new PostResult.Rejected(externalReference, wire.problemReason(answer));
      }
      ErpDocument cancelled = DocumentPoster.readAnswer("cancel of sales order " + externalReference,
          () -> wire.cancelledOrder(answer.body(), externalReference));
      return new PostResult.Posted(externalReference, cancelled.documentNumber(), false);
    });
  }

  @Override
  public PostResult updateSalesOrder(SalesOrderDocument document) {
    String reference = document.externalReference();
    byte[] request = wire.json(wire.salesOrder(document));
    // replacing an order with the same version is repeat-safe, so an ambiguous failure is sent again
    return resilience.withRetries("update of sales order " + reference, () -> {
      ErpAnswer answer = resilience.guarded(() -> http.put(DocumentKind.SALES_ORDER.path, request));
      if (!answer.successful()) {
        return new PostResult.Rejected(reference, wire.problemReason(answer));
      }
      ErpDocument updated = DocumentPoster.readAnswer("update of sales order " + reference,
          () -> wire.cancelledOrder(answer.body(), reference));
      return new PostResult.Posted(reference, updated.documentNumber(), true);
    });
  }

  @Override
  public List<PostResult> postCreditMemos(List<CreditMemoDocument> documents) {
    return poster.post(DocumentKind.CREDIT_MEMO, documents, CreditMemoDocument::externalReference,
        wire::creditMemo, null);
  }

  @Override
  public Optional<ErpDocument> findCreditMemo(String externalReference) {
    return find(DocumentKind.CREDIT_MEMO, externalReference);
  }

  @Override
  public List<PostResult> postJournalEntries(List<JournalEntryDocument> entries) {
    return poster.post(DocumentKind.JOURNAL_ENTRY, entries, JournalEntryDocument::reference,
        wire::journalEntry, null);
  }

  @Override
  public Optional<ErpDocument> findJournalEntry(String reference) {
    return find(DocumentKind.JOURNAL_ENTRY, reference);
  }

  @Override
  public Optional<ErpItem> findItem(String sku) {
    return resilience.withRetries("lookup of item " + sku, () -> {
      ErpAnswer answer = resilience.guarded(() -> http.get(uri -> uri.path("/items/{sku}").build(sku)));
      if (answer.status() == 404) {
        return Optional.empty();
      }
      if (!answer.successful()) {
        throw new PermanentSyncException("ERP_REJECTED",
            "ERP refused the lookup of item " + sku + ": " + wire.problemReason(answer));
      }
      return Optional.of(DocumentPoster.readAnswer("lookup of item " + sku, () -> wire.item(answer.body())));
    });
  }

  /** The item master's answer for up to a thousand SKUs per call ({@code POST /items/lookup}). */
  @Override
  public java.util.Map<String, ErpItem> findItems(java.util.Collection<String> skus) {
    List<String> distinct = List.copyOf(new java.util.LinkedHashSet<>(skus));
    java.util.Map<String, ErpItem> found = new java.util.LinkedHashMap<>();
    for (int from = 0; from < distinct.size(); from += 1000) {
      List<String> chunk = distinct.subList(from, Math.min(from + 1000, distinct.size()));
      byte[] request = wire.json(java.util.Map.of("skus", chunk));
      List<ErpItem> items = resilience.withRetries("lookup of " + chunk.size() + " item(s)", () -> {
        ErpAnswer answer = resilience.guarded(() -> http.query("/items/lookup", request));
        if (!answer.successful()) {
          throw new PermanentSyncException("ERP_REJECTED",
              "ERP refused the lookup of " + chunk.size() + " item(s): " + wire.problemReason(answer));
        }
        return DocumentPoster.readAnswer("lookup of items", () -> wire.items(answer.body()));
      });
      items.forEach(item -> found.put(item.sku(), item));
    }
    return found;
  }

  @Override
  public List<StockLevel> stockBySku(String sku) {
    return resilience.withRetries("stock of " + sku, () -> {
      ErpAnswer answer = resilience.guarded(() -> http.get(uri -> uri.path("/stock")
          .queryParam("sku", "{sku}").build(sku)));
      if (answer.status() == 404) {
        return List.of();
      }
      if (!answer.successful()) {
        throw new PermanentSyncException("ERP_REJECTED",
            "ERP refused the stock query for " + sku + ": " + wire.problemReason(answer));
      }
      return DocumentPoster.readAnswer("stock of " + sku, () -> wire.stock(answer.body()));
    });
  }

  @Override
  public List<StockLevel> allStock() {
    return resilience.withRetries("stock export", () -> {
      ErpAnswer answer = resilience.guarded(() -> http.get(uri -> uri.path("/stock").build()));
      if (!answer.successful()) {
        throw new PermanentSyncException("ERP_REJECTED", "ERP refused the stock export: " + wire.problemReason(answer));
      }
      return DocumentPoster.readAnswer("stock export", () -> wire.stock(answer.body()));
    });
  }

  @Override
  public void shareRateAmong(int instances) {
    resilience.shareRateAmong(instances);
  }

  @Override
  public int callsPerSecond() {
    return resilience.callsPerSecond();
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    resilience.bindMetrics(registry);
  }

  CircuitBreaker.State circuitState() {
    return resilience.circuitState();
  }

  private Optional<ErpDocument> find(DocumentKind kind, String reference) {
    return resilience.withRetries("lookup of " + kind.label + " " + reference, () -> poster.lookUp(kind, reference));
  }
}

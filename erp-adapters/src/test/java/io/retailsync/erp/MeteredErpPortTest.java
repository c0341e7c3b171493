package io.retailsync.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MeteredErpPortTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void tagsEachCallWithItsOperationAndOutcome() {
    ErpPort erp = new MeteredErpPort(new ScriptedErp(), registry);

    erp.postSalesOrders(List.of());
    erp.postCreditMemos(List.of());
    erp.cancelSalesOrder("shopify:1", "customer");
    erp.findItem("SKU-0001");
    assertThatThrownBy(() -> erp.stockBySku("SKU-0001")).isInstanceOf(ErpUnavailableException.class);

    assertThat(timer("post_sales_orders", "accepted").count()).isEqualTo(1);
    assertThat(timer("post_credit_memos", "rejected").count()).isEqualTo(1);
    assertThat(timer("cancel_sales_order", "rejected").count()).isEqualTo(1);
    assertThat(timer("find_item", "accepted").count()).isEqualTo(1);
    assertThat(timer("stock_by_sku", "failed").count()).isEqualTo(1);
  }

  @Test
  void publishesHistogramBucketsUnderThePrometheusName() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    new MeteredErpPort(new ScriptedErp(), prometheus).findSalesOrder("shopify:1");

    assertThat(prometheus.scrape()).containsPattern(
        "sync_external_call_seconds_bucket\\{[^}]*operation=\"find_sales_order\",outcome=\"accepted\",system=\"erp\"");
  }

  private Timer timer(String operation, String outcome) {
    return registry.get("sync.external.call").tag("system", "erp").tag("operation", operation)
        .tag("outcome", outcome).timer();
  }

  /** Posts sales orders, rejects credit memos and cancellations, finds nothing, and has no stock service. */
  private static final class ScriptedErp implements ErpPort {

    @Override
    public List<PostResult> postSalesOrders(List<SalesOrderDocument> documents) {
      return List.of(new PostResult.Posted("shopify:1", "SO-1", false));
    }

    @Override
    public List<PostResult> postSalesOrders(List<SalesOrderDocument> documents, java.time.Instant notAfter) {
      return postSalesOrders(documents);
    }

    @Override
    public Optional<ErpDocument> findSalesOrder(String externalReference) {
      return Optional.empty();
    }

    @Override
    public PostResult cancelSalesOrder(String externalReference, String reason) {
      return new PostResult.Rejected(externalReference, "unknown");
    }

    @Override
    public PostResult updateSalesOrder(SalesOrderDocument document) {
      return new PostResult.Posted(document.externalReference(), "SO-1", true);
    }

    @Override
    public List<PostResult> postCreditMemos(List<CreditMemoDocument> documents) {
      return List.of(new PostResult.Posted("a", "CM-1", false), new PostResult.Rejected("b", "unknown SKU"));
    }

    @Override
    public Optional<ErpDocument> findCreditMemo(String externalReference) {
      return Optional.empty();
    }

    @Override
    public List<PostResult> postJournalEntries(List<JournalEntryDocument> entries) {
      return List.of();
    }

    @Override
    public Optional<ErpDocument> findJournalEntry(String reference) {
      return Optional.empty();
    }

    @Override
    public Optional<ErpItem> findItem(String sku) {
      return Optional.empty();
    }

    @Override
    public List<StockLevel> stockBySku(String sku) {
      throw new ErpUnavailableException("down");
    }
  }
}

package io.retailsync.erp.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.retailsync.erp.CreditMemoDocument;
import io.retailsync.erp.ErpPort;
import io.retailsync.erp.ErpProperties;
import io.retailsync.erp.ErpUnavailableException;
import io.retailsync.erp.JournalEntryDocument;
import io.retailsync.erp.MeteredErpPort;
import io.retailsync.erp.PostResult;
import io.retailsync.erp.PostResult.Posted;
import io.retailsync.erp.PostResult.Rejected;
import io.retailsync.erp.SalesOrderDocument;
import io.retailsync.erp.StockLevel;
import io.retailsync.sandbox.SandboxApplication;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The adapter against the real sandbox ERP, on PostgreSQL, with the sandbox's own fault injection. */
@SyncIntegrationTest
class SandboxErpAdapterIT {

  private static ConfigurableApplicationContext sandbox;
  private static URI sandboxRoot;

  private final HttpClient control = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  // references unique per test, so tests neither wipe nor see each other's documents
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private SandboxErpAdapter adapter;
  private ErpPort erp;

  @BeforeAll
  static void startSandbox() {
    // a command-line argument, so it beats sandbox.yml's fixed 8090
    sandbox = SandboxApplication.builder().properties("server.port=0").run("--server.port=0");
    int port = ((WebServerApplicationContext) sandbox).getWebServer().getPort();
    sandboxRoot = URI.create("http://127.0.0.1:" + port);
  }

  @AfterAll
  static void stopSandbox() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @BeforeEach
  void connect() throws Exception {
    clearFaults();
    adapter = new SandboxErpAdapter(new ErpProperties(sandboxRoot.resolve("/erp"), 100, Duration.ofSeconds(5), 20,
        Duration.ofSeconds(2), Duration.ofSeconds(10), 4, Duration.ofMillis(50), Duration.ofMillis(500),
        Duration.ofSeconds(5), ErpProperties.CircuitBreakerProperties.defaults()));
    adapter.bindTo(registry);
    erp = new MeteredErpPort(adapter, registry);
  }

  @AfterEach
  void clearFaults() throws Exception {
    send(HttpRequest.newBuilder(sandboxRoot.resolve("/sandbox/erp/faults")).DELETE());
  }

  @Test
  void postsABatchOfTwentyAndFindsThemAllOnARepeatToAnErpThatKeepsReferencesUnique() throws Exception {
    List<SalesOrderDocument> orders = IntStream.rangeClosed(1, 20).mapToObj(n -> order(run + "-" + n, "SKU-0001"))
        .toList();

    List<PostResult> first;
    List<PostResult> repeat;
    setReferenceMode("unique");
    try {
      first = erp.postSalesOrders(orders);
      repeat = erp.postSalesOrders(orders);
    } finally {
      setReferenceMode("duplicates");
    }

    assertThat(first).hasSize(20).allSatisfy(result ->
        assertThat(result).isInstanceOfSatisfying(Posted.class, posted -> assertThat(posted.existing()).isFalse()));
    assertThat(first).extracting(result -> ((Posted) result).documentNumber()).doesNotHaveDuplicates();
    assertThat(repeat).hasSize(20).allSatisfy(result ->
        assertThat(result).isInstanceOfSatisfying(Posted.class, posted -> assertThat(posted.existing()).isTrue()));
    assertThat(repeat).extracting(result -> ((Posted) result).documentNumber())
        .containsExactlyElementsOf(first.stream().map(result -> ((Posted) result).documentNumber()).toList());
    JsonNode stored = getJson("/erp/sales-orders?channel=regional");
    long ours = IntStream.range(0, stored.size())
        .filter(i -> stored.get(i).path("orderId").asString().startsWith(run + "-")).count();
    assertThat(ours).isEqualTo(20);
    JsonNode one = getJson("/erp/sales-orders?externalReference=" + encode("regional:" + run + "-1")).get(0);
    assertThat(one.path("total").asString()).isEqualTo("48.18");
    assertThat(one.path("lines").get(0).path("unitPrice").asString()).isEqualTo("19.99");
    assertThat(erp.findSalesOrder("regional:" + run + "-7")).hasValueSatisfying(document -> {
      assertThat(document.documentNumber()).isEqualTo(((Posted) first.get(6)).documentNumber());
      assertThat(document.status()).isEqualTo("OPEN");
    });
    assertThat(timerCount("post_sales_orders", "accepted")).isEqualTo(1);
    assertThat(timerCount("post_sales_orders", "duplicate")).isEqualTo(1);
    assertThat(timerCount("find_sales_order", "accepted")).isEqualTo(1);
  }

  @Test
  void looksUpInsteadOfPostingAgainAfterCommitThenFail() throws Exception {
    String single = "regional:" + run + "-single";
    List<SalesOrderDocument> batch = IntStream.rangeClosed(1, 3).mapToObj(n -> order(run + "-batch-" + n, "SKU-0002"))
        .toList();
    putFaults("{\"commitThenFailRate\": 1.0}");

    List<PostResult> singleResult = erp.postSalesOrders(List.of(order(run + "-single", "SKU-0002")));
    List<PostResult> batchResults = erp.postSalesOrders(batch);

    assertThat(singleResult).singleElement().isInstanceOfSatisfying(Posted.class,
        posted -> assertThat(posted.existing()).isTrue());
    assertThat(batchResults).hasSize(3).allSatisfy(result -> assertThat(result)
        .isInstanceOfSatisfying(Posted.class, posted -> assertThat(posted.existing()).isTrue()));
    assertThat(postsReceived(single)).isEqualTo(1);
    for (SalesOrderDocument order : batch) {
      assertThat(postsReceived(order.externalReference())).isEqualTo(1);
    }
  }

  @Test
  void honoursTheErpsRetryAfterAndThenSucceeds() throws Exception {
    putFaults("{\"rateLimitPerSecond\": 1}");
    long start = System.nanoTime();

    List<PostResult> results = IntStream.rangeClosed(1, 3)
        .mapToObj(n -> erp.postSalesOrders(List.of(order(run + "-limited-" + n, "SKU-0003"))).get(0))
        .toList();

    assertThat(results).allSatisfy(result -> assertThat(result).isInstanceOf(Posted.class));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1_500));
    assertThat(registry.get("resilience4j.retry.calls").tag("name", "erp").tag("kind", "successful_with_retry")
        .functionCounter().count()).isGreaterThanOrEqualTo(1);
    for (int n = 1; n <= 3; n++) {
      assertThat(postsReceived("regional:" + run + "-limited-" + n)).isEqualTo(1);
    }
  }

  @Test
  void failsAsUnavailableAfterBoundedRetriesWhenTheErpIsDown() throws Exception {
    putFaults("{\"failureRate\": 1.0}");
    long start = System.nanoTime();

    assertThatThrownBy(() -> erp.postSalesOrders(List.of(order(run + "-down", "SKU-0004"))))
        .isInstanceOf(ErpUnavailableException.class)
        .hasMessageContaining("after 4 attempt(s)");
    assertThatThrownBy(() -> erp.findItem("SKU-0004")).isInstanceOf(ErpUnavailableException.class);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    clearFaults();
    assertThat(postsReceived("regional:" + run + "-down")).isZero();
    assertThat(timerCount("post_sales_orders", "failed")).isEqualTo(1);
    assertThat(timerCount("find_item", "failed")).isEqualTo(1);
  }

  @Test
  void rejectsAnUnknownSkuWithoutFailingItsNeighbours() {
    List<PostResult> results = erp.postSalesOrders(List.of(order(run + "-good", "SKU-0005"),
        order(run + "-bad", "SKU-NOPE")));

    assertThat(results.get(0)).isInstanceOf(Posted.class);
    assertThat(results.get(1)).isInstanceOfSatisfying(Rejected.class, rejected -> {
      assertThat(rejected.externalReference()).isEqualTo("regional:" + run + "-bad");
      assertThat(rejected.reason()).contains("SKU-NOPE");
    });
    assertThat(timerCount("post_sales_orders", "rejected")).isEqualTo(1);
  }

  @Test
  void cancelsRepeatSafelyAndRejectsAnUnknownOrder() {
    String reference = "regional:" + run + "-cancel";
    erp.postSalesOrders(List.of(order(run + "-cancel", "SKU-0006")));

    assertThat(erp.cancelSalesOrder(reference, "customer asked")).isInstanceOf(Posted.class);
    assertThat(erp.cancelSalesOrder(reference, "customer asked")).isInstanceOf(Posted.class);
    assertThat(erp.findSalesOrder(reference)).hasValueSatisfying(
        document -> assertThat(document.status()).isEqualTo("CANCELLED"));
    assertThat(erp.cancelSalesOrder("regional:" + run + "-never", "typo")).isInstanceOf(Rejected.class);
    assertThat(timerCount("cancel_sales_order", "accepted")).isEqualTo(2);
    assertThat(timerCount("cancel_sales_order", "rejected")).isEqualTo(1);
  }

  @Test
  void postsCreditMemosAndBalancedJournalEntriesOnce() throws Exception {
    String orderReference = "regional:" + run + "-refunded";
    erp.postSalesOrders(List.of(order(run + "-refunded", "SKU-0007")));
    CreditMemoDocument memo = new CreditMemoDocument(orderReference + ":refund:1", orderReference, "USD",
        List.of(new CreditMemoDocument.Line("SKU-0007", 1, new BigDecimal("19.99"), new BigDecimal("1.60"))),
        BigDecimal.ZERO, new BigDecimal("21.59"), "damaged");
    JournalEntryDocument entry = new JournalEntryDocument("regional:settlement:" + run, LocalDate.of(2026, 11, 27),
        "payout", List.of(
            new JournalEntryDocument.Line("1200", new BigDecimal("100"), BigDecimal.ZERO, "USD", "receivable"),
            new JournalEntryDocument.Line("4000", BigDecimal.ZERO, new BigDecimal("96.5"), "USD", "sales"),
            new JournalEntryDocument.Line("6100", BigDecimal.ZERO, new BigDecimal("3.50"), "USD", "fees")));

    assertThat(erp.postCreditMemos(List.of(memo))).singleElement().isInstanceOf(Posted.class);
    setReferenceMode("unique");
    try {
      assertThat(erp.postCreditMemos(List.of(memo))).singleElement().isInstanceOfSatisfying(Posted.class,
          posted -> assertThat(posted.existing()).isTrue());
    } finally {
      setReferenceMode("duplicates");
    }
    assertThat(erp.postJournalEntries(List.of(entry))).singleElement().isInstanceOf(Posted.class);
    assertThat(erp.findCreditMemo(memo.externalReference())).isPresent();
    assertThat(erp.findJournalEntry(entry.reference())).isPresent();
    assertThat(erp.findJournalEntry("regional:settlement:" + run + "-none")).isEmpty();
  }

  @Test
  void readsTheItemMasterAndStock() {
    assertThat(erp.findItem("SKU-0001")).hasValueSatisfying(item -> assertThat(item.sku()).isEqualTo("SKU-0001"));
    assertThat(erp.findItem("SKU-NOPE")).isEmpty();
    assertThat(erp.stockBySku("SKU-1000")).containsExactly(new StockLevel("SKU-1000", "WH-EAST", 1));
    assertThat(erp.stockBySku("SKU-0001")).extracting(StockLevel::location)
        .containsExactlyInAnyOrder("WH-EAST", "WH-WEST", "3PL-CENTRAL");
  }

  // ---- helpers

  private static SalesOrderDocument order(String orderId, String sku) {
    return new SalesOrderDocument("regional:" + orderId, "regional", orderId, Instant.parse("2026-11-27T10:00:00Z"),
        "USD", List.of(new SalesOrderDocument.Line("1", sku, 2, new BigDecimal("19.99"), BigDecimal.ZERO,
            new BigDecimal("3.20"), "WH-EAST")),
        new BigDecimal("5.00"), BigDecimal.ZERO, new BigDecimal("48.18"));
  }

  private long timerCount(String operation, String outcome) {
    var timer = registry.find(MeteredErpPort.METRIC).tag("system", "erp").tag("operation", operation)
        .tag("outcome", outcome).timer();
    return timer == null ? 0 : timer.count();
  }

  private long postsReceived(String reference) throws Exception {
    JsonNode stats = getJson("/sandbox/erp/stats?reference=" + encode(reference));
    return stats.path("salesOrders").path(reference).asLong(0);
  }

  private void setReferenceMode(String mode) throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(sandboxRoot.resolve("/sandbox/erp/references"))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"mode\": \"" + mode + "\"}")));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  private void putFaults(String faults) throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(sandboxRoot.resolve("/sandbox/erp/faults"))
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(faults)));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  private JsonNode getJson(String pathAndQuery) throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(sandboxRoot.resolve(pathAndQuery)).GET());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return control.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}

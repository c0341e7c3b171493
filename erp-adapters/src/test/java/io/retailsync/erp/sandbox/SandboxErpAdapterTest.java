package io.retailsync.erp.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.retailsync.erp.CreditMemoDocument;
import io.retailsync.erp.ErpDocument;
import io.retailsync.erp.ErpItem;
import io.retailsync.erp.ErpProperties;
import io.retailsync.erp.ErpUnavailableException;
import io.retailsync.erp.JournalEntryDocument;
import io.retailsync.erp.PostResult;
import io.retailsync.erp.PostResult.Posted;
import io.retailsync.erp.PostResult.Rejected;
import io.retailsync.erp.SalesOrderDocument;
import io.retailsync.erp.StockLevel;
import io.retailsync.erp.sandbox.FakeErp.Request;
import io.retailsync.erp.sandbox.FakeErp.Response;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SandboxErpAdapterTest {

  private static final String BATCH = "/erp/sales-orders/batch";
  private static final String LOOKUP = "/erp/sales-orders";

  private final JsonMapper json = JsonMapper.builder().build();
  private final AtomicInteger documentNumbers = new AtomicInteger();
  private FakeErp erp;

  @AfterEach
  void stopErp() {
    if (erp != null) {
      erp.close();
    }
  }

  @Test
  void postsABatchAndMapsEveryOutcome() throws IOException {
    erp = FakeErp.start(request -> Response.json(200, """
        {"results": [
          {"externalReference": "shopify:1", "outcome": "CREATED", "documentNumber": "SO-000001"},
          {"externalReference": "shopify:2", "outcome": "EXISTING", "documentNumber": "SO-000002"},
          {"externalReference": "shopify:3", "outcome": "REJECTED", "error": "unknown SKU SKU-9999"}]}
        """));

    List<PostResult> results = adapter(fast()).postSalesOrders(List.of(order("shopify:1"), order("shopify:2"),
        order("shopify:3")));

    assertThat(results).containsExactly(
        new Posted("shopify:1", "SO-000001", false),
        new Posted("shopify:2", "SO-000002", true),
        new Rejected("shopify:3", "unknown SKU SKU-9999"));
    assertThat(erp.requests()).hasSize(1);
    assertThat(erp.requests().get(0).is("POST", BATCH)).isTrue();
  }

  @Test
  void writesAmountsAsStringsAtTheCurrencysMinorUnitScale() throws IOException {
    erp = FakeErp.start(this::createdForEach);

    adapter(fast()).postSalesOrders(List.of(order("shopify:1")));

    JsonNode document = json.readTree(erp.requests().get(0).body()).path("documents").get(0);
    assertThat(document.path("externalReference").asString()).isEqualTo("shopify:1");
    assertThat(document.path("orderDate").asString()).isEqualTo("2026-11-27T10:00:00Z");
    assertThat(document.path("shippingAmount").isString()).isTrue();
    assertThat(document.path("shippingAmount").asString()).isEqualTo("5.00");
    assertThat(document.path("shippingTax").asString()).isEqualTo("0.00");
    assertThat(document.path("total").asString()).isEqualTo("48.18");
    JsonNode line = document.path("lines").get(0);
    assertThat(line.path("quantity").isNumber()).isTrue();
    assertThat(line.path("unitPrice").asString()).isEqualTo("19.99");
    assertThat(line.path("discount").asString()).isEqualTo("0.00");
    assertThat(line.path("tax").asString()).isEqualTo("3.20");
    assertThat(line.path("location").asString()).isEqualTo("WH-EAST");
  }

  @Test
  void mapsCreditMemosAndJournalEntriesOntoTheirOwnEndpoints() throws IOException {
    erp = FakeErp.start(this::createdForEach);
    SandboxErpAdapter adapter = adapter(fast());

    adapter.postCreditMemos(List.of(new CreditMemoDocument("shopify:1:refund:9", "shopify:1", "JPY",
        List.of(new CreditMemoDocument.Line("SKU-0001", 1, new BigDecimal("1200"), null)), null,
        new BigDecimal("1200.000"), "damaged")));
    adapter.postJournalEntries(List.of(new JournalEntryDocument("amazon:settlement:7", LocalDate.of(2026, 11, 27),
        "payout", List.of(
            new JournalEntryDocument.Line("1200", new BigDecimal("10.5"), BigDecimal.ZERO, "USD", "receivable"),
            new JournalEntryDocument.Line("4000", BigDecimal.ZERO, new BigDecimal("10.50"), "USD", null)))));

    JsonNode memo = json.readTree(erp.requests("POST", "/erp/credit-memos/batch").get(0).body()).path("documents").get(0);
    assertThat(memo.path("total").asString()).isEqualTo("1200");
    assertThat(memo.path("shippingAmount").asString()).isEqualTo("0");
    assertThat(memo.path("lines").get(0).path("amount").asString()).isEqualTo("1200");
    assertThat(memo.path("salesOrderReference").asString()).isEqualTo("shopify:1");
    JsonNode entry = json.readTree(erp.requests("POST", "/erp/journal-entries/batch").get(0).body())
        .path("documents").get(0);
    assertThat(entry.path("reference").asString()).isEqualTo("amazon:settlement:7");
    assertThat(entry.path("postingDate").asString()).isEqualTo("2026-11-27");
    assertThat(entry.path("lines").get(0).path("debit").asString()).isEqualTo("10.50");
    assertThat(entry.path("lines").get(0).path("credit").asString()).isEqualTo("0.00");
    assertThat(entry.path("lines").get(1).has("memo")).isFalse();
  }

  @Test
  void rejectsWithoutCallingTheErpWhatCannotBeWrittenFaithfully() throws IOException {
    erp = FakeErp.start(this::createdForEach);
    SalesOrderDocument tooPrecise = new SalesOrderDocument("shopify:2", "shopify", "2", Instant.now(), "USD",
        List.of(new SalesOrderDocument.Line("1", "SKU-0001", 1, new BigDecimal("19.995"), null, null, null)),
        null, null, new BigDecimal("19.99"));
    SalesOrderDocument unknownCurrency = new SalesOrderDocument("shopify:3", "shopify", "3", Instant.now(), "XYZ",
        List.of(), null, null, BigDecimal.ONE);

    List<PostResult> results = adapter(fast()).postSalesOrders(List.of(order("shopify:1"), tooPrecise,
        unknownCurrency));

    assertThat(results.get(0)).isInstanceOf(Posted.class);
    assertThat(results.get(1)).isEqualTo(new Rejected("shopify:2",
        "line 1 unitPrice 19.995 has more decimals than USD allows (2)"));
    assertThat(results.get(2)).isEqualTo(new Rejected("shopify:3", "unknown currency XYZ"));
    assertThat(json.readTree(erp.requests().get(0).body()).path("documents").size()).isEqualTo(1);
  }

  @Test
  void splitsLargeBatchesIntoChunksOfTheConfiguredSize() throws IOException {
    erp = FakeErp.start(this::createdForEach);
    List<SalesOrderDocument> orders = IntStream.rangeClosed(1, 45).mapToObj(n -> order("shopify:" + n)).toList();

    List<PostResult> results = adapter(fast()).postSalesOrders(orders);

    assertThat(erp.requests("POST", BATCH)).extracting(request -> json.readTree(request.body())
        .path("documents").size()).containsExactly(20, 20, 5);
    assertThat(results).hasSize(45);
    assertThat(results).extracting(PostResult::externalReference)
        .containsExactlyElementsOf(orders.stream().map(SalesOrderDocument::externalReference).toList());
  }

  @Test
  void honoursRetryAfterOnA429AndThenSucceeds() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    erp = FakeErp.start(request -> calls.incrementAndGet() == 1
        ? Response.problem(429, "Too Many Requests", "slow down").withHeader("Retry-After", "1")
        : createdForEach(request));

    List<PostResult> results = adapter(fast()).postSalesOrders(List.of(order("shopify:1")));

    assertThat(results.get(0)).isInstanceOf(Posted.class);
    List<Request> posts = erp.requests("POST", BATCH);
    assertThat(posts).hasSize(2);
    assertThat(Duration.ofNanos(posts.get(1).receivedAtNanos() - posts.get(0).receivedAtNanos()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    assertThat(erp.requests("GET", LOOKUP)).as("a 429 was not processed: no lookup").isEmpty();
  }

  @Test
  void failsAtOnceWhenTheErpAsksForALongerPauseThanAllowed() throws IOException {
    erp = FakeErp.start(request -> Response.problem(429, "Too Many Requests", "later")
        .withHeader("Retry-After", "120"));

    assertThatThrownBy(() -> adapter(fast()).postSalesOrders(List.of(order("shopify:1"))))
        .isInstanceOfSatisfying(ErpUnavailableException.class,
            failure -> assertThat(failure.retryAfter()).contains(Duration.ofSeconds(120)));
    assertThat(erp.requests()).hasSize(1);
  }

  @Test
  void looksUpEveryDocumentOfAnAmbiguouslyFailedBatchAndRepostsOnlyTheMissingOnes() throws IOException {
    AtomicInteger posts = new AtomicInteger();
    erp = FakeErp.start(request -> {
      if (request.is("POST", BATCH)) {
        return posts.incrementAndGet() == 1 ? Response.problem(500, "Internal Server Error", "committed, then failed")
            : createdForEach(request);
      }
      return request.query().endsWith("shopify:1")
          ? Response.json(200, "[{\"documentNumber\":\"SO-000777\",\"externalReference\":\"shopify:1\",\"status\":\"OPEN\"}]")
          : Response.json(200, "[]");
    });

    List<PostResult> results = adapter(fast()).postSalesOrders(List.of(order("shopify:1"), order("shopify:2")));

    assertThat(results.get(0)).isEqualTo(new Posted("shopify:1", "SO-000777", true));
    assertThat(results.get(1)).isInstanceOf(Posted.class).extracting("existing").isEqualTo(false);
    assertThat(erp.requests("GET", LOOKUP)).extracting(Request::query)
        .containsExactly("externalReference=shopify:1", "externalReference=shopify:2");
    List<Request> batches = erp.requests("POST", BATCH);
    assertThat(batches).hasSize(2);
    assertThat(json.readTree(batches.get(1).body()).path("documents")).extracting(d -> d.path("externalReference").asString())
        .containsExactly("shopify:2");
  }

  @Test
  void aWriteWhoseAnswerNeverCameEndsTheOperationWithoutALookupOrASecondPost() throws IOException {
    AtomicInteger posts = new AtomicInteger();
    erp = FakeErp.start(request -> {
      if (request.is("POST", BATCH)) {
        return posts.incrementAndGet() == 1 ? createdForEach(request).delayedBy(1_500) : createdForEach(request);
      }
      return Response.json(200, "[{\"documentNumber\":\"SO-000001\",\"externalReference\":\"shopify:1\"}]");
    });

    // the ERP may still be storing it: a lookup now could miss it, and a re-post would duplicate it
    assertThatThrownBy(() -> adapter(fast()).postSalesOrders(List.of(order("shopify:1"))))
        .isInstanceOfSatisfying(ErpUnavailableException.class,
            unavailable -> assertThat(unavailable.mayStillBeProcessing()).isTrue());
    assertThat(erp.requests("POST", BATCH)).hasSize(1);
    assertThat(erp.requests("GET", LOOKUP)).isEmpty();
  }

  @Test
  void aGatewaysBadGatewayOnAWriteIsNoAnswerButOnAReadIsAskedAgain() throws IOException {
    AtomicInteger reads = new AtomicInteger();
    erp = FakeErp.start(request -> {
      if (request.is("POST", BATCH)) {
        return Response.problem(502, "Bad Gateway", "proxy");
      }
      return reads.incrementAndGet() == 1 ? Response.problem(504, "Gateway Timeout", "proxy")
          : Response.json(200, "[]");
    });

    assertThatThrownBy(() -> adapter(fast()).postSalesOrders(List.of(order("shopify:1"))))
        .isInstanceOfSatisfying(ErpUnavailableException.class,
            unavailable -> assertThat(unavailable.mayStillBeProcessing()).isTrue());
    assertThat(erp.requests("GET", LOOKUP)).isEmpty();
    assertThat(adapter(fast()).findSalesOrder("shopify:1")).isEmpty();
    assertThat(reads.get()).isEqualTo(2);
  }

  @Test
  void startsNoCallAfterTheCallersDeadline() throws IOException {
    erp = FakeErp.start(request -> createdForEach(request));

    assertThatThrownBy(() -> adapter(fast()).postSalesOrders(List.of(order("shopify:1")),
        java.time.Instant.now().minusMillis(1)))
        .isInstanceOfSatisfying(ErpUnavailableException.class,
            unavailable -> assertThat(unavailable.mayStillBeProcessing()).isFalse())
        .hasMessageContaining("not started");
    assertThat(erp.requests("POST", BATCH)).isEmpty();
    assertThat(adapter(fast()).postSalesOrders(List.of(order("shopify:2")), java.time.Instant.now().plusSeconds(600)))
        .hasSize(1);
  }

  @Test
  void givesUpAfterTheConfiguredAttemptsWhenTheErpIsDown() throws IOException {
    erp = FakeErp.start(request -> Response.problem(503, "Service Unavailable", "down"));

    assertThatThrownBy(() -> adapter(fast()).postSalesOrders(List.of(order("shopify:1"))))
        .isInstanceOf(ErpUnavailableException.class)
        .hasMessageContaining("after 4 attempt(s)");
    // the first post may have been stored: every later attempt must look it up first, never re-post blindly
    assertThat(erp.requests("POST", BATCH)).hasSize(1);
    assertThat(erp.requests("GET", LOOKUP)).hasSize(3);
  }

  @Test
  void retriesAReadUntilTheErpAnswers() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    erp = FakeErp.start(request -> calls.incrementAndGet() < 3 ? Response.problem(502, "Bad Gateway", "proxy")
        : Response.json(200, "[{\"documentNumber\":\"SO-000009\",\"externalReference\":\"shopify:9\",\"status\":\"OPEN\"}]"));

    Optional<ErpDocument> found = adapter(fast()).findSalesOrder("shopify:9");

    assertThat(found).contains(new ErpDocument("SO-000009", "shopify:9", "OPEN"));
    assertThat(erp.requests()).hasSize(3);
  }

  @Test
  void reportsAnUnreachableErpAsUnavailable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    SandboxErpAdapter adapter = adapter(withBaseUrl(fast(), URI.create("http://127.0.0.1:" + closedPort + "/erp")));

    assertThatThrownBy(() -> adapter.postSalesOrders(List.of(order("shopify:1"))))
        .isInstanceOf(ErpUnavailableException.class)
        .hasMessageContaining("could not connect");
  }

  @Test
  void doesNotRejectDocumentsWhenTheErpRefusesOurCredentials() throws IOException {
    erp = FakeErp.start(request -> Response.problem(401, "Unauthorized", "bad token"));

    assertThatThrownBy(() -> adapter(fast()).postSalesOrders(List.of(order("shopify:1"))))
        .isInstanceOf(ErpUnavailableException.class);
    assertThat(erp.requests()).as("not retried").hasSize(1);
  }

  @Test
  void postsOneByOneWhenTheErpRefusesABatchAsAWhole() throws IOException {
    erp = FakeErp.start(request -> {
      if (request.is("POST", BATCH)) {
        return Response.problem(400, "Bad Request", "unreadable batch");
      }
      return request.body().contains("SKU-9999")
          ? Response.problem(422, "Unprocessable Entity", "unknown SKU SKU-9999")
          : Response.json(201, "{\"documentNumber\":\"SO-000001\",\"externalReference\":\"shopify:1\"}");
    });
    SalesOrderDocument unknownSku = new SalesOrderDocument("shopify:2", "shopify", "2", Instant.now(), "USD",
        List.of(new SalesOrderDocument.Line("1", "SKU-9999", 1, BigDecimal.TEN, null, null, null)),
        null, null, BigDecimal.TEN);

    List<PostResult> results = adapter(fast()).postSalesOrders(List.of(order("shopify:1"), unknownSku));

    assertThat(results).containsExactly(new Posted("shopify:1", "SO-000001", false),
        new Rejected("shopify:2", "unknown SKU SKU-9999"));
    assertThat(erp.requests("POST", "/erp/sales-orders")).hasSize(2);
  }

  @Test
  void rejectsASingleDocumentWithTheProblemTitleWhenThereIsNoDetail() throws IOException {
    erp = FakeErp.start(request -> Response.json(409, "{\"title\":\"Conflict\",\"status\":409}"));

    assertThat(adapter(fast()).postSalesOrders(List.of(order("shopify:1"))))
        .containsExactly(new Rejected("shopify:1", "Conflict"));
  }

  @Test
  void cancelsRepeatSafelyAndRejectsAnUnknownOrder() throws IOException {
    erp = FakeErp.start(request -> request.body().contains("shopify:404")
        ? Response.problem(404, "Not Found", "no sales order shopify:404")
        : Response.json(200, "{\"documentNumber\":\"SO-000003\",\"externalReference\":\"shopify:3\",\"status\":\"CANCELLED\"}"));
    SandboxErpAdapter adapter = adapter(fast());

    assertThat(adapter.cancelSalesOrder("shopify:3", "customer")).isEqualTo(new Posted("shopify:3", "SO-000003", false));
    assertThat(adapter.cancelSalesOrder("shopify:404", "customer"))
        .isEqualTo(new Rejected("shopify:404", "no sales order shopify:404"));
    assertThat(erp.requests("POST", "/erp/sales-orders/cancel")).hasSize(2);
  }

  @Test
  void readsItemsAndStock() throws IOException {
    erp = FakeErp.start(request -> switch (request.path()) {
      case "/erp/items/SKU-0001" -> Response.json(200, "{\"sku\":\"SKU-0001\",\"description\":\"Widget\",\"active\":true}");
      case "/erp/stock" -> Response.json(200, "[{\"sku\":\"SKU-0001\",\"location\":\"WH-EAST\",\"onHand\":100}]");
      default -> Response.problem(404, "Not Found", "unknown");
    });
    SandboxErpAdapter adapter = adapter(fast());

    assertThat(adapter.findItem("SKU-0001")).contains(new ErpItem("SKU-0001", "Widget", true));
    assertThat(adapter.findItem("SKU-9999")).isEmpty();
    assertThat(adapter.stockBySku("SKU-0001")).containsExactly(new StockLevel("SKU-0001", "WH-EAST", 100));
    assertThat(erp.requests("GET", "/erp/stock").get(0).query()).isEqualTo("sku=SKU-0001");
  }

  @Test
  void opensTheCircuitAfterRepeatedFailuresAndThenFailsFastWithoutCalling() throws IOException {
    erp = FakeErp.start(request -> Response.problem(503, "Service Unavailable", "down"));
    ErpProperties base = fast();
    SandboxErpAdapter adapter = adapter(new ErpProperties(base.baseUrl(), 1000, Duration.ofSeconds(1), 20,
        Duration.ofMillis(500), Duration.ofSeconds(1), 1, Duration.ofMillis(10), Duration.ofMillis(50),
        Duration.ofSeconds(10), new ErpProperties.CircuitBreakerProperties(50, 4, Duration.ofMinutes(1))));

    for (int call = 0; call < 4; call++) {
      assertThatThrownBy(() -> adapter.findItem("SKU-0001")).isInstanceOf(ErpUnavailableException.class);
    }
    assertThat(adapter.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThatThrownBy(() -> adapter.findItem("SKU-0001"))
        .isInstanceOf(ErpUnavailableException.class).hasMessageContaining("circuit breaker is open");
    assertThat(erp.requests()).hasSize(4);
  }

  @Test
  void aRateLimitAnswerDoesNotCountAgainstTheCircuit() throws IOException {
    erp = FakeErp.start(request -> Response.problem(429, "Too Many Requests", "slow down").withHeader("Retry-After", "0"));
    ErpProperties base = fast();
    SandboxErpAdapter adapter = adapter(new ErpProperties(base.baseUrl(), 1000, Duration.ofSeconds(1), 20,
        Duration.ofMillis(500), Duration.ofSeconds(1), 1, Duration.ofMillis(10), Duration.ofMillis(50),
        Duration.ofSeconds(10), new ErpProperties.CircuitBreakerProperties(50, 2, Duration.ofMinutes(1))));

    for (int call = 0; call < 3; call++) {
      assertThatThrownBy(() -> adapter.findItem("SKU-0001")).isInstanceOf(ErpUnavailableException.class);
    }
    assertThat(adapter.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void encodesTheReferenceInLookups() throws IOException {
    erp = FakeErp.start(request -> Response.json(200, "[]"));

    assertThat(adapter(fast()).findCreditMemo("regional:A 1&2:refund:9")).isEmpty();

    Request lookup = erp.requests().get(0);
    assertThat(lookup.path()).isEqualTo("/erp/credit-memos");
    assertThat(lookup.query()).isEqualTo("reference=regional:A 1&2:refund:9");
  }

  // ---- helpers

  private Response createdForEach(Request request) {
    JsonNode documents = json.readTree(request.body()).path("documents");
    List<String> results = new ArrayList<>();
    for (JsonNode document : documents) {
      String reference = document.has("externalReference") ? document.path("externalReference").asString()
          : document.path("reference").asString();
      results.add("{\"externalReference\":\"" + reference + "\",\"outcome\":\"CREATED\",\"documentNumber\":\"DOC-"
          + documentNumbers.incrementAndGet() + "\"}");
    }
    return Response.json(200, "{\"results\":[" + String.join(",", results) + "]}");
  }

  private SandboxErpAdapter adapter(ErpProperties properties) {
    return new SandboxErpAdapter(properties);
  }

  private ErpProperties fast() {
    return new ErpProperties(erp == null ? URI.create("http://127.0.0.1:9/erp") : erp.baseUrl(), 1000,
        Duration.ofSeconds(1), 20, Duration.ofMillis(500), Duration.ofMillis(400), 4, Duration.ofMillis(10),
        Duration.ofMillis(50), Duration.ofSeconds(10), ErpProperties.CircuitBreakerProperties.defaults());
  }

  private static ErpProperties withBaseUrl(ErpProperties properties, URI baseUrl) {
    return new ErpProperties(baseUrl, properties.rateLimitPerSecond(), properties.rateLimitTimeout(),
        properties.batchSize(), properties.connectTimeout(), properties.readTimeout(), properties.maxAttempts(),
        properties.initialBackoff(), properties.maxBackoff(), properties.maxRetryAfter(),
        properties.circuitBreaker());
  }

  static SalesOrderDocument order(String externalReference) {
    return new SalesOrderDocument(externalReference, "shopify",
        externalReference.substring(externalReference.indexOf(':') + 1), Instant.parse("2026-11-27T10:00:00Z"),
        "USD", List.of(new SalesOrderDocument.Line("1", "SKU-0001", 2, new BigDecimal("19.99"), null,
            new BigDecimal("3.2"), "WH-EAST")),
        new BigDecimal("5"), BigDecimal.ZERO, new BigDecimal("48.18"));
  }
}

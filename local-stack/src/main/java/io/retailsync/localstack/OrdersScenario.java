package io.retailsync.localstack;

import io.retailsync.sandbox.shopify.ShopifyOrder;
import io.retailsync.sandbox.shopify.ShopifyOrderFactory;
import io.retailsync.sandbox.shopify.ShopifyWebhookSender;
import io.retailsync.sandbox.shopify.WebhookDelivery;
import io.retailsync.sandbox.shopify.WebhookEvent;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code --scenario=orders}: N new Shopify orders, each {@code orders/create} webhook delivered twice, signed
 * as Shopify signs it, to {@code POST /webhooks/shopify} on the ingestion service. Half the orders get
 * their two deliveries back to back (overlapping, the concurrent-duplicate race); the other half get the
 * second delivery in a later wave (Shopify's retry). Then it polls the sandbox ERP until every order shows
 * up as a sales order (or the timeout), and reports:
 * <ul>
 *   <li>how many orders reached the ERP, as distinct sales orders, and whether any was posted twice;
 *   <li>duplicates suppressed: the rise of {@code sync_duplicates_suppressed_total} (all kinds) on 8081;
 *   <li>webhook answer latency p50/p95/p99 over every delivery;
 *   <li>end-to-end latency p50/p95/p99: first delivery sent to the sales order's {@code createdAt} in the ERP.
 * </ul>
 * The exit code is 0 only when exactly N sales orders exist for the N orders, one each.
 */
final class OrdersScenario {

  static final String SHOP_DOMAIN = "sandbox-shop.myshopify.com";
  static final String WEBHOOK_SECRET = "sandbox-shopify-secret";
  static final String CHANNEL = "shopify";
  static final int SEND_CONCURRENCY = 8;
  static final int POLL_CONCURRENCY = 4;

  private static final Logger log = LoggerFactory.getLogger(OrdersScenario.class);
  private static final ZoneOffset SHOP_OFFSET = ZoneOffset.ofHours(-5);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** What the scenario found; {@link #ok()} when exactly one sales order exists per order. */
  record Result(int orders, int deliveries, int delivered2xx, int reachedErp, int salesOrders, int postedTwice,
      long erpPosts, double duplicatesSuppressed, Percentiles webhookMillis, Percentiles endToEndMillis, boolean timedOut) {

    boolean ok() {
      return reachedErp == orders && salesOrders == orders && postedTwice == 0;
    }
  }

  record Percentiles(int count, double p50, double p95, double p99) {

    static Percentiles of(List<Double> values) {
      List<Double> sorted = new ArrayList<>(values);
      Collections.sort(sorted);
      return new Percentiles(sorted.size(), rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99));
    }

    /** Nearest-rank percentile; NaN for no values. */
    private static double rank(List<Double> sorted, double quantile) {
      if (sorted.isEmpty()) {
        return Double.NaN;
      }
      int index = (int) Math.ceil(quantile * sorted.size()) - 1;
      return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    @Override
    public String toString() {
      return count == 0 ? "no samples"
          : String.format(Locale.ROOT, "p50=%.1f p95=%.1f p99=%.1f (n=%d)", p50, p95, p99, count);
    }
  }

  private final int ingestionPort;
  private final int sandboxPort;
  private final int count;
  private final Duration timeout;
  private final PrintStream out;
  private final HttpClient http = ShopifyWebhookSender.defaultClient();

  OrdersScenario(int ingestionPort, int sandboxPort, int count, Duration timeout, PrintStream out) {
    this.ingestionPort = ingestionPort;
    this.sandboxPort = sandboxPort;
    this.count = count;
    this.timeout = timeout;
    this.out = out;
  }

  /** Runs the scenario, prints the report, answers the exit code (0: exactly N sales orders). */
  int run() {
    try {
      Result result = execute();
      report(result);
      return result.ok() ? 0 : 1;
    } catch (Exception e) {
      log.error("scenario failed", e);
      out.println("scenario orders: FAILED: " + e);
      return 1;
    }
  }

  Result execute() throws Exception {
    URI webhook = URI.create("http://127.0.0.1:" + ingestionPort + "/webhooks/shopify");
    ShopifyWebhookSender sender = new ShopifyWebhookSender(http, webhook, SHOP_DOMAIN, WEBHOOK_SECRET,
        ShopifyWebhookSender.DEFAULT_API_VERSION, Duration.ofSeconds(30));
    // ids from the clock, so a second run against the same data directory sends new orders
    long firstId = System.currentTimeMillis() * 1000;
    ShopifyOrderFactory factory = new ShopifyOrderFactory(
        ShopifyOrderFactory.Settings.seeded(ThreadLocalRandom.current().nextLong())
            .withFirstOrderId(firstId)
            .withFirstLineItemId(firstId * 2)
            .withStart(OffsetDateTime.now(SHOP_OFFSET)));
    List<ShopifyOrder> orders = new ArrayList<>(count);
    List<WebhookEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ShopifyOrder order = factory.next(ShopifyOrderFactory.OrderOptions.random()
          .withCreatedAt(OffsetDateTime.now(SHOP_OFFSET)));
      orders.add(order);
      events.add(WebhookEvent.ordersCreate(order));
    }
    // even orders: both deliveries back to back (they overlap); odd orders: the second one in a later wave
    List<Integer> schedule = new ArrayList<>(2 * count);
    for (int i = 0; i < count; i++) {
      schedule.add(i);
      if (i % 2 == 0) {
        schedule.add(i);
      }
    }
    for (int i = 1; i < count; i += 2) {
      schedule.add(i);
    }

    double duplicatesBefore = duplicatesSuppressed();
    out.printf(Locale.ROOT, "scenario orders: sending %d orders/create webhooks to %s, each delivered twice%n",
        count, webhook);
    Map<Integer, Instant> firstSent = new ConcurrentHashMap<>();
    List<CompletableFuture<WebhookDelivery>> answers = new ArrayList<>(schedule.size());
    Semaphore permits = new Semaphore(SEND_CONCURRENCY);
    for (int index : schedule) {
      permits.acquireUninterruptibly();
      firstSent.putIfAbsent(index, Instant.now());
      answers.add(sender.sendAsync(events.get(index)).whenComplete((delivery, failure) -> permits.release()));
    }
    List<WebhookDelivery> deliveries = answers.stream().map(CompletableFuture::join).toList();
    int delivered = (int) deliveries.stream().filter(WebhookDelivery::delivered).count();
    List<Double> webhookMillis = deliveries.stream().filter(d -> d.status() > 0)
        .map(d -> d.latency().toNanos() / 1e6).toList();
    deliveries.stream().filter(d -> !d.delivered()).limit(5).forEach(d -> out.printf(Locale.ROOT,
        "  webhook answer %d for event %s: %s%n", d.status(), d.eventId(),
        d.error() != null ? d.error() : abbreviate(d.responseBody())));

    // poll the ERP until every order has a sales order, or the timeout. One GET /sandbox/erp/stats per
    // round tells which references were posted; only those orders' sales orders are then fetched, so the
    // polling adds little load to the stack it measures.
    Map<Integer, List<JsonNode>> found = new ConcurrentHashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    ExecutorService pollers = Executors.newFixedThreadPool(POLL_CONCURRENCY);
    boolean timedOut = false;
    try {
      while (found.size() < count) {
        Map<String, Long> posted = SandboxErpStats.salesOrderPosts(http, sandboxPort);
        List<CompletableFuture<Void>> round = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          String orderId = orders.get(i).orderId();
          if (!found.containsKey(i) && (posted == null || posted.containsKey(reference(orderId)))) {
            int index = i;
            round.add(CompletableFuture.runAsync(() -> {
              List<JsonNode> salesOrders = salesOrders(orderId);
              if (!salesOrders.isEmpty()) {
                found.put(index, salesOrders);
              }
            }, pollers));
          }
        }
        CompletableFuture.allOf(round.toArray(CompletableFuture[]::new)).join();
        if (found.size() >= count) {
          break;
        }
        if (System.nanoTime() > deadline) {
          timedOut = true;
          break;
        }
        Thread.sleep(250);
      }
      // a last look at every order that arrived, so a second sales order posted late is still counted
      Thread.sleep(500);
      List<CompletableFuture<Void>> recount = new ArrayList<>();
      for (int index : List.copyOf(found.keySet())) {
        recount.add(CompletableFuture.runAsync(
            () -> found.put(index, salesOrders(orders.get(index).orderId())), pollers));
      }
      CompletableFuture.allOf(recount.toArray(CompletableFuture[]::new)).join();
    } finally {
      pollers.shutdownNow();
    }
    Map<String, Long> finalPosts = SandboxErpStats.salesOrderPosts(http, sandboxPort);
    long erpPosts = 0;
    if (finalPosts != null) {
      for (ShopifyOrder order : orders) {
        erpPosts += finalPosts.getOrDefault(reference(order.orderId()), 0L);
      }
    }

    int salesOrders = 0;
    int postedTwice = 0;
    List<Double> endToEnd = new ArrayList<>();
    for (Map.Entry<Integer, List<JsonNode>> entry : found.entrySet()) {
      List<JsonNode> documents = entry.getValue();
      salesOrders += documents.size();
      if (documents.size() > 1) {
        postedTwice++;
      }
      Instant created = earliestCreatedAt(documents);
      if (created != null) {
        endToEnd.add(Math.max(0, Duration.between(firstSent.get(entry.getKey()), created).toNanos() / 1e6));
      }
    }
    double duplicates = duplicatesSuppressed() - duplicatesBefore;
    return new Result(count, deliveries.size(), delivered, found.size(), salesOrders, postedTwice, erpPosts,
        duplicates, Percentiles.of(webhookMillis), Percentiles.of(endToEnd), timedOut);
  }

  void report(Result result) {
    out.printf(Locale.ROOT, "scenario orders: %d orders, %d webhook deliveries, %d answered 2xx%n",
        result.orders(), result.deliveries(), result.delivered2xx());
    out.printf(Locale.ROOT, "  reached the ERP:          %d of %d orders (%d distinct sales orders, %d orders posted more than once)%s%n",
        result.reachedErp(), result.orders(), result.salesOrders(), result.postedTwice(),
        result.timedOut() ? " - timed out after " + timeout.toSeconds() + " s" : "");
    out.printf(Locale.ROOT, "  ERP posts received:       %d for these %d orders (GET /sandbox/erp/stats; a repeat is answered by the ERP's own idempotency)%n",
        result.erpPosts(), result.orders());
    out.printf(Locale.ROOT, "  duplicates suppressed:    %.0f (rise of sync_duplicates_suppressed_total on %d)%n",
        result.duplicatesSuppressed(), ingestionPort);
    out.printf(Locale.ROOT, "  webhook answer latency:   %s ms%n", result.webhookMillis());
    out.printf(Locale.ROOT, "  end-to-end latency:       %s ms (webhook sent -> sales order created in the ERP)%n",
        result.endToEndMillis());
    out.printf(Locale.ROOT, "scenario orders: %s%n", result.ok()
        ? "OK - exactly " + result.orders() + " sales orders"
        : "FAILED - expected exactly " + result.orders() + " sales orders, found " + result.salesOrders());
    out.flush();
  }

  /** The sales order's external reference, {@code {channel}:{orderId}}. */
  private static String reference(String orderId) {
    return CHANNEL + ":" + orderId;
  }

  /** The ERP's sales orders for one Shopify order id ({@code GET /erp/sales-orders?channel=&orderId=}). */
  private List<JsonNode> salesOrders(String orderId) {
    URI uri = URI.create("http://127.0.0.1:" + sandboxPort + "/erp/sales-orders?channel=" + CHANNEL + "&orderId="
        + URLEncoder.encode(orderId, StandardCharsets.UTF_8));
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return List.of();
      }
      JsonNode array = JSON.readTree(response.body());
      List<JsonNode> documents = new ArrayList<>();
      array.forEach(documents::add);
      return documents;
    } catch (IOException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  private static Instant earliestCreatedAt(List<JsonNode> documents) {
    Instant earliest = null;
    for (JsonNode document : documents) {
      JsonNode created = document.get("createdAt");
      if (created == null || !created.isString()) {
        continue;
      }
      try {
        Instant instant = OffsetDateTime.parse(created.stringValue()).toInstant();
        earliest = earliest == null || instant.isBefore(earliest) ? instant : earliest;
      } catch (DateTimeParseException e) {
        // not a timestamp: no end-to-end sample for this order
      }
    }
    return earliest;
  }

  /** The sum over every series of {@code sync_duplicates_suppressed_total} on the ingestion service. */
  private double duplicatesSuppressed() throws InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + ingestionPort + "/actuator/prometheus");
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      return sumOf(response.body(), "sync_duplicates_suppressed_total");
    } catch (IOException e) {
      log.warn("could not read {}: {}", uri, e.toString());
      return 0;
    }
  }

  static double sumOf(String prometheusText, String metric) {
    double sum = 0;
    for (String line : prometheusText.split("\n")) {
      if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
        // "name{labels} value" or "name{labels} value timestamp"
        int start = line.startsWith(metric + "{") ? line.lastIndexOf('}') + 1 : metric.length();
        String[] parts = line.substring(start).trim().split(" ");
        try {
          sum += Double.parseDouble(parts[0]);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
          // not a sample line
        }
      }
    }
    return sum;
  }

  private static String abbreviate(String text) {
    if (text == null) {
      return "";
    }
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}

package io.retailsync.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bench's polled channels: orders created at the Amazon, Walmart and eBay stand-ins in turn, at a fixed
 * rate during the measured window, taken in by the ingestion service's pollers (no webhook: the poll
 * interval bounds their latency). Arrival in the ERP is stamped from {@code /sandbox/erp/stats} as for the
 * webhook orders; afterwards every order must have exactly one post.
 */
final class PolledLoad implements AutoCloseable {

  static final List<String> CHANNELS = List.of("amazon", "walmart", "ebay");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** One channel's figures. */
  record ChannelResult(String channel, int created, int failedToCreate, int arrived, int postedOnce, int postedTwice,
      double p50Millis, double p99Millis) {}

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
  private final int sandboxPort;
  private final int rate;
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, runnable -> {
    Thread thread = new Thread(runnable, "bench-polled-load");
    thread.setDaemon(true);
    return thread;
  });
  /** reference → nanoTime the order was created at the marketplace. */
  private final Map<String, Long> createdAt = new ConcurrentHashMap<>();
  private final Map<String, Long> arrivedAt = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
  private final AtomicInteger turn = new AtomicInteger();

  PolledLoad(int sandboxPort, int rate) {
    this.sandboxPort = sandboxPort;
    this.rate = rate;
    CHANNELS.forEach(channel -> failures.put(channel, new AtomicInteger()));
  }

  /** Creates {@code rate} orders a second for {@code window}; and stamps arrivals every 200 ms from now on. */
  void start(Duration window) {
    long period = 1_000_000_000L / rate;
    long count = rate * window.toSeconds();
    AtomicInteger sent = new AtomicInteger();
    scheduler.scheduleAtFixedRate(() -> {
      if (sent.getAndIncrement() >= count) {
        return;
      }
      create(CHANNELS.get(Math.floorMod(turn.getAndIncrement(), CHANNELS.size())));
    }, 0, period, TimeUnit.NANOSECONDS);
    scheduler.scheduleWithFixedDelay(this::stampArrivals, 200, 200, TimeUnit.MILLISECONDS);
  }

  boolean allArrived() {
    return arrivedAt.keySet().containsAll(createdAt.keySet());
  }

  int created() {
    return createdAt.size();
  }

  private void create(String channel) {
    String sku = String.format(Locale.ROOT, "SKU-%04d", ThreadLocalRandom.current().nextInt(1, 991));
    String body = "{\"lines\": [{\"sku\": \"" + sku + "\", \"quantity\": 1}]}";
    long at = System.nanoTime();
    try {
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandboxPort
              + "/sandbox/" + channel + "/orders")).timeout(Duration.ofSeconds(10))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() / 100 != 2) {
        failures.get(channel).incrementAndGet();
        return;
      }
      JsonNode created = JSON.readTree(answer.body());
      String orderId = switch (channel) {
        case "amazon" -> created.get("orders").get(0).get("AmazonOrderId").asString();
        case "walmart" -> created.get("purchaseOrderId").asString();
        default -> created.get("orderId").asString();
      };
      createdAt.put(channel + ":" + orderId, at);
    } catch (Exception e) {
      failures.get(channel).incrementAndGet();
    }
  }

  private void stampArrivals() {
    Map<String, Long> posts = SandboxErpStats.salesOrderPosts(http, sandboxPort);
    if (posts == null) {
      return;
    }
    long now = System.nanoTime();
    for (String reference : createdAt.keySet()) {
      if (!arrivedAt.containsKey(reference) && posts.containsKey(reference)) {
        arrivedAt.put(reference, now);
      }
    }
  }

  /** Per channel, once the pipeline is quiet: created, arrived, posted once, latency from creation. */
  List<ChannelResult> results() {
    stampArrivals();
    Map<String, Long> posts = SandboxErpStats.salesOrderPosts(http, sandboxPort);
    Map<String, List<Double>> latencies = new LinkedHashMap<>();
    Map<String, int[]> counts = new LinkedHashMap<>();
    CHANNELS.forEach(channel -> {
      latencies.put(channel, new ArrayList<>());
      counts.put(channel, new int[4]);
    });
    createdAt.forEach((reference, at) -> {
      String channel = reference.substring(0, reference.indexOf(':'));
      int[] count = counts.get(channel);
      count[0]++;
      Long arrived = arrivedAt.get(reference);
      if (arrived != null) {
        count[1]++;
        latencies.get(channel).add((arrived - at) / 1e6);
      }
      long n = posts == null ? -1 : posts.getOrDefault(reference, 0L);
      count[2] += n == 1 ? 1 : 0;
      count[3] += n > 1 ? 1 : 0;
    });
    List<ChannelResult> results = new ArrayList<>();
    for (String channel : CHANNELS) {
      List<Double> sorted = latencies.get(channel).stream().sorted().toList();
      int[] count = counts.get(channel);
      results.add(new ChannelResult(channel, count[0], failures.get(channel).get(), count[1], count[2], count[3],
          percentile(sorted, 0.50), percentile(sorted, 0.99)));
    }
    return results;
  }

  private static double percentile(List<Double> sorted, double quantile) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(quantile * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}

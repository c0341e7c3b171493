package io.retailsync.bench;

import io.retailsync.model.Order;
import io.retailsync.model.OrderLine;
import io.retailsync.model.event.EventType;
import io.retailsync.model.event.Topics;
import io.retailsync.sync.events.CloudEventCodec;
import io.retailsync.sync.events.EventFactory;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The available-to-promise benchmark: order events at a fixed rate over many SKUs, from this process, into a local
 * stack running as a child process, once with the channels' rate limits off and once with them on. Measures, per
 * channel, how long an order takes to show on the channel (from the time the event was due to the time the channel
 * stand-in accepted a quantity reflecting it), the same for the orders that take a SKU's last unit, the pushes per
 * order, and the full-feed duration of the same SKUs, from which a full-feed-every-interval baseline is derived; then
 * checks that every channel ends on the projection's quantities. See docs/benchmark-inventory.md.
 */
public final class InventoryBench {

  static final String GROUP = "inventory-sync-service";
  static final int FIRST_SKU = 10_001;
  static final String LOCATION = "WH-EAST";

  private final Options options;
  private final PrintStream out;

  InventoryBench(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Flags, all {@code --name=value}. */
  record Options(int rate, int duration, int warmup, int skus, int lastUnitsPerSecond, int deepStock,
      List<String> phases, Path stackJar, Path dataDir, List<String> javaOptions, Duration quietTimeout, Path result, boolean attach) {

    static Options parse(String[] args) {
      Map<String, String> flags = new HashMap<>();
      for (String arg : args) {
        if (!arg.startsWith("--") || !arg.contains("=")) {
          throw new IllegalArgumentException("flags are --name=value, got " + arg);
        }
        flags.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
      }
      Options options = new Options(
          Integer.parseInt(flags.getOrDefault("rate", "1000")),
          Integer.parseInt(flags.getOrDefault("duration", "60")),
          Integer.parseInt(flags.getOrDefault("warmup", "20")),
          Integer.parseInt(flags.getOrDefault("skus", "10000")),
          Integer.parseInt(flags.getOrDefault("last-units-per-second", "5")),
          Integer.parseInt(flags.getOrDefault("deep-stock", "1000")),
          List.of(flags.getOrDefault("phases", "off,on").split(",")),
          Path.of(flags.getOrDefault("stack-jar", "local-stack/target/local-stack-0.1.0-SNAPSHOT-exec.jar")),
          Path.of(flags.getOrDefault("data-dir", ".local-stack-bench")).toAbsolutePath(),
          List.of(flags.getOrDefault("stack-java-opts", "-Xmx3g").split(" ")),
          Duration.ofSeconds(Long.parseLong(flags.getOrDefault("quiet-timeout", "1200"))),
          Path.of(flags.getOrDefault("result", "bench/target/inventory-bench.json")),
          Boolean.parseBoolean(flags.getOrDefault("attach", "false")));
      flags.keySet().removeAll(List.of("rate", "duration", "warmup", "skus", "last-units-per-second", "deep-stock",
          "phases", "stack-jar", "data-dir", "stack-java-opts", "quiet-timeout", "result", "attach"));
      if (!flags.isEmpty()) {
        throw new IllegalArgumentException("unknown flags " + flags.keySet());
      }
      if (options.lastUnits() >= options.skus() || options.rate() < 1 || options.duration() < 1 || options.skus() > 80_000) {
        throw new IllegalArgumentException("need rate ≥ 1, duration ≥ 1, skus ≤ 80000 and fewer last units than SKUs");
      }
      for (String phase : options.phases()) {
        if (!phase.equals("off") && !phase.equals("on")) {
          throw new IllegalArgumentException("phases are off and on, got " + phase);
        }
      }
      return options;
    }

    int lastUnits() {
      return lastUnitsPerSecond * duration;
    }
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    InventoryBench bench = new InventoryBench(options, System.out);
    ObjectNode result = StackClient.JSON.createObjectNode();
    result.putPOJO("config", options.toString());
    boolean ok = true;
    for (String phase : options.phases()) {
      ObjectNode measured = result.putObject("rateLimits-" + phase);
      ok &= bench.phase(phase, measured);
    }
    result.put("ok", ok);
    Files.createDirectories(options.result().toAbsolutePath().getParent());
    Files.writeString(options.result(), StackClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
    bench.out.println("inventory-bench: json " + options.result().toAbsolutePath());
    bench.out.println("inventory-bench: result " + (ok ? "OK" : "FAILED")
        + " - every channel " + (ok ? "ends on" : "does not end on") + " the projection's quantities");
    System.exit(ok ? 0 : 1);
  }

  /** The stack's arguments for a phase: with limits off, the clients' own limits and the feeds' delays go too. */
  static List<String> stackArguments(String phase) {
    // the inventory service alone with the sandbox: the order events come from this bench, not from the
    // ingestion service (which would post them to the ERP), and nothing else competes for the two cores
    List<String> arguments = new ArrayList<>(List.of("--services=sandbox,inventory-sync-service"));
    if (phase.equals("on")) {
      return arguments;
    }
    for (String operation : List.of("patch-listings-item", "get-listings-item", "create-feed-document", "create-feed",
        "get-feed", "get-feed-document")) {
      arguments.add("--sync.amazon.inventory.rate-limits." + operation + ".rate=100000");
      arguments.add("--sync.amazon.inventory.rate-limits." + operation + ".burst=100000");
    }
    for (String operation : List.of("update-inventory", "get-inventory", "submit-feed", "get-feed-status")) {
      arguments.add("--sync.walmart.inventory." + operation + ".per-second=100000");
      arguments.add("--sync.walmart.inventory." + operation + ".burst=100000");
    }
    for (String operation : List.of("bulk-update-price-quantity", "get-inventory-item")) {
      arguments.add("--sync.ebay.inventory." + operation + ".per-second=100000");
      arguments.add("--sync.ebay.inventory." + operation + ".burst=100000");
    }
    arguments.add("--sync.amazon.inventory.feed-poll-interval=100ms");
    arguments.add("--sync.walmart.inventory.feed-poll-interval=100ms");
    arguments.add("--sandbox.channels.feed-step-delay=0s");
    return arguments;
  }

  boolean phase(String phase, ObjectNode report) throws Exception {
    String tag = "inventory-bench[" + phase + "]: ";
    out.println(tag + "starting the local stack (own process, --reset, data " + options.dataDir() + ")");
    try (LocalStackProcess stack = options.attach() ? null : LocalStackProcess.start(options.stackJar(),
        options.dataDir(), options.javaOptions(), stackArguments(phase), Duration.ofMinutes(5));
        StackClient client = new StackClient("http://127.0.0.1:8082", "http://127.0.0.1:8090", "127.0.0.1:19092",
            "local-ops-token", "local-ingest-token")) {
      for (String channel : StackClient.CHANNELS) {
        client.sandbox("PUT", "/sandbox/channels/" + channel + "/faults", "{\"rateLimits\": " + phase.equals("on") + "}");
      }
      checkRules(client);
      awaitQuiet(client, "start-up baseline");
      return run(tag, client, report);
    }
  }

  private boolean run(String tag, StackClient client, ObjectNode report) throws Exception {
    List<String> skus = new ArrayList<>();
    Map<String, Integer> stock = new LinkedHashMap<>();
    for (int i = 0; i < options.skus(); i++) {
      String sku = String.format(Locale.ROOT, "SKU-%05d", FIRST_SKU + i);
      skus.add(sku);
      stock.put(sku, i < options.lastUnits() ? 1 : options.deepStock());
    }
    // the SKUs' stock: a count of every SKU, which every channel must then show
    ObjectNode snapshot = StackClient.JSON.createObjectNode();
    snapshot.put("snapshotId", "bench-" + System.currentTimeMillis());
    snapshot.put("location", LOCATION);
    snapshot.put("takenAt", Instant.now().toString());
    ArrayNode items = snapshot.putArray("items");
    stock.forEach((sku, onHand) -> items.addObject().put("sku", sku).put("onHand", onHand));
    client.inventory("POST", "/api/inventory/snapshots", client.ingestToken(), snapshot.toString());
    awaitQuiet(client, "the count of " + skus.size() + " SKUs");

    // a full feed: every SKU's quantity pushed again to every channel, as a full-feed connector would each time
    Map<String, long[]> statsBefore = channelStats(client);
    Map<String, Long> historyMark = historyMarks(client);
    long feedStart = System.currentTimeMillis();
    client.inventory("POST", "/api/inventory/baseline", client.opsToken(), null);
    Map<String, Long> feedMillis = new LinkedHashMap<>();
    Map<String, Map<String, Long>> shownAfter = new HashMap<>();
    long feedDeadline = System.nanoTime() + options.quietTimeout().toNanos();
    while (feedMillis.size() < StackClient.CHANNELS.size()) {
      if (System.nanoTime() > feedDeadline) {
        throw new IllegalStateException("the full feed did not reach every channel within " + options.quietTimeout());
      }
      // the history's own times measure the feed; looking seldom keeps the bench off the stack's cores
      Thread.sleep(2_000);
      Map<String, List<Propagation.Shown>> feedHistory = history(client, historyMark, stock);
      for (String channel : StackClient.CHANNELS) {
        Map<String, Long> firstShown = new HashMap<>();
        feedHistory.get(channel).forEach(shown -> firstShown.putIfAbsent(shown.sku(), shown.atMillis() - feedStart));
        if (firstShown.size() == skus.size()) {
          feedMillis.put(channel, firstShown.values().stream().mapToLong(Long::longValue).max().orElseThrow());
          shownAfter.put(channel, firstShown);
        }
      }
    }
    awaitQuiet(client, "the full feed");
    Map<String, long[]> statsAfterFeed = channelStats(client);
    historyMark = historyMarks(client);

    // the load: open loop, each event stamped with the time it was due
    List<Propagation.Sent> sent = new ArrayList<>();
    LoadResult load = sendOrders(tag, client, skus, stock, sent);
    awaitQuiet(client, "after the load");
    long quietAt = System.currentTimeMillis();
    Map<String, long[]> statsAfterLoad = channelStats(client);
    Map<String, List<Propagation.Shown>> loadHistory = history(client, historyMark, stock);

    // what is left: every channel on the generator's own arithmetic and on the projection
    Map<String, Integer> expected = new HashMap<>(stock);
    sent.forEach(order -> expected.merge(order.sku(), order.quantityAfter(), Math::min));
    Map<String, Integer> projectionMismatches = projectionMismatches(client, expected);
    ObjectNode channels = report.putObject("channels");
    report.put("orders", sent.size());
    report.put("ordersMeasured", load.measured);
    report.put("offeredPerSecond", options.rate());
    report.put("sentPerSecond", load.sentPerSecond);
    report.put("generatorLagMaxMs", load.lagMaxMillis);
    report.put("consumerLagMax", load.consumerLagMax);
    report.put("drainedAfterMs", quietAt - load.endMillis);
    out.printf(Locale.ROOT, "%sload orders=%d (measured %d) offered=%d/s sent=%.1f/s generator-lag-max=%d ms"
            + " consumer-lag-max=%d drained %.1f s after the last order%n", tag, sent.size(), load.measured,
        options.rate(), load.sentPerSecond, load.lagMaxMillis, load.consumerLagMax, (quietAt - load.endMillis) / 1000.0);
    boolean ok = projectionMismatches.values().stream().allMatch(n -> n == 0);
    for (String channel : StackClient.CHANNELS) {
      Propagation.Result result = Propagation.of(sent, loadHistory.get(channel));
      Percentiles all = Percentiles.of(result.all());
      Percentiles lastUnit = Percentiles.of(result.lastUnit());
      long calls = statsAfterLoad.get(channel)[0] - statsAfterFeed.get(channel)[0];
      long updates = statsAfterLoad.get(channel)[1] - statsAfterFeed.get(channel)[1];
      long feedCalls = statsAfterFeed.get(channel)[0] - statsBefore.get(channel)[0];
      int shownWrong = shownMismatches(client, channel, expected);
      ok &= shownWrong == 0 && result.neverShown() == 0;
      // the best a full feed can do: one after the other, each as long as the one measured
      double interval = Math.max(1_000, feedMillis.get(channel));
      Percentiles fullFeed = Percentiles.of(Propagation.fullFeed(sent, shownAfter.get(channel), interval,
          load.startMillis));
      double seconds = (load.endMillis - load.startMillis) / 1000.0;
      double feedCallsPerOrder = feedCalls * (seconds * 1000 / interval) / Math.max(1, load.measured);
      ObjectNode one = channels.putObject(channel);
      one.putPOJO("propagationMs", all);
      one.putPOJO("lastUnitPropagationMs", lastUnit);
      one.put("neverShown", result.neverShown());
      one.put("callsPerOrder", (double) calls / sent.size());
      one.put("skuUpdatesPerOrder", (double) updates / sent.size());
      one.put("channelMismatches", shownWrong);
      one.put("projectionMismatches", projectionMismatches.get(channel));
      one.put("fullFeedMs", feedMillis.get(channel));
      one.put("fullFeedCalls", feedCalls);
      one.putPOJO("fullFeedEveryIntervalPropagationMs", fullFeed);
      one.put("fullFeedEveryIntervalCallsPerOrder", feedCallsPerOrder);
      out.printf(Locale.ROOT, "%s%-8s propagation %s | last unit %s | never shown %d%n", tag, channel, all, lastUnit,
          result.neverShown());
      out.printf(Locale.ROOT, "%s%-8s pushes calls/order=%.3f sku-updates/order=%.3f | final: channel≠expected %d,"
              + " projection≠expected %d%n", tag, channel, (double) calls / sent.size(), (double) updates / sent.size(),
          shownWrong, projectionMismatches.get(channel));
      out.printf(Locale.ROOT, "%s%-8s full feed of %d SKUs took %.1f s in %d calls; a full feed every %.1f s would"
              + " show these orders after %s, %.3f calls/order%n", tag, channel, skus.size(),
          feedMillis.get(channel) / 1000.0, feedCalls, interval / 1000.0, fullFeed, feedCallsPerOrder);
    }
    report.put("ok", ok);
    return ok;
  }

  private record LoadResult(long startMillis, long endMillis, int measured, double sentPerSecond, long lagMaxMillis,
      long consumerLagMax) {}

  private LoadResult sendOrders(String tag, StackClient client, List<String> skus, Map<String, Integer> stock,
      List<Propagation.Sent> sent) throws Exception {
    EventFactory upstream = new EventFactory("order-ingestion-service", Clock.systemUTC());
    Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:19092",
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    SplittableRandom random = new SplittableRandom(42);
    Map<String, Integer> remaining = new HashMap<>(stock);
    int lastUnits = options.lastUnits();
    int total = options.rate() * (options.warmup() + options.duration());
    int measuredFrom = options.rate() * options.warmup();
    int lastUnitEvery = Math.max(1, options.rate() / Math.max(1, options.lastUnitsPerSecond()));
    AtomicLong failures = new AtomicLong();
    long consumerLagMax = 0;
    long lagMax = 0;
    long lastSent;
    int measured = 0;
    int nextLastUnit = 0;
    out.printf(Locale.ROOT, "%ssending %d order events/s for %d s (warm-up %d s) over %d SKUs, %d of them taken to"
        + " zero by one order each during the window%n", tag, options.rate(), options.duration(), options.warmup(),
        skus.size(), lastUnits);
    ExecutorService sampler = Executors.newSingleThreadExecutor();
    long start = System.currentTimeMillis() + 500;
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
        new ByteArraySerializer())) {
      Future<Long> lagSampler = sampler.submit(() -> sampleLag(client, start + total * 1000L / options.rate()));
      for (int i = 0; i < total; i++) {
        long due = start + (long) i * 1000 / options.rate();
        long wait = due - System.currentTimeMillis();
        if (wait > 0) {
          Thread.sleep(wait);
        }
        lagMax = Math.max(lagMax, System.currentTimeMillis() - due);
        boolean inWindow = i >= measuredFrom;
        boolean lastUnit = inWindow && nextLastUnit < lastUnits && (i - measuredFrom) % lastUnitEvery == 0;
        String sku = lastUnit ? skus.get(nextLastUnit++)
            : skus.get(lastUnits + random.nextInt(skus.size() - lastUnits));
        int quantity = lastUnit ? 1 : 1 + random.nextInt(2);
        int after = remaining.merge(sku, -quantity, Integer::sum);
        String channel = StackClient.CHANNELS.get(random.nextInt(StackClient.CHANNELS.size()));
        Order order = order(channel, "bench-" + start + "-" + i, sku, quantity, Instant.ofEpochMilli(due));
        var envelope = upstream.create(EventType.ORDER_CREATED, Topics.orderKey(channel, order.orderId()), channel,
            order.externalReference(), "bench-" + i, order);
        producer.send(CloudEventCodec.toRecord(withTime(envelope, Instant.ofEpochMilli(due))), (metadata, error) -> {
          if (error != null) {
            failures.incrementAndGet();
          }
        });
        sent.add(new Propagation.Sent(sku, due, Math.max(0, after), inWindow, lastUnit));
        measured += inWindow ? 1 : 0;
      }
      producer.flush();
      lastSent = System.currentTimeMillis();
      consumerLagMax = lagSampler.get();
    } finally {
      sampler.shutdownNow();
    }
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " order events could not be sent");
    }
    long end = lastSent;
    long windowStart = start + (long) measuredFrom * 1000 / options.rate();
    return new LoadResult(windowStart, end, measured, measured * 1000.0 / Math.max(1, end - windowStart), lagMax,
        consumerLagMax);
  }

  private static io.retailsync.model.event.EventEnvelope withTime(io.retailsync.model.event.EventEnvelope event,
      Instant time) {
    return new io.retailsync.model.event.EventEnvelope(event.id(), event.source(), event.type(), time, event.subject(),
        event.idempotencyKey(), event.correlationId(), event.channel(), event.schemaVersion(), event.payload());
  }

  private static long sampleLag(StackClient client, long until) throws Exception {
    long max = 0;
    while (System.currentTimeMillis() < until + 5_000) {
      max = Math.max(max, client.lag(GROUP, List.of(Topics.ORDERS)));
      Thread.sleep(1_000);
    }
    return max;
  }

  private static Order order(String channel, String orderId, String sku, int quantity, Instant at) {
    BigDecimal price = new BigDecimal("9.99");
    return new Order(channel, orderId, null, at, at, "USD", null,
        List.of(new OrderLine("1", sku, quantity, price, BigDecimal.ZERO, BigDecimal.ZERO, "Bench item")),
        BigDecimal.ZERO, BigDecimal.ZERO, price.multiply(BigDecimal.valueOf(quantity)), null);
  }

  /** The rules must be plain (no buffer, cap or floor), or the bench's arithmetic would not be the channels'. */
  private static void checkRules(StackClient client) throws Exception {
    JsonNode rules = client.inventory("GET", "/api/inventory/channel-rules", client.opsToken(), null);
    for (String channel : StackClient.CHANNELS) {
      JsonNode rule = rules.get(channel);
      if (rule == null || rule.get("buffer").asInt() != 0 || rule.get("floor").asInt() != 0
          || !(rule.get("cap") == null || rule.get("cap").isNull()) || !rule.get("skuBuffers").isEmpty()
          || !hasLocation(rule, LOCATION)) {
        throw new IllegalStateException("the bench needs " + channel + " fed from " + LOCATION
            + " without buffer, cap or floor; its rule is " + rule);
      }
    }
  }

  private static boolean hasLocation(JsonNode rule, String location) {
    for (JsonNode one : rule.get("locations")) {
      if (one.asString().equals(location)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Until the service has consumed every order event, no push waits and no channel is called, on five looks a
   * second apart: longer than the waiting gauge's refresh (2 s), so a stale zero cannot pass for quiet.
   */
  private void awaitQuiet(StackClient client, String what) throws Exception {
    long deadline = System.nanoTime() + options.quietTimeout().toNanos();
    int quietLooks = 0;
    long lastCalls = -1;
    while (quietLooks < 5) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not quiet within " + options.quietTimeout() + " (" + what + ")");
      }
      long calls = channelStats(client).values().stream().mapToLong(counts -> counts[0]).sum();
      boolean quiet = client.lag(GROUP, List.of(Topics.ORDERS)) == 0
          && client.inventoryMetric("sync_inventory_pushes_waiting") == 0 && calls == lastCalls;
      lastCalls = calls;
      quietLooks = quiet ? quietLooks + 1 : 0;
      Thread.sleep(1_000);
    }
  }

  private static Map<String, long[]> channelStats(StackClient client) throws Exception {
    JsonNode stats = client.sandbox("GET", "/sandbox/channels/stats", null);
    Map<String, long[]> counts = new HashMap<>();
    for (String channel : StackClient.CHANNELS) {
      JsonNode one = stats.get(channel);
      counts.put(channel, new long[] {one.get("calls").asLong(), one.get("accepted").asLong()});
    }
    return counts;
  }

  private static Map<String, Long> historyMarks(StackClient client) throws Exception {
    Map<String, Long> marks = new HashMap<>();
    for (String channel : StackClient.CHANNELS) {
      marks.put(channel, client.sandbox("GET", "/sandbox/channels/" + channel + "/inventory/history?limit=1&after="
          + Long.MAX_VALUE / 2, null).get("last").asLong());
    }
    return marks;
  }

  /** What each channel accepted since {@code marks}, for the bench's SKUs. */
  private static Map<String, List<Propagation.Shown>> history(StackClient client, Map<String, Long> marks,
      Map<String, Integer> skus) throws Exception {
    Map<String, List<Propagation.Shown>> history = new HashMap<>();
    for (String channel : StackClient.CHANNELS) {
      List<Propagation.Shown> shown = new ArrayList<>();
      long after = marks.get(channel);
      while (true) {
        JsonNode page = client.sandbox("GET", "/sandbox/channels/" + channel + "/inventory/history?limit=100000&after="
            + after, null);
        if (page.get("forgotten").asLong() > 0 && after < page.get("forgotten").asLong()) {
          throw new IllegalStateException(channel + "'s history forgot entries the bench needs");
        }
        JsonNode entries = page.get("entries");
        if (entries.isEmpty()) {
          break;
        }
        for (JsonNode entry : entries) {
          String sku = entry.get("sku").asString();
          if (skus.containsKey(sku)) {
            shown.add(new Propagation.Shown(sku, entry.get("quantity").asInt(),
                Instant.parse(entry.get("at").asString()).toEpochMilli()));
          }
          after = entry.get("seq").asLong();
        }
      }
      history.put(channel, shown);
    }
    return history;
  }

  private static int shownMismatches(StackClient client, String channel, Map<String, Integer> expected)
      throws Exception {
    Map<String, Integer> shown = new HashMap<>();
    for (JsonNode level : client.sandbox("GET", "/sandbox/channels/" + channel + "/inventory", null)) {
      shown.put(level.get("sku").asString(), level.get("quantity").asInt());
    }
    int wrong = 0;
    for (Map.Entry<String, Integer> want : expected.entrySet()) {
      if (!want.getValue().equals(shown.get(want.getKey()))) {
        wrong++;
      }
    }
    return wrong;
  }

  /** Per channel, the SKUs whose ATP on 8082 is not the generator's expectation (read 8 at a time). */
  private static Map<String, Integer> projectionMismatches(StackClient client, Map<String, Integer> expected)
      throws Exception {
    Map<String, Integer> wrong = new LinkedHashMap<>();
    StackClient.CHANNELS.forEach(channel -> wrong.put(channel, 0));
    ExecutorService readers = Executors.newFixedThreadPool(8);
    try {
      List<Future<JsonNode>> positions = new ArrayList<>();
      for (String sku : expected.keySet()) {
        positions.add(readers.submit(() -> client.inventory("GET", "/api/inventory/" + sku, client.opsToken(), null)));
      }
      int i = 0;
      for (String sku : expected.keySet()) {
        JsonNode position = positions.get(i++).get();
        for (String channel : StackClient.CHANNELS) {
          JsonNode atp = position == null ? null : position.get("atpByChannel").get(channel);
          if (atp == null || atp.asInt() != expected.get(sku)) {
            if (wrong.values().stream().mapToInt(Integer::intValue).sum() < 3) {
              System.out.println("inventory-bench: " + sku + " on " + channel + ": expected " + expected.get(sku)
                  + ", the projection says " + position);
            }
            wrong.merge(channel, 1, Integer::sum);
          }
        }
      }
    } finally {
      readers.shutdownNow();
    }
    return wrong;
  }
}

package io.retailsync.localstack;

import io.retailsync.localstack.BenchStats.Summary;
import io.retailsync.sandbox.shopify.ShopifyOrder;
import io.retailsync.sandbox.shopify.ShopifyOrderFactory;
import io.retailsync.sandbox.shopify.ShopifyWebhookSender;
import io.retailsync.sandbox.shopify.WebhookDelivery;
import io.retailsync.sandbox.shopify.WebhookEvent;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code --scenario=bench}: new Shopify orders at a fixed rate (open loop: a fixed-rate pacer hands every
 * delivery to a bounded sender pool at its scheduled time whatever the previous answers did, and latency
 * is measured from that scheduled time, so queueing shows up instead of being hidden by coordinated
 * omission), each {@code orders/create} webhook delivered {@code deliveriesPerOrder} times (the repeats
 * 5 ms apart, same event id). A warm-up at the same rate fills the pipeline, then the measured window
 * runs; afterwards it waits (bounded) for the ERP to catch up. Arrival in the ERP is observed cheaply: one
 * {@code GET /sandbox/erp/stats} every {@value #POLL_MILLIS} ms lists every reference posted, and the first
 * poll listing an order's reference stamps its arrival. Then it checks exactly-once (one sales order per
 * order), measures the raw single-row insert rate of the same PostgreSQL ({@link InsertProbe}), prints the
 * {@code bench:} block and writes it as JSON to {@code <data-dir>/bench-result.json}.
 */
final class BenchScenario {

  static final long POLL_MILLIS = 200;
  static final Duration DUPLICATE_SPACING = Duration.ofMillis(5);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  static final int MANY_CLIENTS = 8;
  static final int VERIFY_CONCURRENCY = 4;
  static final String RESULT_FILE = "bench-result.json";
  static final long BUCKET_SECONDS = 10;

  private static final Logger log = LoggerFactory.getLogger(BenchScenario.class);
  private static final ZoneOffset SHOP_OFFSET = ZoneOffset.ofHours(-5);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Where the stack's PostgreSQL is, as its services connect to it. */
  record Database(String url, String user, String password) {}

  private final int ingestionPort;
  private final int sandboxPort;
  private final LocalStackOptions.Bench settings;
  private final Database database;
  private final int erpRateLimit;
  private final Path resultFile;
  private final PrintStream out;
  private final HttpClient control = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  BenchScenario(int ingestionPort, int sandboxPort, LocalStackOptions.Bench settings, Database database,
      Path dataDir, PrintStream out) {
    this(ingestionPort, sandboxPort, settings, database, 20, dataDir, out);
  }

  BenchScenario(int ingestionPort, int sandboxPort, LocalStackOptions.Bench settings, Database database,
      int erpRateLimit, Path dataDir, PrintStream out) {
    this.erpRateLimit = erpRateLimit;
    this.ingestionPort = ingestionPort;
    this.sandboxPort = sandboxPort;
    this.settings = settings;
    this.database = database;
    this.resultFile = dataDir.resolve(RESULT_FILE);
    this.out = out;
  }

  /** The polled channels' figures of the last run (empty without {@code --polled-rate}). */
  private List<PolledLoad.ChannelResult> polledResults = List.of();

  /** Runs the benchmark, prints the report, answers the exit code (0: exactly one sales order per order). */
  int run() {
    try {
      BenchReport report = execute();
      report.lines().forEach(out::println);
      boolean polledOk = true;
      for (PolledLoad.ChannelResult channel : polledResults) {
        boolean once = channel.failedToCreate() == 0 && channel.postedOnce() == channel.created();
        polledOk &= once;
        out.printf(Locale.ROOT, "%spolled %-7s %d orders created (%d failed to create), %d in the ERP, posted once %d,"
                + " twice or more %d; created -> sales order p50/p99 = %.0f/%.0f ms%s%n", BenchReport.PREFIX,
            channel.channel(), channel.created(), channel.failedToCreate(), channel.arrived(), channel.postedOnce(),
            channel.postedTwice(), channel.p50Millis(), channel.p99Millis(), once ? "" : "  NOT EXACTLY ONCE");
      }
      try {
        Files.createDirectories(resultFile.getParent());
        Map<String, Object> result = new java.util.LinkedHashMap<>(report.toMap());
        if (!polledResults.isEmpty()) {
          result.put("polled", polledResults);
        }
        Files.writeString(resultFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result) + "\n");
        out.println(BenchReport.PREFIX + "json " + resultFile);
      } catch (IOException | RuntimeException e) {
        out.println(BenchReport.PREFIX + "json NOT written to " + resultFile + ": " + e);
      }
      out.flush();
      return report.ok() && polledOk ? 0 : 1;
    } catch (Exception e) {
      log.error("benchmark failed", e);
      out.println(BenchReport.PREFIX + "result FAILED: " + e);
      out.flush();
      return 1;
    }
  }

  BenchReport execute() throws Exception {
    int rate = settings.rate();
    int per = settings.deliveriesPerOrder();
    long period = 1_000_000_000L / rate;
    int warmupOrders = Math.toIntExact(rate * settings.warmup().toSeconds());
    int measuredOrders = Math.toIntExact(rate * settings.duration().toSeconds());
    int total = warmupOrders + measuredOrders;
    URI webhook = URI.create("http://127.0.0.1:" + ingestionPort + "/webhooks/shopify");
    Run run = new Run(total, per, new ShopifyWebhookSender(ShopifyWebhookSender.defaultClient(), webhook,
        OrdersScenario.SHOP_DOMAIN, OrdersScenario.WEBHOOK_SECRET, ShopifyWebhookSender.DEFAULT_API_VERSION,
        REQUEST_TIMEOUT));

    double duplicatesBefore = duplicatesSuppressed();
    out.printf(Locale.ROOT, "%sstarting: %d orders/s x %d deliveries to %s: %d s warm-up, ERP catch-up, %d s measured "
            + "(%d orders)%n", BenchReport.PREFIX, rate, per, webhook, settings.warmup().toSeconds(),
        settings.duration().toSeconds(), total);
    out.flush();
    try {
      run.startPolling();
      // warm-up: the same open-loop rate, then a pause until the ERP has every warm-up order, so the window
      // starts warm (JIT, pools, caches) and with an empty pipeline
      long warmupEnd = System.nanoTime();
      double warmupCatchUp = Double.NaN;
      boolean warmupTimedOut = false;
      if (warmupOrders > 0) {
        long warmupStart = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        run.pace(0, warmupOrders, warmupStart, period, settings.warmup());
        warmupEnd = warmupStart + warmupOrders * period;
        warmupTimedOut = !run.awaitSeen(warmupOrders, warmupEnd + settings.catchUpTimeout().toNanos());
        warmupCatchUp = (System.nanoTime() - warmupEnd) / 1e9;
        out.printf(Locale.ROOT, "%swarm-up: %d orders sent; %s %.1f s after the last; measuring%n",
            BenchReport.PREFIX, warmupOrders, warmupTimedOut ? "the ERP had NOT caught up" : "the ERP had them all",
            warmupCatchUp);
        out.flush();
      }
      long windowStart = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
      long windowEnd = windowStart + measuredOrders * period;
      run.measureCpuBetween(windowStart, windowEnd);
      double[] erpBefore = erpCalls();
      PolledLoad polled = settings.polledRate() > 0 ? new PolledLoad(sandboxPort, settings.polledRate()) : null;
      if (polled != null) {
        polled.start(settings.duration());
      }
      run.pace(warmupOrders, total, windowStart, period, settings.duration());
      double[] erpAfter = erpCalls();
      run.stopSending();
      out.printf(Locale.ROOT, "%ssent %d orders; waiting up to %d s for the ERP (%d there so far)%n",
          BenchReport.PREFIX, total, settings.catchUpTimeout().toSeconds(), run.seen.get());
      out.flush();
      boolean timedOut = !run.awaitSeen(total, windowEnd + settings.catchUpTimeout().toNanos());
      if (polled != null) {
        // polled orders arrive a poll interval or two after their creation
        long polledDeadline = windowEnd + settings.catchUpTimeout().toNanos();
        while (!polled.allArrived() && System.nanoTime() < polledDeadline) {
          Thread.sleep(200);
        }
      }
      run.stopPolling();
      Thread.sleep(500); // a second post of an order, if any, would land in this time
      if (polled != null) {
        // the pollers' overlap re-reads the edge: a second post, if any, would come within a poll or two
        Thread.sleep(12_000);
        polledResults = polled.results();
        polled.close();
      }

      // exactly-once: every order's sales orders, once, after the measurement (so not part of its load)
      int[] salesOrdersPerOrder = countSalesOrders(run.orderIds);
      Map<String, Long> finalPosts = SandboxErpStats.salesOrderPosts(control, sandboxPort);
      long erpPosts = 0;
      if (finalPosts != null) {
        for (String orderId : run.orderIds) {
          erpPosts += finalPosts.getOrDefault(reference(orderId), 0L);
        }
      }
      double duplicates = duplicatesSuppressed() - duplicatesBefore;
      run.failures.stream().limit(5).forEach(f -> out.println(BenchReport.PREFIX + "delivery failed: " + f));

      // the raw insert rate of the same PostgreSQL, with the stack idle again
      InsertProbe.Rate one = null;
      InsertProbe.Rate many = null;
      String insertError = null;
      out.printf(Locale.ROOT, "%smeasuring raw single-row inserts on %s: %d s with 1 client, %d s with %d%n",
          BenchReport.PREFIX, database.url(), settings.insertDuration().toSeconds(),
          settings.insertDuration().toSeconds(), MANY_CLIENTS);
      out.flush();
      try (InsertProbe probe = InsertProbe.create(database.url(), database.user(), database.password())) {
        one = probe.run(1, settings.insertDuration());
        many = probe.run(MANY_CLIENTS, settings.insertDuration());
      } catch (Exception e) {
        log.warn("raw insert probe failed", e);
        insertError = e.toString();
      }

      return summarise(new Timeline(run.scheduled, warmupOrders, per, windowStart, windowEnd), run.handedOver,
          run.firstSeen, run.started, run.answered, run.status, salesOrdersPerOrder, erpPosts, duplicates, timedOut,
          run.lagMax, run.queueMax, one, many, insertError, BenchStats.mean(run.cpuSystem),
          BenchStats.mean(run.cpuJvm), run.pollMillis, warmupCatchUp, warmupTimedOut,
          new double[] {erpAfter[0] - erpBefore[0], erpAfter[1] - erpBefore[1]});
    } finally {
      run.close();
    }
  }

  /**
   * One run's moving parts: the pacer (a fixed-rate scheduler that hands each delivery to the senders at its
   * scheduled time, never waiting for earlier answers), the bounded sender pool, the ERP poller, and what they
   * record. Each array is written by one thread and read by the main thread only after that thread's executor
   * has terminated.
   */
  private final class Run implements AutoCloseable {

    final int per;
    final ShopifyWebhookSender sender;
    final ShopifyOrderFactory factory;
    final String[] orderIds;
    final long[] scheduled;
    final long[] handedOver;
    final long[] firstSeen;
    final long[] started;
    final long[] answered;
    final int[] status;
    final Map<String, Integer> byReference;
    final Queue<String> failures = new ConcurrentLinkedQueue<>();
    final AtomicInteger seen = new AtomicInteger();
    final List<Double> cpuSystem = new ArrayList<>();
    final List<Double> cpuJvm = new ArrayList<>();
    final List<Double> pollMillis = new ArrayList<>();
    final ScheduledThreadPoolExecutor pacer = new ScheduledThreadPoolExecutor(1, named("bench-pacer"));
    final ThreadPoolExecutor senders;
    final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(named("bench-poller"));
    final com.sun.management.OperatingSystemMXBean os = operatingSystem();
    volatile long cpuFrom = Long.MAX_VALUE;
    volatile long cpuTo = Long.MIN_VALUE;
    long lagMax;
    int queueMax;
    ScheduledFuture<?> polls;

    Run(int total, int per, ShopifyWebhookSender sender) {
      this.per = per;
      this.sender = sender;
      // ids from the clock, so a second run against the same data directory sends new orders
      long firstId = System.currentTimeMillis() * 1000;
      this.factory = new ShopifyOrderFactory(
          ShopifyOrderFactory.Settings.seeded(ThreadLocalRandom.current().nextLong())
              .withFirstOrderId(firstId)
              .withFirstLineItemId(firstId * 2)
              .withStart(OffsetDateTime.now(SHOP_OFFSET)));
      int slots = Math.multiplyExact(total, per);
      orderIds = new String[total];
      scheduled = filled(total);
      handedOver = filled(total);
      firstSeen = filled(total);
      started = filled(slots);
      answered = filled(slots);
      status = new int[slots];
      Arrays.fill(status, -1);
      byReference = new ConcurrentHashMap<>(total * 2);
      senders = new ThreadPoolExecutor(settings.senders(), settings.senders(), 0, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(), named("bench-sender"));
    }

    /** Orders {@code from} to {@code to - 1}, order {@code i} at {@code t0 + (i - from) * period}; returns after the last. */
    void pace(int from, int to, long t0, long period, Duration length) throws InterruptedException {
      if (from >= to) {
        return;
      }
      AtomicInteger next = new AtomicInteger(from);
      CountDownLatch last = new CountDownLatch(1);
      long spacing = DUPLICATE_SPACING.toNanos();
      ScheduledFuture<?> ticks = pacer.scheduleAtFixedRate(() -> {
        int i = next.getAndIncrement();
        if (i >= to) {
          return;
        }
        long intended = t0 + (i - from) * period;
        long now = System.nanoTime();
        lagMax = Math.max(lagMax, now - intended);
        ShopifyOrder order = factory.next(ShopifyOrderFactory.OrderOptions.random()
            .withCreatedAt(OffsetDateTime.now(SHOP_OFFSET)));
        orderIds[i] = order.orderId();
        scheduled[i] = intended;
        handedOver[i] = now;
        byReference.put(reference(order.orderId()), i);
        WebhookEvent event = WebhookEvent.ordersCreate(order);
        senders.execute(() -> deliver(event, i * per, intended));
        for (int k = 1; k < per; k++) {
          int slot = i * per + k;
          long intendedRepeat = intended + k * spacing;
          pacer.schedule(() -> senders.execute(() -> deliver(event, slot, intendedRepeat)),
              Math.max(0, intendedRepeat - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        if (i == to - 1) {
          last.countDown();
        }
      }, Math.max(0, t0 - System.nanoTime()), period, TimeUnit.NANOSECONDS);
      try {
        if (!last.await(length.toNanos() + TimeUnit.SECONDS.toNanos(60), TimeUnit.NANOSECONDS)) {
          throw new IllegalStateException("the pacer fell behind by more than 60 s; lower --rate");
        }
      } finally {
        ticks.cancel(false);
      }
    }

    private void deliver(WebhookEvent event, int slot, long intended) {
      started[slot] = System.nanoTime();
      WebhookDelivery delivery = sender.sendAsync(event).join();
      answered[slot] = System.nanoTime();
      status[slot] = delivery.status();
      if (!delivery.delivered() && failures.size() < 20) {
        failures.add("status " + delivery.status() + " for event " + delivery.eventId() + ": "
            + (delivery.error() != null ? delivery.error() : abbreviate(delivery.responseBody())));
      }
    }

    /** Hands the repeats still scheduled to the senders, then lets the senders finish. */
    void stopSending() throws InterruptedException {
      pacer.shutdown();
      pacer.awaitTermination(10, TimeUnit.SECONDS);
      senders.shutdown();
    }

    void startPolling() {
      polls = poller.scheduleAtFixedRate(this::poll, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    void measureCpuBetween(long from, long to) {
      cpuFrom = from;
      cpuTo = to;
    }

    /** One {@code GET /sandbox/erp/stats}: stamps every order seen there for the first time. */
    private void poll() {
      long requested = System.nanoTime();
      Map<String, Long> posts = SandboxErpStats.salesOrderPosts(control, sandboxPort);
      long stamp = System.nanoTime();
      pollMillis.add(BenchStats.millis(requested, stamp));
      if (posts != null) {
        for (String ref : posts.keySet()) {
          Integer index = byReference.get(ref);
          if (index != null && firstSeen[index] == BenchStats.NEVER) {
            firstSeen[index] = stamp;
            seen.incrementAndGet();
          }
        }
      }
      queueMax = Math.max(queueMax, senders.getQueue().size());
      double system = os == null ? Double.NaN : os.getCpuLoad();
      double jvm = os == null ? Double.NaN : os.getProcessCpuLoad();
      if (stamp - cpuFrom >= 0 && stamp - cpuTo <= 0) {
        if (system >= 0) {
          cpuSystem.add(system);
        }
        if (jvm >= 0) {
          cpuJvm.add(jvm);
        }
      }
    }

    /** Waits until {@code count} orders were seen in the ERP or {@code deadline} (nanoTime); true if they were. */
    boolean awaitSeen(int count, long deadline) throws InterruptedException {
      while (seen.get() < count && System.nanoTime() - deadline < 0) {
        Thread.sleep(50);
      }
      return seen.get() >= count;
    }

    void stopPolling() throws InterruptedException {
      polls.cancel(false);
      poller.shutdown();
      poller.awaitTermination(30, TimeUnit.SECONDS);
      if (!senders.awaitTermination(REQUEST_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS)) {
        log.warn("webhook deliveries still running after the wait");
      }
    }

    @Override
    public void close() {
      pacer.shutdownNow();
      senders.shutdownNow();
      poller.shutdownNow();
    }
  }

  /**
   * The run's clock: {@code scheduled[i]} is when order {@code i}'s first delivery was due (its repeats
   * {@link #DUPLICATE_SPACING} apart); orders below {@code warmupOrders} are the warm-up; the measured window
   * is {@code [windowStart, windowEnd)}.
   */
  record Timeline(long[] scheduled, int warmupOrders, int deliveriesPerOrder, long windowStart, long windowEnd) {

    /** Warm-up and window back to back at one rate, order {@code i} at {@code t0 + i * period}. */
    static Timeline uniform(long t0, long period, int warmupOrders, int orders, int deliveriesPerOrder) {
      long[] scheduled = new long[orders];
      for (int i = 0; i < orders; i++) {
        scheduled[i] = t0 + i * period;
      }
      return new Timeline(scheduled, warmupOrders, deliveriesPerOrder, t0 + warmupOrders * period,
          t0 + orders * period);
    }

    long scheduled(int order) {
      return scheduled[order];
    }

    int orders() {
      return scheduled.length;
    }

    long windowNanos() {
      return windowEnd - windowStart;
    }

    /** When the first order was due (the window's start when there is no warm-up). */
    long firstScheduled() {
      return scheduled.length == 0 ? windowStart : Math.min(scheduled[0], windowStart);
    }
  }

  BenchReport summarise(Timeline time, long[] handedOver, long[] firstSeen, long[] started,
      long[] answered, int[] status, int[] salesOrdersPerOrder, long erpPosts, double duplicates, boolean timedOut,
      long lagMaxNanos, int queueMax, InsertProbe.Rate one, InsertProbe.Rate many, String insertError,
      double cpuSystem, double cpuJvm, List<Double> pollMillis, double warmupCatchUpSeconds,
      boolean warmupTimedOut, double[] erpCallsInWindow) {
    int per = time.deliveriesPerOrder();
    long answered2xx = 0;
    long answeredOther = 0;
    long noAnswer = 0;
    long[] accepted = filled(status.length);
    List<Double> answerMillis = new ArrayList<>();
    List<Double> serviceMillis = new ArrayList<>();
    for (int slot = 0; slot < status.length; slot++) {
      int order = slot / per;
      long scheduled = time.scheduled(order) + (slot % per) * DUPLICATE_SPACING.toNanos();
      if (status[slot] >= 200 && status[slot] < 300) {
        answered2xx++;
        accepted[slot] = answered[slot];
      } else if (status[slot] > 0) {
        answeredOther++;
      } else {
        noAnswer++;
      }
      if (order >= time.warmupOrders() && status[slot] > 0) {
        answerMillis.add(BenchStats.millis(scheduled, answered[slot]));
        serviceMillis.add(BenchStats.millis(started[slot], answered[slot]));
      }
    }
    List<Double> endToEnd = new ArrayList<>();
    List<Double> warmupEndToEnd = new ArrayList<>();
    long lastSeen = BenchStats.NEVER;
    long backlogAtStart = 0;
    long backlogAtEnd = 0;
    for (int i = 0; i < time.orders(); i++) {
      long seenAt = firstSeen[i];
      if (seenAt != BenchStats.NEVER) {
        lastSeen = lastSeen == BenchStats.NEVER ? seenAt : Math.max(lastSeen, seenAt);
      }
      backlogAtStart += inFlight(time.scheduled(i), seenAt, time.windowStart()) ? 1 : 0;
      backlogAtEnd += inFlight(time.scheduled(i), seenAt, time.windowEnd()) ? 1 : 0;
      if (seenAt != BenchStats.NEVER) {
        (i >= time.warmupOrders() ? endToEnd : warmupEndToEnd).add(BenchStats.millis(time.scheduled(i), seenAt));
      }
    }
    long window = time.windowNanos();
    long reached = 0;
    long salesOrders = 0;
    long moreThanOne = 0;
    for (int count : salesOrdersPerOrder) {
      reached += count > 0 ? 1 : 0;
      salesOrders += count;
      moreThanOne += count > 1 ? 1 : 0;
    }
    BenchReport.Config config = new BenchReport.Config(settings.rate(), settings.duration().toSeconds(),
        settings.warmup().toSeconds(), per, settings.senders(), POLL_MILLIS, settings.catchUpTimeout().toSeconds(),
        Runtime.getRuntime().availableProcessors(), "http://127.0.0.1:" + ingestionPort + "/webhooks/shopify",
        database.url());
    BenchReport.Load load = new BenchReport.Load(time.orders(), time.orders() - time.warmupOrders(), status.length,
        answered2xx, answeredOther, noAnswer,
        BenchStats.perSecond(BenchStats.countWithin(handedOver, time.windowStart(), time.windowEnd()), window),
        lagMaxNanos / 1e6, queueMax);
    BenchReport.Throughput throughput = new BenchReport.Throughput(
        BenchStats.perSecond(BenchStats.countWithin(firstSeen, time.windowStart(), time.windowEnd()), window),
        BenchStats.perSecond(BenchStats.countWithin(accepted, time.windowStart(), time.windowEnd()), window),
        backlogAtStart,
        backlogAtEnd,
        lastSeen == BenchStats.NEVER ? Double.NaN : Math.max(0, (lastSeen - time.windowEnd()) / 1e9),
        timedOut);
    BenchReport.Latency latency = new BenchReport.Latency(Summary.of(answerMillis), Summary.of(serviceMillis),
        Summary.of(endToEnd));
    BenchReport.ExactlyOnce exactlyOnce = new BenchReport.ExactlyOnce(time.orders(), reached, salesOrders,
        moreThanOne, erpPosts, duplicates);
    BenchReport.Resources resources = new BenchReport.Resources(cpuSystem, cpuJvm, pollMillis.size(),
        BenchStats.mean(pollMillis));
    BenchReport.Warmup warmup = new BenchReport.Warmup(time.warmupOrders(), warmupCatchUpSeconds, warmupTimedOut,
        Summary.of(warmupEndToEnd));
    long arrivals = BenchStats.countWithin(firstSeen, time.windowStart(), time.windowEnd());
    BenchReport.Erp erp = new BenchReport.Erp(BenchStats.perSecond((long) erpCallsInWindow[0], window),
        BenchStats.ratio(arrivals, erpCallsInWindow[0]), BenchStats.ratio(erpCallsInWindow[1] * 1000, erpCallsInWindow[0]),
        erpRateLimit);
    return new BenchReport(config, warmup, load, throughput, latency, exactlyOnce, one, many, insertError, resources,
        erp, timeline(time, firstSeen, accepted, answered, status, lastSeen));
  }

  /** Whether an order scheduled at {@code scheduled} and first seen at {@code seen} was on its way at {@code at}. */
  static boolean inFlight(long scheduled, long seen, long at) {
    return scheduled - at < 0 && (seen == BenchStats.NEVER || seen - at >= 0);
  }

  /**
   * The run in {@value #BUCKET_SECONDS}-second slices aligned on the window's start (so the window's slices are
   * exactly its own), from the first scheduled send to the last arrival; {@code startSecond} is relative to
   * the window's start (negative: warm-up).
   */
  static List<BenchReport.Bucket> timeline(Timeline time, long[] firstSeen, long[] accepted, long[] answered,
      int[] status, long lastSeen) {
    int per = time.deliveriesPerOrder();
    long width = BUCKET_SECONDS * 1_000_000_000L;
    long before = (time.windowStart() - time.firstScheduled() + width - 1) / width;
    long origin = time.windowStart() - before * width;
    long end = lastSeen == BenchStats.NEVER ? time.windowEnd() : Math.max(time.windowEnd(), lastSeen + 1);
    int count = (int) ((end - origin + width - 1) / width);
    List<List<Double>> webhook = new ArrayList<>();
    List<List<Double>> endToEnd = new ArrayList<>();
    for (int b = 0; b < count; b++) {
      webhook.add(new ArrayList<>());
      endToEnd.add(new ArrayList<>());
    }
    for (int i = 0; i < time.orders(); i++) {
      long offset = time.scheduled(i) - origin;
      int b = (int) (offset / width);
      if (offset < 0 || b >= count) {
        continue;
      }
      if (firstSeen[i] != BenchStats.NEVER) {
        endToEnd.get(b).add(BenchStats.millis(time.scheduled(i), firstSeen[i]));
      }
      for (int k = 0; k < per; k++) {
        int slot = i * per + k;
        if (status[slot] > 0) {
          webhook.get(b).add(BenchStats.millis(time.scheduled(i) + k * DUPLICATE_SPACING.toNanos(), answered[slot]));
        }
      }
    }
    List<BenchReport.Bucket> buckets = new ArrayList<>(count);
    for (int b = 0; b < count; b++) {
      long from = origin + b * width;
      long to = Math.min(from + width, end);
      String phase = to - time.windowStart() <= 0 ? "warmup" : from - time.windowEnd() >= 0 ? "drain" : "window";
      Summary e2e = Summary.of(endToEnd.get(b));
      buckets.add(new BenchReport.Bucket((b - before) * BUCKET_SECONDS,
          Math.max(1, (to - from + 500_000_000L) / 1_000_000_000L), phase,
          BenchStats.perSecond(BenchStats.countWithin(firstSeen, from, to), to - from),
          BenchStats.perSecond(BenchStats.countWithin(accepted, from, to), to - from),
          Summary.of(webhook.get(b)).p95(), e2e.p50(), e2e.p95()));
    }
    return buckets;
  }

  private int[] countSalesOrders(String[] orderIds) {
    int[] counts = new int[orderIds.length];
    ExecutorService pool = Executors.newFixedThreadPool(VERIFY_CONCURRENCY, named("bench-verify"));
    try {
      List<CompletableFuture<Void>> all = new ArrayList<>(orderIds.length);
      for (int i = 0; i < orderIds.length; i++) {
        int index = i;
        all.add(CompletableFuture.runAsync(() -> counts[index] = salesOrders(orderIds[index]), pool));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    } finally {
      pool.shutdownNow();
    }
    return counts;
  }

  private int salesOrders(String orderId) {
    if (orderId == null) {
      return 0;
    }
    URI uri = URI.create("http://127.0.0.1:" + sandboxPort + "/erp/sales-orders?channel=" + OrdersScenario.CHANNEL
        + "&orderId=" + URLEncoder.encode(orderId, StandardCharsets.UTF_8));
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        HttpResponse<String> response = control.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return JSON.readTree(response.body()).size();
        }
      } catch (IOException | RuntimeException e) {
        // retried
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      }
    }
    return 0;
  }

  /** ERP calls so far by the ingestion service and their total seconds ({@code sync_external_call_seconds}); NaN if unreadable. */
  private double[] erpCalls() throws InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + ingestionPort + "/actuator/prometheus");
    try {
      String text = control.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      return new double[] {BenchStats.sumOf(text, "sync_external_call_seconds_count", "system=\"erp\""),
          BenchStats.sumOf(text, "sync_external_call_seconds_sum", "system=\"erp\"")};
    } catch (IOException e) {
      log.warn("could not read {}: {}", uri, e.toString());
      return new double[] {Double.NaN, Double.NaN};
    }
  }

  /** The sum over every series of {@code sync_duplicates_suppressed_total} on the ingestion service. */
  private double duplicatesSuppressed() throws InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + ingestionPort + "/actuator/prometheus");
    try {
      HttpResponse<String> response = control.send(
          HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      return OrdersScenario.sumOf(response.body(), "sync_duplicates_suppressed_total");
    } catch (IOException e) {
      log.warn("could not read {}: {}", uri, e.toString());
      return Double.NaN;
    }
  }

  private static com.sun.management.OperatingSystemMXBean operatingSystem() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os : null;
  }

  private static String reference(String orderId) {
    return OrdersScenario.CHANNEL + ":" + orderId;
  }

  private static long[] filled(int length) {
    long[] array = new long[length];
    Arrays.fill(array, BenchStats.NEVER);
    return array;
  }

  private static ThreadFactory named(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static String abbreviate(String text) {
    if (text == null) {
      return "";
    }
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}

package io.retailsync.localstack;

import io.retailsync.sandbox.shopify.ShopifyOrder;
import io.retailsync.sandbox.shopify.ShopifyOrderFactory;
import io.retailsync.sandbox.shopify.ShopifyWebhookSender;
import io.retailsync.sandbox.shopify.WebhookDelivery;
import io.retailsync.sandbox.shopify.WebhookEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bin/local-stack kill-drill}: the whole local stack killed with SIGKILL under load, several times,
 * and started again on the same data, while a load generator in this process plays Shopify: it sends
 * signed orders at a steady rate, and every delivery that got no 200 (the connection refused or cut by the
 * kill, a 503) is delivered again once the stack is back, as Shopify retries. At the end, once the stack is
 * quiet by its own metrics (nothing in the outbox, no order unposted, no consumer lag), it checks at the
 * sandbox ERP, which does not deduplicate, that every order is exactly one sales order, posted once.
 *
 * <p>The stack runs as a child process ({@code java -jar} of this same jar), so the kill is a real one: no
 * shutdown hook runs, PostgreSQL is left running on its data (the next start stops it), Kafka and the
 * services die mid-write.
 */
public final class KillDrill {

  public static final String COMMAND = "kill-drill";
  static final String USAGE = """
      usage: bin/local-stack kill-drill [--kills=N] [--rate=N] [--min-run=SECS] [--max-run=SECS]
                                        [--data-dir=PATH] [--seed=N]

        --kills=N        how many times the stack is killed with SIGKILL under load (default 3)
        --rate=N         new orders per second while the stack runs (default 20)
        --min-run=SECS   --max-run=SECS   how long the load runs before each kill, at random between (4, 12)
        --data-dir=PATH  the stack's data directory, wiped at the first start (default ./.local-stack-drill)
        --seed=N         the random seed (order ids, kill times); printed, so a run can be repeated
      """;

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String SHOP = "sandbox-shop.myshopify.com";
  private static final String SECRET = "sandbox-shopify-secret";

  record Options(int kills, int rate, int minRun, int maxRun, Path dataDir, long seed, Path jar, Duration timeout) {}

  private final Options options;
  private final PrintStream out;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ShopifyWebhookSender sender;
  private final List<ShopifyOrder> orders = new CopyOnWriteArrayList<>();
  private final Queue<WebhookEvent> unanswered = new ConcurrentLinkedQueue<>();
  private final Random random;

  KillDrill(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
    this.random = new Random(options.seed());
    this.sender = new ShopifyWebhookSender(ShopifyWebhookSender.defaultClient(),
        URI.create("http://127.0.0.1:8081/webhooks/shopify"), SHOP, SECRET, ShopifyWebhookSender.DEFAULT_API_VERSION,
        Duration.ofSeconds(5));
  }

  public static int run(String[] args, PrintStream out) {
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      out.println("kill-drill: " + e.getMessage());
      out.print(USAGE);
      return 2;
    }
    try {
      return new KillDrill(options, out).run();
    } catch (Exception e) {
      out.println("kill-drill: FAILED - " + e);
      return 1;
    }
  }

  static Options parse(String... args) {
    int kills = 3;
    int rate = 20;
    int minRun = 4;
    int maxRun = 12;
    Path dataDir = Path.of(".local-stack-drill");
    long seed = System.nanoTime();
    Path jar = Path.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)[0]);
    Duration timeout = Duration.ofMinutes(5);
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (!arg.startsWith("--") || equals < 0) {
        throw new IllegalArgumentException("unknown argument " + arg);
      }
      String value = arg.substring(equals + 1);
      switch (arg.substring(0, equals)) {
        case "--kills" -> kills = Integer.parseInt(value);
        case "--rate" -> rate = Integer.parseInt(value);
        case "--min-run" -> minRun = Integer.parseInt(value);
        case "--max-run" -> maxRun = Integer.parseInt(value);
        case "--data-dir" -> dataDir = Path.of(value);
        case "--seed" -> seed = Long.parseLong(value);
        case "--jar" -> jar = Path.of(value);
        case "--timeout" -> timeout = Duration.ofSeconds(Long.parseLong(value));
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    if (kills < 1 || rate < 1 || minRun < 1 || maxRun < minRun) {
      throw new IllegalArgumentException("--kills, --rate and --min-run must be positive, --max-run not below --min-run");
    }
    return new Options(kills, rate, minRun, maxRun, dataDir, seed, jar, timeout);
  }

  int run() throws Exception {
    out.printf("kill-drill: %d kill(s) under %d orders/s, seed %d, data in %s%n", options.kills(), options.rate(),
        options.seed(), options.dataDir());
    Files.createDirectories(options.dataDir());
    ShopifyOrderFactory factory = new ShopifyOrderFactory(ShopifyOrderFactory.Settings.seeded(options.seed())
        .withFirstOrderId(4_000_000_000_000L + Math.floorMod(options.seed(), 1_000_000_000L) * 1000));
    for (int round = 0; round <= options.kills(); round++) {
      Process stack = startStack(round);
      redeliverUnanswered();
      if (round == options.kills()) {
        return finish(stack);
      }
      int runFor = options.minRun() + random.nextInt(options.maxRun() - options.minRun() + 1);
      AtomicBoolean loading = new AtomicBoolean(true);
      Thread load = new Thread(() -> load(factory, loading), "drill-load");
      load.start();
      Thread.sleep(runFor * 1000L);
      stack.destroyForcibly();
      stack.waitFor(60, TimeUnit.SECONDS);
      Thread.sleep(500);
      loading.set(false);
      load.join(30_000);
      out.printf("kill-drill: round %d: killed the stack (SIGKILL) after %d s of load; %d orders so far, %d "
          + "deliveries unanswered%n", round + 1, runFor, orders.size(), unanswered.size());
    }
    throw new IllegalStateException("unreachable");
  }

  private Process startStack(int round) throws Exception {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Xmx1500m", "-jar", options.jar().toString(), "--data-dir=" + options.dataDir()));
    if (round == 0) {
      command.add("--reset");
    }
    Path log = options.dataDir().resolve("drill-stack-" + round + ".log");
    Process stack = new ProcessBuilder(command).redirectErrorStream(true).start();
    CountDownLatch ready = new CountDownLatch(1);
    Thread pump = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(stack.getInputStream(), StandardCharsets.UTF_8));
          Writer file = Files.newBufferedWriter(log)) {
        String line;
        while ((line = lines.readLine()) != null) {
          file.write(line);
          file.write('\n');
          if (line.contains(LocalStack.READY)) {
            ready.countDown();
            file.flush();
          }
        }
      } catch (IOException ignored) {
        // the stack was killed
      }
    }, "drill-stack-output");
    pump.setDaemon(true);
    pump.start();
    if (!ready.await(options.timeout().toSeconds(), TimeUnit.SECONDS)) {
      stack.destroyForcibly();
      throw new IllegalStateException("the stack did not become ready (see " + log + ")");
    }
    out.printf("kill-drill: stack %s ready (pid %d)%n", round == 0 ? "started" : "restarted", stack.pid());
    return stack;
  }

  /** Sends new orders at the rate until stopped; a delivery without a 200 waits for the next start. */
  private void load(ShopifyOrderFactory factory, AtomicBoolean loading) {
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) / options.rate();
    long next = System.nanoTime();
    while (loading.get()) {
      ShopifyOrder order = factory.next();
      orders.add(order);
      WebhookEvent event = WebhookEvent.ordersCreate(order);
      sender.sendAsync(event).thenAccept(delivery -> {
        if (delivery.status() != 200) {
          unanswered.add(event);
        } else if (random.nextInt(10) == 0) {
          // a duplicate delivery now and then, as Shopify sends them
          unanswered.add(event);
        }
      });
      next += intervalNanos;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void redeliverUnanswered() throws InterruptedException {
    long deadline = System.nanoTime() + options.timeout().toNanos();
    int redelivered = 0;
    while (!unanswered.isEmpty()) {
      WebhookEvent event = unanswered.poll();
      WebhookDelivery delivery = sender.send(event);
      if (delivery.status() != 200) {
        unanswered.add(event);
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("deliveries still refused after " + options.timeout() + ": " + delivery);
        }
        Thread.sleep(200);
      } else {
        redelivered++;
      }
    }
    if (redelivered > 0) {
      out.printf("kill-drill: redelivered %d webhook(s) that got no answer, as Shopify retries them%n", redelivered);
    }
  }

  private int finish(Process stack) throws Exception {
    try {
      awaitQuiet();
      Map<String, Long> posts = SandboxErpStats.salesOrderPosts(http, 8090);
      JsonNode documents = JSON.readTree(get(8090, "/erp/sales-orders?channel=shopify"));
      Map<String, Integer> documentsByOrder = new java.util.HashMap<>();
      documents.forEach(document -> documentsByOrder.merge(document.get("orderId").asString(), 1, Integer::sum));
      int wrong = 0;
      for (ShopifyOrder order : orders) {
        long posted = posts == null ? 0 : posts.getOrDefault("shopify:" + order.orderId(), 0L);
        int held = documentsByOrder.getOrDefault(order.orderId(), 0);
        if (posted != 1 || held != 1) {
          wrong++;
          if (wrong <= 20) {
            out.printf("kill-drill: order %s: %d post(s), %d sales order(s)%n", order.orderId(), posted, held);
          }
        }
      }
      out.printf("kill-drill: %d kill(s), %d orders sent, %d sales orders in the ERP, %d order(s) not exactly once%n",
          options.kills(), orders.size(), documents.size(), wrong);
      out.println(wrong == 0 ? "kill-drill: OK - every order is exactly one sales order, posted once"
          : "kill-drill: FAILED");
      return wrong == 0 && documents.size() == orders.size() ? 0 : 1;
    } finally {
      stack.destroy();
      stack.waitFor(60, TimeUnit.SECONDS);
    }
  }

  /**
   * Quiet by the stack's own metrics, three looks in a row: no outbox row waiting, no order received and
   * not yet posted, no lag on the posting consumer.
   */
  private void awaitQuiet() throws Exception {
    long deadline = System.nanoTime() + options.timeout().toNanos();
    int quietLooks = 0;
    String last = "";
    while (quietLooks < 3) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the stack did not become quiet: " + last);
      }
      Thread.sleep(2000);
      String metrics = get(8081, "/actuator/prometheus");
      double pending = sum(metrics, "sync_outbox_pending");
      double unposted = sum(metrics, "sync_orders_unposted");
      // no lag series (no partition assigned yet) is not "no lag"; an unknown (NaN) one is not either
      double lag = sum(metrics, "kafka_consumer_fetch_manager_records_lag{");
      boolean lagKnown = metrics.lines().anyMatch(line -> line.startsWith("kafka_consumer_fetch_manager_records_lag{"));
      last = "outbox pending " + pending + ", orders unposted " + unposted + ", consumer lag " + lag;
      quietLooks = lagKnown && pending == 0 && unposted == 0 && lag == 0 ? quietLooks + 1 : 0;
    }
    out.println("kill-drill: quiet (" + last + ")");
  }

  private static double sum(String metrics, String prefix) {
    return metrics.lines().filter(line -> line.startsWith(prefix))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }

  private String get(int port, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }
}

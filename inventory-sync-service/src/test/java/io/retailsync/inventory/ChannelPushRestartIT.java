package io.retailsync.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.retailsync.connectors.ebay.EbayInventoryProperties;
import io.retailsync.connectors.inventory.ChannelInventoryPort;
import io.retailsync.connectors.inventory.InventoryUpdate;
import io.retailsync.connectors.inventory.PushOutcome;
import io.retailsync.inventory.push.PushMetrics;
import io.retailsync.model.json.CanonicalJson;
import io.retailsync.sandbox.SandboxApplication;
import io.retailsync.sync.faults.FaultHooks;
import io.retailsync.testsupport.SyncInfrastructure;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A restart in the middle of a batch push. The inventory service is killed with a batch taken by the marketplace,
 * or half taken, and its rows still in {@code push_queue}: the pusher thread is parked where the process dies
 * ({@code FaultHooks.afterChannelPush}, or inside a wrapped connector between two calls), the context is closed
 * around it, and the thread then ends with an {@link Error} no catch of the service takes, so nothing after that
 * point runs (the other lanes' calls still out are cut short by the close, as a kill would). Then a new instance
 * starts on the same database. Every channel must end showing the projection's ATP ({@code GET /api/inventory/{sku}})
 * for every SKU, none missing, none left at an older value, with the queue drained and the pushes-waiting gauge at
 * 0. State is looked at once the pipeline is quiet (awaited), never after a fixed sleep. The drift check is off, so
 * a drift repair cannot hide what the pushes left behind.
 *
 * <p>What each case catches (each failure below was seen, with {@code ChannelPusher} changed as said):
 *
 * <ul>
 *   <li>{@link #aBatchTheMarketplacesTookJustBeforeACrashIsPushedAgainWithTheLatestValues}: every channel took its
 *       batch, none recorded it, and a newer quantity for 10 of the 30 SKUs was queued meanwhile. The rows must still
 *       be queued after the crash, be taken over by the next instance once the dead one's lease has run out, and the
 *       newer quantity must be what ends on the channel. Rows deleted before the push: only the 10 newer rows are
 *       left after the crash ("rows left by the crash" 10, not 30). A lease a dead owner keeps (no expiry): the 120
 *       rows never drain.
 *   <li>{@link #aCrashBetweenTheCallsOfAMultiCallBatchLeavesNoSkuBehind}: eBay takes 25 SKUs a call, so a batch of
 *       30 is two calls; the process dies after the first. Rows deleted before the push (taken out of the queue, then
 *       sent): SKU-22026..22030, the second call's, never reach eBay (and the batch the crash cut short on Walmart
 *       never reaches Walmart), with nothing left to send them. (Checked against the pusher without
 *       {@code push_in_flight}: with it, rows deleted early would be queued again from the in-flight record.)
 *   <li>{@link #aSlowBulkPushLandingAfterAnUrgentZeroAndThenACrashLeavesNoOlderValueOnTheChannel}: Walmart's bulk
 *       push lands after the urgent lane's zero (a slow feed), then the crash, before the pusher could see that its
 *       value was overtaken and queue the current one again. The zero's row is gone (the urgent lane pushed it), so
 *       the queue no longer says anything is wrong. Without {@code push_in_flight} (what a lane sent and has not
 *       recorded, settled by the lane's next holder) this fails: Walmart is left at 106 for SKU-23007, the
 *       projection at 0, nothing queued.
 * </ul>
 */
@SyncIntegrationTest
class ChannelPushRestartIT {

  private static final String OPS = InventoryTestStack.OPS;
  private static final String INGEST = InventoryTestStack.INGEST;
  private static final List<String> CHANNELS = InventoryTestStack.CHANNELS;
  private static final Duration QUIET = Duration.ofSeconds(60);
  private static final AtomicLong TAKEN_AT = new AtomicLong(Instant.now().minus(Duration.ofHours(1)).toEpochMilli());

  private static ConfigurableApplicationContext sandbox;
  private static String sandboxUrl;

  @BeforeAll
  static void startSandbox() throws Exception {
    sandbox = InventoryTestStack.startSandbox();
    sandboxUrl = InventoryTestStack.url(sandbox);
    // the other test classes' instances are closed; their leases (30 s) would only make the first start here wait
    SyncInfrastructure.Database db = SyncInfrastructure.database();
    try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
        Statement statement = connection.createStatement()) {
      statement.execute("DO $$ BEGIN IF to_regclass('inventory.push_leases') IS NOT NULL THEN "
          + "DELETE FROM inventory.push_leases; END IF; END $$");
    }
  }

  @AfterAll
  static void stopSandbox() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void aBatchTheMarketplacesTookJustBeforeACrashIsPushedAgainWithTheLatestValues() throws Exception {
    List<String> skus = skus(21001, 30);
    // every channel's bulk lane dies right after the channel answered the batch holding these SKUs
    Set<String> armed = ConcurrentHashMap.newKeySet();
    Map<String, List<String>> taken = new ConcurrentHashMap<>();
    CountDownLatch reached = new CountDownLatch(CHANNELS.size());
    Death death = new Death();
    FaultHooks hooks = new FaultHooks() {
      @Override
      public void afterChannelPush(String channel, boolean urgentLane, List<String> pushed) {
        if (!urgentLane && pushed.stream().anyMatch(skus::contains) && armed.remove(channel)) {
          taken.put(channel, List.copyOf(pushed));
          reached.countDown();
          death.die("after " + channel + " took a batch, before the local commit");
        }
      }
    };
    ConfigurableApplicationContext first = startInventory(hooks, new Interceptors());
    try {
      armed.addAll(CHANNELS);
      count(first, skus, i -> 100 + i);
      assertThat(reached.await(60, TimeUnit.SECONDS)).as("every channel took its batch, then the crash").isTrue();
      // a newer quantity for a third of them while the dead calls are out: queued, never pushed by this instance
      count(first, skus.subList(0, 10), i -> 200 + i);
    } finally {
      death.crash(first);
    }
    // the window was hit: each channel shows the batch it took, and its rows are still queued
    JdbcClient jdbc = jdbc();
    for (String channel : CHANNELS) {
      Map<String, Integer> shown = shown(channel);
      for (String sku : taken.get(channel).stream().filter(skus::contains).toList()) {
        assertThat(shown.get(sku)).as(channel + " " + sku + " took the batch").isEqualTo(100 + index(sku));
      }
      assertThat(queued(jdbc, channel, taken.get(channel))).as(channel + " rows left by the crash")
          .isEqualTo(taken.get(channel).size());
    }

    ConfigurableApplicationContext restarted = startInventory(FaultHooks.NONE, new Interceptors());
    try {
      awaitChannelsShowTheProjection(restarted, skus);
      for (String channel : CHANNELS) {
        Map<String, Integer> shown = shown(channel);
        for (String sku : skus) {
          int i = index(sku);
          assertThat(shown.get(sku)).as(channel + " " + sku).isEqualTo(i < 10 ? 200 + i : 100 + i);
        }
      }
    } finally {
      restarted.close();
    }
  }

  @Test
  void aCrashBetweenTheCallsOfAMultiCallBatchLeavesNoSkuBehind() throws Exception {
    List<String> skus = skus(22001, EbayInventoryProperties.CALL_SIZE + 5);
    Death death = new Death();
    CountDownLatch reached = new CountDownLatch(1);
    AtomicBoolean armed = new AtomicBoolean(true);
    List<String> sent = new ArrayList<>();
    Interceptors interceptors = new Interceptors();
    // the eBay client sends a push 25 SKUs a call, in order; the process dies after the first call of the batch
    interceptors.put("ebay", (ebay, updates) -> {
      if (updates.size() > EbayInventoryProperties.CALL_SIZE && updates.stream().anyMatch(u -> skus.contains(u.sku()))
          && armed.compareAndSet(true, false)) {
        List<InventoryUpdate> firstCall = updates.subList(0, EbayInventoryProperties.CALL_SIZE);
        PushOutcome outcome = ebay.push(firstCall);
        assertThat(outcome.rejected()).isEmpty();
        firstCall.stream().map(InventoryUpdate::sku).filter(skus::contains).forEach(sent::add);
        reached.countDown();
        death.die("between the calls of an eBay batch of " + updates.size());
      }
      return ebay.push(updates);
    });
    ConfigurableApplicationContext first = startInventory(FaultHooks.NONE, interceptors);
    try {
      count(first, skus, i -> 300 + i);
      assertThat(reached.await(60, TimeUnit.SECONDS)).as("the first call of the eBay batch, then the crash").isTrue();
    } finally {
      death.crash(first);
    }
    Map<String, Integer> ebay = shown("ebay");
    assertThat(sent).as("the first call's SKUs").isNotEmpty().hasSizeLessThan(skus.size());
    assertThat(skus.stream().filter(ebay::containsKey).toList()).as("eBay after the crash: the first call's SKUs only")
        .containsExactlyInAnyOrderElementsOf(sent);

    ConfigurableApplicationContext restarted = startInventory(FaultHooks.NONE, new Interceptors());
    try {
      awaitChannelsShowTheProjection(restarted, skus);
      Map<String, Integer> after = shown("ebay");
      for (String sku : skus) {
        assertThat(after.get(sku)).as("ebay " + sku).isEqualTo(300 + index(sku));
      }
    } finally {
      restarted.close();
    }
  }

  @Test
  void aSlowBulkPushLandingAfterAnUrgentZeroAndThenACrashLeavesNoOlderValueOnTheChannel() throws Exception {
    List<String> skus = skus(23001, 30);
    String zeroed = skus.get(6);
    Death death = new Death();
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch reached = new CountDownLatch(1);
    AtomicBoolean holding = new AtomicBoolean(true);
    AtomicBoolean dying = new AtomicBoolean(true);
    List<String> slow = new ArrayList<>();
    Interceptors interceptors = new Interceptors();
    // Walmart's bulk call is slow (a feed applied minutes after it was sent): it lands only once the test says so
    interceptors.put("walmart", (walmart, updates) -> {
      if (updates.stream().anyMatch(u -> u.sku().equals(skus.get(0))) && holding.compareAndSet(true, false)) {
        updates.forEach(update -> slow.add(update.sku() + "=" + update.quantity()));
        held.countDown();
        try {
          assertThat(release.await(60, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      return walmart.push(updates);
    });
    FaultHooks hooks = new FaultHooks() {
      @Override
      public void afterChannelPush(String channel, boolean urgentLane, List<String> pushed) {
        if (channel.equals("walmart") && !urgentLane && pushed.contains(skus.get(0)) && dying.compareAndSet(true, false)) {
          reached.countDown();
          death.die("after Walmart's slow bulk push landed, before the pusher saw it was overtaken");
        }
      }
    };
    JdbcClient jdbc = jdbc();
    ConfigurableApplicationContext first = startInventory(hooks, interceptors);
    try {
      count(first, skus, i -> 100 + i);
      assertThat(held.await(60, TimeUnit.SECONDS)).as("Walmart's bulk batch sent").isTrue();
      assertThat(slow).contains(zeroed + "=" + (100 + index(zeroed)));
      // the last units go meanwhile: the urgent lane shows the zero at once and removes its row
      count(first, List.of(zeroed), i -> 0);
      await().atMost(QUIET).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
        assertThat(shown("walmart").get(zeroed)).isZero();
        assertThat(queued(jdbc, "walmart", List.of(zeroed))).isZero();
      });
      release.countDown();
      assertThat(reached.await(60, TimeUnit.SECONDS)).as("the slow push landed, then the crash").isTrue();
    } finally {
      release.countDown();
      death.crash(first);
    }
    assertThat(shown("walmart").get(zeroed)).as("Walmart after the crash: the slow push's older value")
        .isEqualTo(100 + index(zeroed));
    assertThat(queued(jdbc, "walmart", List.of(zeroed))).as("nothing queued says it is wrong").isZero();

    ConfigurableApplicationContext restarted = startInventory(FaultHooks.NONE, new Interceptors());
    try {
      awaitChannelsShowTheProjection(restarted, skus);
      for (String channel : CHANNELS) {
        assertThat(shown(channel).get(zeroed)).as(channel + " " + zeroed).isZero();
      }
    } finally {
      restarted.close();
    }
  }

  // --- the crash ---

  /**
   * Parks the calling pusher thread where the process dies; the crash closes the context around it. Once woken
   * the thread ends with an {@link Error}, which no {@code catch (RuntimeException)} of the pusher or its loop
   * takes, so not one more line of the service runs on it (as after a kill).
   */
  static final class Death {
    private final Set<Thread> parked = ConcurrentHashMap.newKeySet();

    void die(String where) {
      parked.add(Thread.currentThread());
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new Killed("process killed " + where);
    }

    /** Closes the context while the dying threads are still parked, so none of them runs its local commit. */
    void crash(ConfigurableApplicationContext context) throws InterruptedException {
      Thread closer = new Thread(context::close, "crash");
      closer.start();
      closer.join(60_000);
      parked.forEach(Thread::interrupt);
    }
  }

  static final class Killed extends Error {
    Killed(String message) {
      super(message, null, false, false);
    }
  }

  /** What a test does instead of a channel's push (given the real connector), per channel. */
  interface Interceptor {
    PushOutcome push(ChannelInventoryPort port, List<InventoryUpdate> updates);
  }

  /** Wraps every inventory connector so a test can step into its pushes; the others go straight through. */
  static final class Interceptors implements BeanPostProcessor {
    private final Map<String, Interceptor> byChannel = new ConcurrentHashMap<>();

    void put(String channel, Interceptor interceptor) {
      byChannel.put(channel, interceptor);
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
      if (!(bean instanceof ChannelInventoryPort port)) {
        return bean;
      }
      return new ChannelInventoryPort() {
        @Override
        public String channel() {
          return port.channel();
        }

        @Override
        public int maxBatchSize() {
          return port.maxBatchSize();
        }

        @Override
        public PushOutcome push(List<InventoryUpdate> updates) {
          Interceptor interceptor = byChannel.get(port.channel());
          return interceptor == null ? port.push(updates) : interceptor.push(port, updates);
        }

        @Override
        public Optional<Integer> readQuantity(String sku) {
          return port.readQuantity(sku);
        }
      };
    }
  }

  // --- the service ---

  private static ConfigurableApplicationContext startInventory(FaultHooks faults, Interceptors interceptors) {
    Map<String, String> properties = InventoryTestStack.serviceProperties(sandboxUrl);
    // off: a drift repair must not hide a value the pushes left behind
    properties.put("sync.inventory.drift.interval", "0s");
    // a dead instance's lanes are taken over once its lease has run out: seconds here rather than 30
    properties.put("sync.inventory.push.lease", "2s");
    return InventorySyncApplication.builder()
        .initializers(context -> {
          context.getBeanFactory().registerSingleton("faultHooks", faults);
          context.getBeanFactory().addBeanPostProcessor(interceptors);
        })
        .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
  }

  /**
   * Waits until the pipeline is quiet and right: nothing queued or unsettled, the waiting gauge at 0 for every channel, and
   * every channel showing each SKU's ATP as the projection computes it now.
   */
  private static void awaitChannelsShowTheProjection(ConfigurableApplicationContext service, List<String> skus) {
    String url = InventoryTestStack.url(service);
    JdbcClient jdbc = service.getBean(JdbcClient.class);
    MeterRegistry registry = service.getBean(MeterRegistry.class);
    await().atMost(QUIET).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      assertThat(jdbc.sql("SELECT count(*) FROM push_queue").query(Long.class).single()).as("rows queued").isZero();
      assertThat(jdbc.sql("SELECT count(*) FROM push_in_flight").query(Long.class).single()).as("pushes unsettled")
          .isZero();
      for (String channel : CHANNELS) {
        Gauge waiting = registry.find(PushMetrics.WAITING).tag("channel", channel).gauge();
        assertThat(waiting).as(channel + " waiting gauge").isNotNull();
        assertThat(waiting.value()).as(channel + " pushes waiting").isZero();
      }
      Map<String, Map<String, Integer>> shown = new HashMap<>();
      for (String channel : CHANNELS) {
        shown.put(channel, shown(channel));
      }
      List<String> wrong = new ArrayList<>();
      for (String sku : skus) {
        JsonNode atp = CanonicalJson.tree(send("GET", url + "/api/inventory/" + sku, OPS, null).body().getBytes())
            .get("atpByChannel");
        for (String channel : CHANNELS) {
          Integer value = shown.get(channel).get(sku);
          if (value == null || value != atp.get(channel).asInt()) {
            wrong.add(channel + " " + sku + " shows " + (value == null ? "nothing" : value) + ", ATP "
                + atp.get(channel).asInt());
          }
        }
      }
      assertThat(wrong).as("channels not showing the projection's ATP").isEmpty();
    });
  }

  /** A count of WH-EAST, newer than every count before it: SKU number i gets {@code onHand.apply(i)}. */
  private static void count(ConfigurableApplicationContext service, List<String> skus, Function<Integer, Integer> onHand)
      throws Exception {
    StringBuilder items = new StringBuilder();
    for (String sku : skus) {
      items.append(items.isEmpty() ? "" : ", ").append("{\"sku\": \"%s\", \"onHand\": %d}"
          .formatted(sku, onHand.apply(index(sku))));
    }
    HttpResponse<String> answer = send("POST", InventoryTestStack.url(service) + "/api/inventory/snapshots", INGEST,
        """
        {"snapshotId": "restart-%s", "location": "WH-EAST", "takenAt": "%s", "items": [%s]}"""
            .formatted(UUID.randomUUID(), Instant.ofEpochMilli(TAKEN_AT.addAndGet(1000)), items));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
  }

  private static List<String> skus(int first, int n) {
    return IntStream.range(first, first + n).mapToObj(i -> "SKU-" + i).toList();
  }

  /** A SKU's place in its test's range: SKU-21007 is 6. */
  private static int index(String sku) {
    return Integer.parseInt(sku.substring(sku.length() - 3)) - 1;
  }

  private static long queued(JdbcClient jdbc, String channel, List<String> skus) {
    return jdbc.sql("SELECT count(*) FROM push_queue WHERE channel = :channel AND sku = ANY(:skus)")
        .param("channel", channel).param("skus", skus.toArray(String[]::new)).query(Long.class).single();
  }

  /** The database as the instances see it, with neither running (between the crash and the restart). */
  private static JdbcClient jdbc() {
    SyncInfrastructure.Database db = SyncInfrastructure.database();
    var source = new org.springframework.jdbc.datasource.DriverManagerDataSource(db.jdbcUrl(), db.username(),
        db.password());
    source.setSchema("inventory");
    return JdbcClient.create(source);
  }

  /** What the channel last received, per SKU (the sandbox's record of it). */
  private static Map<String, Integer> shown(String channel) throws Exception {
    HttpResponse<String> answer = send("GET", sandboxUrl + "/sandbox/channels/" + channel + "/inventory", null, null);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    Map<String, Integer> shown = new HashMap<>();
    for (JsonNode level : CanonicalJson.tree(answer.body().getBytes())) {
      shown.put(level.get("sku").asString(), level.get("quantity").asInt());
    }
    return shown;
  }

  private static HttpResponse<String> send(String method, String url, String token, String body) throws Exception {
    return InventoryTestStack.send(method, url, token, body);
  }
}

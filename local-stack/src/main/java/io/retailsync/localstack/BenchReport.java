package io.retailsync.localstack;

import io.retailsync.localstack.BenchStats.Summary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one benchmark run measured: its settings, the load it offered, the throughput and latencies it saw,
 * the exactly-once check, the raw insert rate of the same PostgreSQL and the ratio between the two rates.
 * {@link #lines()} is the greppable console block (every line starts with {@value #PREFIX}),
 * {@link #toMap()} the same figures for {@code bench-result.json}.
 */
record BenchReport(
    Config config,
    Warmup warmup,
    Load load,
    Throughput throughput,
    Latency latency,
    ExactlyOnce exactlyOnce,
    InsertProbe.Rate insertOneClient,
    InsertProbe.Rate insertManyClients,
    String insertError,
    Resources resources,
    Erp erp,
    List<Bucket> timeline) {

  static final String PREFIX = "bench: ";

  /** The run's settings; {@code rate} is new orders per second, each delivered {@code deliveriesPerOrder} times. */
  record Config(int rate, long durationSeconds, long warmupSeconds, int deliveriesPerOrder, int senders,
      long pollMillis, long catchUpTimeoutSeconds, int cpus, String webhookUrl, String jdbcUrl) {}

  /**
   * The warm-up: {@code orders} sent at the same rate before the window, then a pause until the ERP had them
   * all ({@code catchUpSeconds} after the last was due), so the window starts warm and with an empty
   * pipeline. {@code endToEnd}: their latencies (a cold JVM's: JIT compilation, pools filling).
   */
  record Warmup(long orders, double catchUpSeconds, boolean timedOut, Summary endToEnd) {}

  /**
   * The load offered. {@code generatorLagMaxMillis}: the worst delay between a send's scheduled time and the
   * moment the pacer handed it over (a large value means the load generator itself was starved of CPU).
   */
  record Load(long orders, long measuredOrders, long deliveries, long answered2xx, long answeredOther,
      long noAnswer, double ordersSentPerSecond, double generatorLagMaxMillis, int senderQueueMax) {}

  /**
   * Throughput over the measured window. {@code erpOrdersPerSecond}: the bench's orders first seen in the ERP
   * during the window, over the window - the offered rate when the stack keeps up, its service rate under
   * this load when it does not (a backlog left by the warm-up can lift it above the offered rate; the timeline
   * shows when). {@code webhooksAcceptedPerSecond}: 2xx answers received during the window, over the window.
   * {@code backlogAtWindowStart}/{@code End}: orders sent before that instant and not yet in the ERP then
   * (steady state: about rate x end-to-end latency; growing: not sustained). {@code catchUpSeconds}: from the
   * window's end to the last order's arrival.
   */
  record Throughput(double erpOrdersPerSecond, double webhooksAcceptedPerSecond, long backlogAtWindowStart,
      long backlogAtWindowEnd, double catchUpSeconds, boolean timedOut) {}

  /**
   * Milliseconds. {@code webhookAnswer}: scheduled send time to HTTP answer (open loop, includes any wait for
   * a sender); {@code webhookService}: request start to answer; {@code endToEnd}: the order's first delivery's
   * scheduled send time to the first {@code /sandbox/erp/stats} poll listing its reference.
   */
  record Latency(Summary webhookAnswer, Summary webhookService, Summary endToEnd) {}

  /** One sales order per order sent, none twice; {@code erpPosts} may exceed orders (ERP-side idempotency). */
  record ExactlyOnce(long orders, long reachedErp, long salesOrders, long ordersWithMoreThanOne, long erpPosts,
      double duplicatesSuppressed) {

    boolean ok() {
      return reachedErp == orders && salesOrders == orders && ordersWithMoreThanOne == 0;
    }
  }

  /**
   * The ingestion service's ERP calls during the window, from its {@code sync_external_call_seconds} timer
   * ({@code system="erp"}): calls per second against the adapter's rate limit, sales orders per call (the
   * batch size the posting lanes achieved) and the mean call time.
   */
  record Erp(double callsPerSecond, double ordersPerCall, double meanCallMillis, int rateLimitPerSecond) {}

  /** Averages over the window, 0..1: the whole machine's CPU and this JVM's (PostgreSQL is a child process). */
  record Resources(double cpuSystem, double cpuJvm, long statsPolls, double statsPollMeanMillis) {}

  /**
   * One slice of the run, from {@code startSecond} (after the first send) for {@code seconds}: ERP arrivals
   * and accepted webhooks per second in it, and the latencies of what was <em>sent</em> in it (NaN when
   * nothing was). {@code phase}: warmup, window or drain.
   */
  record Bucket(long startSecond, long seconds, String phase, double erpOrdersPerSecond,
      double webhooksAcceptedPerSecond, double webhookAnswerP95, double endToEndP50, double endToEndP95) {}

  /**
   * Whether the rate was sustained: orders reached the ERP during the window at 95 % of the offered rate or
   * better (so the backlog grew by at most 5 % of what was sent), and it caught up within 10 s of the window's
   * end.
   */
  boolean sustained() {
    return !throughput.timedOut() && throughput.erpOrdersPerSecond() >= 0.95 * config.rate()
        && throughput.catchUpSeconds() <= 10;
  }

  boolean ok() {
    return exactlyOnce.ok();
  }

  /** End-to-end orders/s ({@link Throughput#erpOrdersPerSecond()}) over raw single-row inserts/s, one client. */
  double ratio() {
    return BenchStats.ratio(throughput.erpOrdersPerSecond(),
        insertOneClient == null ? Double.NaN : insertOneClient.rowsPerSecond());
  }

  List<String> lines() {
    List<String> lines = new ArrayList<>();
    line(lines, "config rate=%d orders/s deliveries-per-order=%d (%d webhooks/s) warmup=%ds duration=%ds senders=%d "
            + "poll=%dms catch-up-timeout=%ds cpus=%d",
        config.rate(), config.deliveriesPerOrder(), config.rate() * config.deliveriesPerOrder(),
        config.warmupSeconds(), config.durationSeconds(), config.senders(), config.pollMillis(),
        config.catchUpTimeoutSeconds(), config.cpus());
    if (warmup.orders() > 0) {
      line(lines, "warmup orders=%d; the ERP had them all %s s after the last was due%s; their end-to-end ms %s",
          warmup.orders(), BenchStats.fmt(warmup.catchUpSeconds()),
          warmup.timedOut() ? " - NOT caught up, the window started with a backlog" : "", warmup.endToEnd());
    }
    line(lines, "load orders=%d (measured %d) webhooks=%d answered-2xx=%d answered-other=%d no-answer=%d "
            + "sent=%s orders/s generator-lag-max=%s ms sender-queue-max=%d",
        load.orders(), load.measuredOrders(), load.deliveries(), load.answered2xx(), load.answeredOther(),
        load.noAnswer(), BenchStats.fmt(load.ordersSentPerSecond()), BenchStats.fmt(load.generatorLagMaxMillis()),
        load.senderQueueMax());
    line(lines, "throughput erp-orders/s=%s webhooks-accepted/s=%s (over the %ds window; offered %d orders/s, "
            + "%d webhooks/s)",
        BenchStats.fmt(throughput.erpOrdersPerSecond()), BenchStats.fmt(throughput.webhooksAcceptedPerSecond()),
        config.durationSeconds(), config.rate(), config.rate() * config.deliveriesPerOrder());
    line(lines, "backlog at-window-start=%d at-window-end=%d orders (sent, not yet in the ERP) caught-up-after=%s s%s",
        throughput.backlogAtWindowStart(), throughput.backlogAtWindowEnd(), BenchStats.fmt(throughput.catchUpSeconds()),
        throughput.timedOut() ? " TIMED OUT after " + config.catchUpTimeoutSeconds() + " s" : "");
    line(lines, "erp calls/s=%s (adapter limit %d/s) sales-orders-per-call=%s mean-call=%s ms (window, from "
            + "sync_external_call_seconds on 8081)", BenchStats.fmt(erp.callsPerSecond()), erp.rateLimitPerSecond(),
        BenchStats.fmt(erp.ordersPerCall()), BenchStats.fmt(erp.meanCallMillis()));
    line(lines, "verdict sustained=%s (%s orders/s reached the ERP for %d offered; it caught up %s s after the "
            + "window)", sustained() ? "yes" : "no",
        BenchStats.fmt(throughput.erpOrdersPerSecond()), config.rate(), BenchStats.fmt(throughput.catchUpSeconds()));
    line(lines, "latency webhook-answer ms %s (scheduled send -> HTTP answer, open loop)", latency.webhookAnswer());
    line(lines, "latency webhook-service ms %s (request start -> HTTP answer)", latency.webhookService());
    line(lines, "latency end-to-end ms %s (scheduled send -> first seen in /sandbox/erp/stats, %d ms polls)",
        latency.endToEnd(), config.pollMillis());
    if (insertOneClient != null) {
      line(lines, "postgres raw-insert 1-client rows/s=%s (%d rows in %s s, autocommit INSERT ... ON CONFLICT DO NOTHING)",
          BenchStats.fmt(insertOneClient.rowsPerSecond()), insertOneClient.rows(),
          BenchStats.fmt(insertOneClient.seconds()));
    }
    if (insertManyClients != null) {
      line(lines, "postgres raw-insert %d-clients rows/s=%s (%d rows in %s s)", insertManyClients.clients(),
          BenchStats.fmt(insertManyClients.rowsPerSecond()), insertManyClients.rows(),
          BenchStats.fmt(insertManyClients.seconds()));
    }
    if (insertError != null) {
      line(lines, "postgres raw-insert FAILED: %s", insertError);
    }
    line(lines, "ratio end-to-end-orders/s / raw-inserts/s (1 client) = %s / %s = %s",
        BenchStats.fmt(throughput.erpOrdersPerSecond()),
        BenchStats.fmt(insertOneClient == null ? Double.NaN : insertOneClient.rowsPerSecond()),
        Double.isNaN(ratio()) ? "n/a" : String.format(Locale.ROOT, "%.3f", ratio()));
    line(lines, "exactly-once orders=%d reached-erp=%d sales-orders=%d orders-with-more-than-one=%d erp-posts=%d "
            + "duplicates-suppressed=%.0f",
        exactlyOnce.orders(), exactlyOnce.reachedErp(), exactlyOnce.salesOrders(),
        exactlyOnce.ordersWithMoreThanOne(), exactlyOnce.erpPosts(), exactlyOnce.duplicatesSuppressed());
    line(lines, "resources cpu-system=%s%% cpu-jvm=%s%% (window average) stats-polls=%d stats-poll-mean=%s ms",
        BenchStats.fmt(resources.cpuSystem() * 100), BenchStats.fmt(resources.cpuJvm() * 100),
        resources.statsPolls(), BenchStats.fmt(resources.statsPollMeanMillis()));
    for (Bucket bucket : timeline) {
      line(lines, "timeline t=%+ds..%+ds %-6s erp-orders/s=%s webhooks-accepted/s=%s | sent then: webhook-p95=%s ms "
              + "e2e-p50=%s ms e2e-p95=%s ms",
          bucket.startSecond(), bucket.startSecond() + bucket.seconds(), bucket.phase(),
          BenchStats.fmt(bucket.erpOrdersPerSecond()), BenchStats.fmt(bucket.webhooksAcceptedPerSecond()),
          BenchStats.fmt(bucket.webhookAnswerP95()), BenchStats.fmt(bucket.endToEndP50()),
          BenchStats.fmt(bucket.endToEndP95()));
    }
    line(lines, "result %s", ok()
        ? "OK - exactly " + exactlyOnce.orders() + " sales orders for " + exactlyOnce.orders() + " orders"
        : "FAILED - expected exactly " + exactlyOnce.orders() + " sales orders (one per order), found "
            + exactlyOnce.salesOrders() + " for " + exactlyOnce.reachedErp() + " orders, "
            + exactlyOnce.ordersWithMoreThanOne() + " with more than one");
    return lines;
  }

  private static void line(List<String> lines, String format, Object... args) {
    lines.add(PREFIX + String.format(Locale.ROOT, format, args));
  }

  /** The figures as nested maps for JSON; unknown numbers become null. */
  Map<String, Object> toMap() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("ok", ok());
    root.put("sustained", sustained());
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("rateOrdersPerSecond", config.rate());
    cfg.put("deliveriesPerOrder", config.deliveriesPerOrder());
    cfg.put("warmupSeconds", config.warmupSeconds());
    cfg.put("durationSeconds", config.durationSeconds());
    cfg.put("senders", config.senders());
    cfg.put("pollMillis", config.pollMillis());
    cfg.put("catchUpTimeoutSeconds", config.catchUpTimeoutSeconds());
    cfg.put("cpus", config.cpus());
    cfg.put("webhookUrl", config.webhookUrl());
    cfg.put("jdbcUrl", config.jdbcUrl());
    root.put("config", cfg);
    Map<String, Object> warm = new LinkedHashMap<>();
    warm.put("orders", warmup.orders());
    warm.put("catchUpSeconds", number(warmup.catchUpSeconds()));
    warm.put("timedOut", warmup.timedOut());
    warm.put("endToEndMillis", summary(warmup.endToEnd()));
    root.put("warmup", warm);
    Map<String, Object> ld = new LinkedHashMap<>();
    ld.put("orders", load.orders());
    ld.put("measuredOrders", load.measuredOrders());
    ld.put("webhookDeliveries", load.deliveries());
    ld.put("answered2xx", load.answered2xx());
    ld.put("answeredOther", load.answeredOther());
    ld.put("noAnswer", load.noAnswer());
    ld.put("ordersSentPerSecond", number(load.ordersSentPerSecond()));
    ld.put("generatorLagMaxMillis", number(load.generatorLagMaxMillis()));
    ld.put("senderQueueMax", load.senderQueueMax());
    root.put("load", ld);
    Map<String, Object> tp = new LinkedHashMap<>();
    tp.put("erpOrdersPerSecond", number(throughput.erpOrdersPerSecond()));
    tp.put("webhooksAcceptedPerSecond", number(throughput.webhooksAcceptedPerSecond()));
    tp.put("backlogAtWindowStart", throughput.backlogAtWindowStart());
    tp.put("backlogAtWindowEnd", throughput.backlogAtWindowEnd());
    tp.put("catchUpSeconds", number(throughput.catchUpSeconds()));
    tp.put("timedOut", throughput.timedOut());
    root.put("throughput", tp);
    Map<String, Object> lat = new LinkedHashMap<>();
    lat.put("webhookAnswerMillis", summary(latency.webhookAnswer()));
    lat.put("webhookServiceMillis", summary(latency.webhookService()));
    lat.put("endToEndMillis", summary(latency.endToEnd()));
    root.put("latency", lat);
    Map<String, Object> pg = new LinkedHashMap<>();
    pg.put("oneClient", rate(insertOneClient));
    pg.put("manyClients", rate(insertManyClients));
    pg.put("error", insertError);
    root.put("postgresRawInsert", pg);
    root.put("ratioErpOrdersPerSecondToRawInsertsPerSecond", number(ratio()));
    Map<String, Object> once = new LinkedHashMap<>();
    once.put("orders", exactlyOnce.orders());
    once.put("reachedErp", exactlyOnce.reachedErp());
    once.put("salesOrders", exactlyOnce.salesOrders());
    once.put("ordersWithMoreThanOne", exactlyOnce.ordersWithMoreThanOne());
    once.put("erpPosts", exactlyOnce.erpPosts());
    once.put("duplicatesSuppressed", number(exactlyOnce.duplicatesSuppressed()));
    once.put("ok", exactlyOnce.ok());
    root.put("exactlyOnce", once);
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("cpuSystem", number(resources.cpuSystem()));
    res.put("cpuJvm", number(resources.cpuJvm()));
    res.put("statsPolls", resources.statsPolls());
    res.put("statsPollMeanMillis", number(resources.statsPollMeanMillis()));
    root.put("resources", res);
    Map<String, Object> calls = new LinkedHashMap<>();
    calls.put("callsPerSecond", number(erp.callsPerSecond()));
    calls.put("salesOrdersPerCall", number(erp.ordersPerCall()));
    calls.put("meanCallMillis", number(erp.meanCallMillis()));
    calls.put("rateLimitPerSecond", erp.rateLimitPerSecond());
    root.put("erpCalls", calls);
    List<Map<String, Object>> buckets = new ArrayList<>();
    for (Bucket bucket : timeline) {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("startSecond", bucket.startSecond());
      map.put("seconds", bucket.seconds());
      map.put("phase", bucket.phase());
      map.put("erpOrdersPerSecond", number(bucket.erpOrdersPerSecond()));
      map.put("webhooksAcceptedPerSecond", number(bucket.webhooksAcceptedPerSecond()));
      map.put("webhookAnswerP95Millis", number(bucket.webhookAnswerP95()));
      map.put("endToEndP50Millis", number(bucket.endToEndP50()));
      map.put("endToEndP95Millis", number(bucket.endToEndP95()));
      buckets.add(map);
    }
    root.put("timeline", buckets);
    return root;
  }

  private static Map<String, Object> summary(Summary summary) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("count", summary.count());
    map.put("p50", number(summary.p50()));
    map.put("p95", number(summary.p95()));
    map.put("p99", number(summary.p99()));
    map.put("max", number(summary.max()));
    return map;
  }

  private static Map<String, Object> rate(InsertProbe.Rate rate) {
    if (rate == null) {
      return null;
    }
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("clients", rate.clients());
    map.put("rows", rate.rows());
    map.put("seconds", number(rate.seconds()));
    map.put("rowsPerSecond", number(rate.rowsPerSecond()));
    return map;
  }

  private static Double number(double value) {
    return Double.isNaN(value) || Double.isInfinite(value) ? null : Math.round(value * 1000) / 1000.0;
  }
}

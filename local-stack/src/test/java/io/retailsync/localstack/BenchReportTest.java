package io.retailsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {

  private static final long SECOND = 1_000_000_000L;
  private static final long MILLI = 1_000_000L;

  /**
   * 10 orders/s, 1 s warm-up (orders 0-9) and a 2 s window (orders 10-29), each delivered twice; every
   * answer 50 ms after its scheduled send; the measured orders seen in the ERP 500 ms after it, the warm-up
   * ones 1.5 s after it (a backlog left by the warm-up, spilling into the window).
   */
  private static BenchReport synthetic(int[] salesOrdersPerOrder, InsertProbe.Rate one) {
    LocalStackOptions.Bench settings = new LocalStackOptions.Bench(10, Duration.ofSeconds(2), Duration.ofSeconds(1),
        2, Duration.ofSeconds(120), Duration.ofSeconds(10), 64);
    BenchScenario scenario = new BenchScenario(8081, 8090, settings,
        new BenchScenario.Database("jdbc:postgresql://127.0.0.1:15432/retailsync", "postgres", "postgres"),
        Path.of("/tmp"), System.out);
    long t0 = 5 * SECOND;
    long period = SECOND / 10;
    BenchScenario.Timeline time = BenchScenario.Timeline.uniform(t0, period, 10, 30, 2);
    long[] handedOver = new long[30];
    long[] firstSeen = new long[30];
    long[] started = new long[60];
    long[] answered = new long[60];
    int[] status = new int[60];
    for (int i = 0; i < 30; i++) {
      handedOver[i] = time.scheduled(i);
      firstSeen[i] = time.scheduled(i) + (i < 10 ? 1500 : 500) * MILLI;
      for (int k = 0; k < 2; k++) {
        int slot = 2 * i + k;
        started[slot] = time.scheduled(i) + k * 5 * MILLI + 10 * MILLI;
        answered[slot] = time.scheduled(i) + k * 5 * MILLI + 50 * MILLI;
        status[slot] = 200;
      }
    }
    return scenario.summarise(time, handedOver, firstSeen, started, answered, status, salesOrdersPerOrder, 30, 30,
        false, 2 * MILLI, 3, one, new InsertProbe.Rate(8, 40_000, 10, 4000), null, 0.9, 0.6,
        List.of(10.0, 20.0), 0.5, false, new double[] {5, 0.25});
  }

  private static int[] ones() {
    int[] counts = new int[30];
    Arrays.fill(counts, 1);
    return counts;
  }

  @Test
  void throughputLatencyAndBacklogComeFromTheWindow() {
    BenchReport report = synthetic(ones(), new InsertProbe.Rate(1, 20_000, 10, 2000));
    // seen inside [t0 + 1 s, t0 + 3 s): the 10 warm-up orders and measured orders 10..24, 25 in 2 s
    assertThat(report.throughput().erpOrdersPerSecond()).isEqualTo(12.5);
    // at the window's start none of the 10 warm-up orders was there yet
    assertThat(report.throughput().backlogAtWindowStart()).isEqualTo(10);
    // answers inside the window: order 10's at +1.05 s ... order 29's at +2.955 s, two per order: 40 in 2 s
    assertThat(report.throughput().webhooksAcceptedPerSecond()).isEqualTo(20.0);
    // orders 25..29 were sent before the window's end and seen after it
    assertThat(report.throughput().backlogAtWindowEnd()).isEqualTo(5);
    assertThat(report.throughput().catchUpSeconds()).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(report.sustained()).isTrue();
    // 5 ERP calls in the 2 s window took 250 ms together and carried the 25 orders that arrived in it
    assertThat(report.erp().callsPerSecond()).isEqualTo(2.5);
    assertThat(report.erp().ordersPerCall()).isEqualTo(5.0);
    assertThat(report.erp().meanCallMillis()).isEqualTo(50.0);
    assertThat(report.load().ordersSentPerSecond()).isEqualTo(10.0);
    assertThat(report.load().measuredOrders()).isEqualTo(20);
    assertThat(report.load().answered2xx()).isEqualTo(60);
    // latencies only over the measured orders: 40 deliveries, 20 orders
    assertThat(report.latency().webhookAnswer().count()).isEqualTo(40);
    assertThat(report.latency().webhookAnswer().p50()).isEqualTo(50.0);
    assertThat(report.latency().webhookService().max()).isEqualTo(40.0);
    assertThat(report.latency().endToEnd().count()).isEqualTo(20);
    assertThat(report.latency().endToEnd().p99()).isEqualTo(500.0);
    assertThat(report.ratio()).isEqualTo(12.5 / 2000);
    assertThat(report.ok()).isTrue();
    // slices aligned on the window's start: the warm-up's [-10 s, 0) and the window with the drain, 2.4 s
    assertThat(report.timeline()).extracting(BenchReport.Bucket::phase).containsExactly("warmup", "window");
    assertThat(report.timeline().get(1).erpOrdersPerSecond()).isCloseTo(12.5, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(report.warmup().endToEnd().p50()).isEqualTo(1500.0);
    assertThat(BenchScenario.inFlight(100, BenchStats.NEVER, 200)).isTrue();
    assertThat(BenchScenario.inFlight(100, 150, 200)).isFalse();
    assertThat(BenchScenario.inFlight(100, 200, 200)).isTrue();
    assertThat(BenchScenario.inFlight(200, BenchStats.NEVER, 200)).isFalse();
    assertThat(report.timeline().get(0).endToEndP95()).isEqualTo(1500.0);
    assertThat(report.timeline().get(1).endToEndP95()).isEqualTo(500.0);
  }

  @Test
  void theTimelineSlicesTheRunInTenSecondBuckets() {
    // 10 orders/s: 10 s warm-up (orders 0-99), 20 s window (100-299), one delivery each, seen 500 ms later
    long t0 = 0;
    BenchScenario.Timeline time = BenchScenario.Timeline.uniform(t0, SECOND / 10, 100, 300, 1);
    long[] firstSeen = new long[300];
    long[] accepted = new long[300];
    long[] answered = new long[300];
    int[] status = new int[300];
    for (int i = 0; i < 300; i++) {
      firstSeen[i] = time.scheduled(i) + 500 * MILLI;
      answered[i] = time.scheduled(i) + 20 * MILLI;
      accepted[i] = answered[i];
      status[i] = 202;
    }
    List<BenchReport.Bucket> buckets = BenchScenario.timeline(time, firstSeen, accepted, answered, status,
        firstSeen[299]);
    assertThat(buckets).extracting(BenchReport.Bucket::phase).containsExactly("warmup", "window", "window", "drain");
    assertThat(buckets).extracting(BenchReport.Bucket::startSecond).containsExactly(-10L, 0L, 10L, 20L);
    // the first slice sees orders 0..94 arrive (95 in 10 s; 95 lands at exactly +10 s), the middle ones 100 each
    assertThat(buckets.get(0).erpOrdersPerSecond()).isEqualTo(9.5);
    assertThat(buckets.get(1).erpOrdersPerSecond()).isEqualTo(10.0);
    assertThat(buckets.get(1).webhooksAcceptedPerSecond()).isEqualTo(10.0);
    assertThat(buckets.get(1).webhookAnswerP95()).isEqualTo(20.0);
    assertThat(buckets.get(2).endToEndP50()).isEqualTo(500.0);
    // the drain slice, 0.4 s long: orders 295..299 (295 at exactly +30 s), and nothing was sent in it
    assertThat(buckets.get(3).seconds()).isEqualTo(1);
    assertThat(buckets.get(3).erpOrdersPerSecond()).isCloseTo(12.5, org.assertj.core.data.Offset.offset(0.01));
    assertThat(buckets.get(3).endToEndP50()).isNaN();
  }

  @Test
  void notKeepingUpIsNotSustained() {
    BenchReport report = synthetic(ones(), new InsertProbe.Rate(1, 20_000, 10, 2000));
    BenchReport slow = new BenchReport(report.config(), report.warmup(), report.load(),
        new BenchReport.Throughput(7.0, 20.0, 0, 12, 3.0, false), report.latency(), report.exactlyOnce(),
        report.insertOneClient(), report.insertManyClients(), null, report.resources(), report.erp(), report.timeline());
    assertThat(slow.sustained()).isFalse();
    assertThat(slow.ok()).isTrue();
    assertThat(slow.lines()).anyMatch(line -> line.startsWith("bench: verdict sustained=no"));
  }

  @Test
  void theReportBlockIsGreppableAndCarriesTheRatio() {
    List<String> lines = synthetic(ones(), new InsertProbe.Rate(1, 20_000, 10, 2000)).lines();
    assertThat(lines).allMatch(line -> line.startsWith("bench: "));
    assertThat(lines).anyMatch(line -> line.startsWith(
        "bench: throughput erp-orders/s=12.5 webhooks-accepted/s=20.0 (over the 2s window"));
    assertThat(lines).anyMatch(line -> line.startsWith("bench: backlog at-window-start=10 at-window-end=5 orders"));
    assertThat(lines).anyMatch(line -> line.startsWith("bench: verdict sustained=yes"));
    assertThat(lines).anyMatch(line -> line.startsWith(
        "bench: latency end-to-end ms p50=500.0 p95=500.0 p99=500.0 max=500.0 n=20"));
    assertThat(lines).anyMatch(line -> line.startsWith("bench: timeline t=-10s..+0s warmup erp-orders/s=0.0"));
    assertThat(lines).anyMatch(line -> line.startsWith("bench: timeline t=+0s..+2s window erp-orders/s=12.5"));
    assertThat(lines).anyMatch(line -> line.startsWith("bench: warmup orders=10; the ERP had them all 0.5 s after "
        + "the last was due; their end-to-end ms p50=1500.0"));
    assertThat(lines).anyMatch(line -> line.startsWith("bench: postgres raw-insert 1-client rows/s=2000.0"));
    assertThat(lines).anyMatch(line -> line.startsWith("bench: postgres raw-insert 8-clients rows/s=4000.0"));
    assertThat(lines).contains(
        "bench: ratio end-to-end-orders/s / raw-inserts/s (1 client) = 12.5 / 2000.0 = 0.006");
    assertThat(lines).anyMatch(line -> line.startsWith("bench: exactly-once orders=30 reached-erp=30 sales-orders=30 "
        + "orders-with-more-than-one=0 erp-posts=30 duplicates-suppressed=30"));
    assertThat(lines.get(lines.size() - 1)).isEqualTo("bench: result OK - exactly 30 sales orders for 30 orders");
  }

  @Test
  void aMissingOrADoubledSalesOrderFailsTheRun() {
    int[] counts = ones();
    counts[3] = 2;
    counts[7] = 0;
    BenchReport report = synthetic(counts, new InsertProbe.Rate(1, 20_000, 10, 2000));
    assertThat(report.ok()).isFalse();
    assertThat(report.exactlyOnce().reachedErp()).isEqualTo(29);
    assertThat(report.exactlyOnce().salesOrders()).isEqualTo(30);
    assertThat(report.exactlyOnce().ordersWithMoreThanOne()).isEqualTo(1);
    assertThat(report.lines().get(report.lines().size() - 1)).startsWith("bench: result FAILED");
  }

  @Test
  void withoutAnInsertRateTheRatioIsUnknownAndTheJsonSaysNull() {
    BenchReport report = synthetic(ones(), null);
    assertThat(report.ratio()).isNaN();
    assertThat(report.lines()).contains("bench: ratio end-to-end-orders/s / raw-inserts/s (1 client) = 12.5 / n/a = n/a");
    Map<String, Object> json = report.toMap();
    assertThat(json).containsEntry("ok", true).containsEntry("sustained", true).containsEntry("ratioErpOrdersPerSecondToRawInsertsPerSecond", null);
    @SuppressWarnings("unchecked")
    Map<String, Object> throughput = (Map<String, Object>) json.get("throughput");
    assertThat(throughput).containsEntry("erpOrdersPerSecond", 12.5).containsEntry("backlogAtWindowEnd", 5L);
    @SuppressWarnings("unchecked")
    Map<String, Object> latency = (Map<String, Object>) json.get("latency");
    @SuppressWarnings("unchecked")
    Map<String, Object> endToEnd = (Map<String, Object>) latency.get("endToEndMillis");
    assertThat(endToEnd).containsEntry("count", 20).containsEntry("p99", 500.0).containsEntry("max", 500.0);
    assertThat(new ArrayList<>(json.keySet())).containsExactly("ok", "sustained", "config", "warmup", "load",
        "throughput", "latency", "postgresRawInsert", "ratioErpOrdersPerSecondToRawInsertsPerSecond", "exactlyOnce", "resources",
        "erpCalls", "timeline");
  }
}

package io.retailsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchStatsTest {

  @Test
  void nearestRankPercentilesAndMax() {
    List<Double> values = new ArrayList<>();
    for (int i = 100; i >= 1; i--) {
      values.add((double) i);
    }
    BenchStats.Summary summary = BenchStats.Summary.of(values);
    assertThat(summary.count()).isEqualTo(100);
    assertThat(summary.p50()).isEqualTo(50.0);
    assertThat(summary.p95()).isEqualTo(95.0);
    assertThat(summary.p99()).isEqualTo(99.0);
    assertThat(summary.max()).isEqualTo(100.0);
    assertThat(summary.toString()).isEqualTo("p50=50.0 p95=95.0 p99=99.0 max=100.0 n=100");
  }

  @Test
  void nearestRankOnSmallSamplesNeverInterpolates() {
    double[] ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertThat(BenchStats.percentile(ten, 0.50)).isEqualTo(5.0);
    assertThat(BenchStats.percentile(ten, 0.95)).isEqualTo(10.0);
    assertThat(BenchStats.percentile(ten, 0.99)).isEqualTo(10.0);
    assertThat(BenchStats.percentile(ten, 0.0)).isEqualTo(1.0);
    assertThat(BenchStats.percentile(new double[] {7}, 0.99)).isEqualTo(7.0);
    assertThat(BenchStats.percentile(new double[0], 0.5)).isNaN();
    // 1000 values: p99 is the 990th, p95 the 950th
    double[] thousand = new double[1000];
    for (int i = 0; i < thousand.length; i++) {
      thousand[i] = i + 1;
    }
    assertThat(BenchStats.percentile(thousand, 0.99)).isEqualTo(990.0);
    assertThat(BenchStats.percentile(thousand, 0.95)).isEqualTo(950.0);
  }

  @Test
  void anEmptySampleHasNoFigures() {
    BenchStats.Summary empty = BenchStats.Summary.of(List.of());
    assertThat(empty.count()).isZero();
    assertThat(empty.p50()).isNaN();
    assertThat(empty.max()).isNaN();
    assertThat(empty.toString()).isEqualTo("no samples");
  }

  @Test
  void countsStampsInAHalfOpenWindowAndSkipsTheMissing() {
    long[] stamps = {BenchStats.NEVER, 99, 100, 150, 199, 200, 250};
    assertThat(BenchStats.countWithin(stamps, 100, 200)).isEqualTo(3);
    // nanoTime may be negative: only differences count
    long base = Long.MAX_VALUE - 50;
    long[] wrapping = {base, base + 40, base + 60, base + 120};
    assertThat(BenchStats.countWithin(wrapping, base, base + 100)).isEqualTo(3);
  }

  @Test
  void ratesAndRatios() {
    assertThat(BenchStats.perSecond(50, 1_000_000_000L)).isEqualTo(50.0);
    assertThat(BenchStats.perSecond(3000, 60_000_000_000L)).isEqualTo(50.0);
    assertThat(BenchStats.perSecond(10, 0)).isNaN();
    assertThat(BenchStats.ratio(50, 2000)).isEqualTo(0.025);
    assertThat(BenchStats.ratio(50, 0)).isNaN();
    assertThat(BenchStats.ratio(Double.NaN, 10)).isNaN();
    assertThat(BenchStats.millis(1_000_000, 3_500_000)).isEqualTo(2.5);
    assertThat(BenchStats.mean(List.of(1.0, 2.0, 6.0))).isEqualTo(3.0);
    assertThat(BenchStats.mean(List.of())).isNaN();
    assertThat(BenchStats.fmt(Double.NaN)).isEqualTo("n/a");
    assertThat(BenchStats.fmt(12.345)).isEqualTo("12.3");
  }

  @Test
  void sumsTheSeriesOfAMetricWithALabel() {
    String text = """
        # TYPE sync_external_call_seconds histogram
        sync_external_call_seconds_bucket{operation="postSalesOrders",outcome="success",system="erp",le="0.1"} 3
        sync_external_call_seconds_count{operation="postSalesOrders",outcome="success",system="erp"} 40.0
        sync_external_call_seconds_count{operation="findSalesOrder",outcome="success",system="erp"} 2.0
        sync_external_call_seconds_count{operation="getOrder",outcome="success",system="shopify"} 7.0
        sync_external_call_seconds_sum{operation="postSalesOrders",outcome="success",system="erp"} 1.5
        """;
    assertThat(BenchStats.sumOf(text, "sync_external_call_seconds_count", "system=\"erp\"")).isEqualTo(42.0);
    assertThat(BenchStats.sumOf(text, "sync_external_call_seconds_sum", "system=\"erp\"")).isEqualTo(1.5);
    assertThat(BenchStats.sumOf(text, "sync_external_call_seconds_count", "system=\"amazon\"")).isZero();
  }
}

package io.retailsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrdersScenarioTest {

  @Test
  void nearestRankPercentiles() {
    List<Double> values = new ArrayList<>();
    for (int i = 100; i >= 1; i--) {
      values.add((double) i);
    }
    OrdersScenario.Percentiles percentiles = OrdersScenario.Percentiles.of(values);
    assertThat(percentiles.p50()).isEqualTo(50.0);
    assertThat(percentiles.p95()).isEqualTo(95.0);
    assertThat(percentiles.p99()).isEqualTo(99.0);
    assertThat(OrdersScenario.Percentiles.of(List.of(7.0)).p99()).isEqualTo(7.0);
    assertThat(OrdersScenario.Percentiles.of(List.of()).toString()).isEqualTo("no samples");
  }

  @Test
  void sumsEverySeriesOfAPrometheusCounter() {
    String text = """
        # HELP sync_duplicates_suppressed_total Repeated deliveries or orders recognised and not processed again
        # TYPE sync_duplicates_suppressed_total counter
        sync_duplicates_suppressed_total{channel="shopify",kind="delivery"} 12.0
        sync_duplicates_suppressed_total{channel="shopify",kind="order"} 3.0
        sync_duplicates_suppressed_total_other{channel="shopify"} 100.0
        sync_orders_ingested_total{channel="shopify",outcome="accepted"} 40.0
        """;
    assertThat(OrdersScenario.sumOf(text, "sync_duplicates_suppressed_total")).isEqualTo(15.0);
    assertThat(OrdersScenario.sumOf("plain_total 2.0\n", "plain_total")).isEqualTo(2.0);
    assertThat(OrdersScenario.sumOf("", "sync_duplicates_suppressed_total")).isZero();
  }
}

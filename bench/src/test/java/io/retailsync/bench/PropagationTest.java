package io.retailsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PropagationTest {

  @Test
  void anOrderIsShownByTheFirstValueAtOrBelowItsQuantityAcceptedAfterItWasSent() {
    List<Propagation.Sent> orders = List.of(
        new Propagation.Sent("A", 1_000, 9, true, false),
        new Propagation.Sent("A", 1_010, 8, true, false),
        new Propagation.Sent("B", 1_020, 0, true, true),
        new Propagation.Sent("C", 1_030, 4, false, false));
    List<Propagation.Shown> history = List.of(
        new Propagation.Shown("A", 8, 990),   // before the order was sent: not its effect
        new Propagation.Shown("A", 9, 1_200),
        new Propagation.Shown("B", 1, 1_250), // not yet zero
        new Propagation.Shown("A", 8, 1_300),
        new Propagation.Shown("B", 0, 1_400));

    Propagation.Result result = Propagation.of(orders, history);

    assertThat(result.all()).containsExactly(200, 290, 380);
    assertThat(result.lastUnit()).containsExactly(380);
    assertThat(result.neverShown()).isZero();
  }

  @Test
  void anOrderTheChannelNeverReflectsIsCountedNotDropped() {
    Propagation.Result result = Propagation.of(List.of(new Propagation.Sent("A", 1_000, 3, true, false)),
        List.of(new Propagation.Shown("A", 4, 1_100)));
    assertThat(result.all()).isEmpty();
    assertThat(result.neverShown()).isEqualTo(1);
  }

  @Test
  void aFullFeedReflectsAnOrderWhenTheNextFeedAfterItShowsItsSku() {
    List<Propagation.Sent> orders = List.of(new Propagation.Sent("A", 1_500, 1, true, false),
        new Propagation.Sent("B", 2_000, 1, true, false));
    double[] latencies = Propagation.fullFeed(orders, Map.of("A", 100L, "B", 400L), 1_000, 1_000);
    // A: the next feed starts at 2000 and shows A 100 ms in; B: the feed starting at 2000 shows it after 400 ms
    assertThat(latencies).containsExactly(600, 400);
  }

  @Test
  void percentilesAreNearestRank() {
    Percentiles p = Percentiles.of(new double[] {5, 1, 4, 2, 3, 6, 7, 8, 9, 10});
    assertThat(p.p50()).isEqualTo(5);
    assertThat(p.p99()).isEqualTo(10);
    assertThat(p.count()).isEqualTo(10);
  }
}

package io.retailsync.inventory.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retailsync.inventory.projection.SkuStock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelRuleTest {

  private final SkuStock stock = new SkuStock("SKU-0001").with("WH-EAST", 10, 2).with("WH-WEST", 5, 0)
      .with("3PL-CENTRAL", 4, 1);

  @Test
  void atpIsOnHandLessReservedOverTheChannelsLocationsLessItsBuffer() {
    assertThat(rule(List.of("WH-EAST", "WH-WEST", "3PL-CENTRAL"), 0, Map.of(), null, 0).atp(stock)).isEqualTo(16);
    assertThat(rule(List.of("WH-EAST", "WH-WEST"), 3, Map.of(), null, 0).atp(stock)).isEqualTo(10);
    assertThat(rule(List.of("WH-EAST", "WH-WEST"), 3, Map.of("SKU-0001", 1), null, 0).atp(stock)).isEqualTo(12);
  }

  @Test
  void aCapLimitsAndAFloorZeroesWhatIsShown() {
    assertThat(rule(List.of("WH-EAST"), 0, Map.of(), 5, 0).atp(stock)).isEqualTo(5);
    assertThat(rule(List.of("3PL-CENTRAL"), 0, Map.of(), null, 4).atp(stock)).isZero();
    assertThat(rule(List.of("3PL-CENTRAL"), 0, Map.of(), null, 3).atp(stock)).isEqualTo(3);
  }

  @Test
  void anOversoldLocationNeverShowsBelowZero() {
    SkuStock oversold = new SkuStock("SKU-0991").with("WH-EAST", 1, 2);
    assertThat(rule(List.of("WH-EAST"), 0, Map.of(), null, 0).atp(oversold)).isZero();
  }

  @Test
  void aRuleWithoutLocationsOrWithNegativeValuesIsRefused() {
    assertThatThrownBy(() -> rule(List.of(), 0, Map.of(), null, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> rule(List.of("WH-EAST"), -1, Map.of(), null, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> rule(List.of("WH-EAST", "WH-EAST"), 0, Map.of(), null, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static ChannelRule rule(List<String> locations, int buffer, Map<String, Integer> skuBuffers, Integer cap, int floor) {
    return new ChannelRule("amazon", locations, buffer, skuBuffers, cap, floor);
  }
}

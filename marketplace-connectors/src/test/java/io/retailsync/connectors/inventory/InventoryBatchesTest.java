package io.retailsync.connectors.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventoryBatchesTest {

  @Test
  void refusesMoreThanTheMaximumAndASkuTwice() {
    assertThatThrownBy(() -> InventoryBatches.checked("ebay", InventoryFixtures.TWO_SKUS, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 1");
    assertThatThrownBy(() -> InventoryBatches.checked("ebay", List.of(new InventoryUpdate("A", 1, "x"),
        new InventoryUpdate("A", 2, "y")), 5)).hasMessageContaining("twice");
    assertThatThrownBy(() -> new InventoryUpdate("A", -1, "x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void partitionsIntoSlicesAndOutcomesAddUpWithALaterRejectionWinning() {
    assertThat(InventoryBatches.partition(List.of(1, 2, 3, 4, 5), 2)).containsExactly(List.of(1, 2), List.of(3, 4),
        List.of(5));
    PushOutcome sum = new PushOutcome(List.of("A", "B"), Map.of()).plus(new PushOutcome(List.of("C"), Map.of("B", "no")));
    assertThat(sum.accepted()).containsExactly("A", "C");
    assertThat(sum.rejected()).containsEntry("B", "no");
  }
}

package io.retailsync.inventory.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LocationRuleTest {

  private static final List<String> ALL = List.of("WH-EAST", "WH-WEST", "3PL-CENTRAL");

  @Test
  void theFirstLocationThatCoversEveryUnitTakesThemAll() {
    assertThat(LocationRule.reserve(ALL, Map.of("WH-EAST", 1, "WH-WEST", 5, "3PL-CENTRAL", 9), 3))
        .containsExactly(Map.entry("WH-WEST", 3));
  }

  @Test
  void withoutOneLocationForAllTheUnitsAreTakenWhereTheyAreInOrderOfPreference() {
    assertThat(LocationRule.reserve(ALL, Map.of("WH-EAST", 1, "WH-WEST", 1, "3PL-CENTRAL", 0), 2))
        .containsExactly(Map.entry("WH-EAST", 1), Map.entry("WH-WEST", 1));
  }

  @Test
  void unitsNobodyHasAreReservedOnTheFirstLocationAsOversold() {
    assertThat(LocationRule.reserve(ALL, Map.of("WH-EAST", 0, "WH-WEST", -2), 2))
        .containsExactly(Map.entry("WH-EAST", 2));
    assertThat(LocationRule.reserve(ALL, Map.of("WH-WEST", 1), 3))
        .containsExactly(Map.entry("WH-WEST", 1), Map.entry("WH-EAST", 2));
  }

  @Test
  void unitsGoBackFromTheShippedLocationFirstThenTheLeastPreferred() {
    Map<String, Integer> held = Map.of("WH-EAST", 2, "WH-WEST", 1, "3PL-CENTRAL", 1);
    assertThat(LocationRule.release(held, ALL, "WH-WEST", 2)).containsExactly(Map.entry("WH-WEST", 1),
        Map.entry("3PL-CENTRAL", 1));
    assertThat(LocationRule.release(held, ALL, null, 5)).containsEntry("WH-EAST", 2).containsEntry("WH-WEST", 1)
        .containsEntry("3PL-CENTRAL", 1);
  }

  @Property
  void aReservationAlwaysCoversTheUnitsAskedFor(@ForAll @IntRange(min = -3, max = 5) int east,
      @ForAll @IntRange(min = -3, max = 5) int west, @ForAll @IntRange(min = 0, max = 12) int quantity) {
    Map<String, Integer> chosen = LocationRule.reserve(List.of("WH-EAST", "WH-WEST"), Map.of("WH-EAST", east, "WH-WEST", west),
        quantity);
    assertThat(chosen.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(quantity);
    assertThat(chosen.values()).allMatch(units -> units > 0);
  }
}

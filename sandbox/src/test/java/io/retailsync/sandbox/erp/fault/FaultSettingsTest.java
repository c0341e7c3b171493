package io.retailsync.sandbox.erp.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class FaultSettingsTest {

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void absentFieldsAreOff() {
    FaultSettings settings = json.readValue("{\"failureRate\": 0.25}", FaultSettings.class).normalized();
    assertThat(settings.latencyMs()).isZero();
    assertThat(settings.rateLimitPerSecond()).isEqualByComparingTo("0");
    assertThat(settings.failureRate()).isEqualByComparingTo("0.25");
    assertThat(settings.commitThenFailRate()).isEqualByComparingTo("0");
    assertThat(settings.off()).isFalse();
    assertThat(json.readValue("{}", FaultSettings.class).normalized().off()).isTrue();
  }

  @Test
  void ratesKeepTheirExactDecimalValue() {
    FaultSettings settings = json.readValue(
        "{\"latencyMs\": 25, \"rateLimitPerSecond\": 2.5, \"commitThenFailRate\": 0.1}", FaultSettings.class)
        .normalized();
    assertThat(settings.rateLimitPerSecond()).isEqualTo(new BigDecimal("2.5"));
    assertThat(settings.commitThenFailRate()).isEqualTo(new BigDecimal("0.1"));
    assertThat(json.writeValueAsString(settings)).contains("\"commitThenFailRate\":0.1");
  }

  @Test
  void refusesOutOfRangeValues() {
    assertThatThrownBy(() -> new FaultSettings(null, null, new BigDecimal("1.5"), null, null).normalized())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failureRate");
    assertThatThrownBy(() -> new FaultSettings(null, null, null, new BigDecimal("-0.1"), null).normalized())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("commitThenFailRate");
    assertThatThrownBy(() -> new FaultSettings(-1L, null, null, null, null).normalized())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latencyMs");
    assertThatThrownBy(() -> new FaultSettings(null, new BigDecimal("-1"), null, null, null).normalized())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rateLimitPerSecond");
  }

  @Test
  void certainRatesAlwaysFire() {
    assertThat(ErpFaults.roll(BigDecimal.ONE)).isTrue();
    assertThat(ErpFaults.roll(BigDecimal.ZERO)).isFalse();
  }
}

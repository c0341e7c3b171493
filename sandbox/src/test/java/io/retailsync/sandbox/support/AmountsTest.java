package io.retailsync.sandbox.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class AmountsTest {

  @Test
  void formatsAtTheCurrencysScale() {
    assertThat(Amounts.format(new BigDecimal("12.3"), "USD")).isEqualTo("12.30");
    assertThat(Amounts.format(new BigDecimal("12.3000"), "USD")).isEqualTo("12.30");
    assertThat(Amounts.format(new BigDecimal("1500.0000"), "JPY")).isEqualTo("1500");
    assertThat(Amounts.format(new BigDecimal("1.5"), "KWD")).isEqualTo("1.500");
  }

  @Test
  void checksAmounts() {
    assertThat(Amounts.check("x", null, BigDecimal.ZERO, "USD")).isZero();
    assertThat(Amounts.check("x", new BigDecimal("1.10"), null, "USD")).isEqualByComparingTo("1.1");
    assertThatThrownBy(() -> Amounts.check("x", null, null, "USD")).hasMessage("x is missing");
    assertThatThrownBy(() -> Amounts.check("x", new BigDecimal("1.001"), null, "USD"))
        .hasMessageContaining("more decimals");
    assertThatThrownBy(() -> Amounts.check("x", new BigDecimal("-1"), null, "USD"))
        .hasMessageContaining("negative");
    assertThatThrownBy(() -> Amounts.scale("usd")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Amounts.scale("ZZZ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Amounts.scale("XAU")).hasMessageContaining("no minor unit");
  }
}

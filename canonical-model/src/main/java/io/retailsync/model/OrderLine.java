package io.retailsync.model;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/**
 * One line of an order. {@code unitPrice} is before discounts; {@code discount} and {@code tax} are
 * totals for the whole line (quantity applied), in the order's currency.
 */
public record OrderLine(
    @NotBlank @Size(max = 64) String lineId,
    @NotBlank @Size(max = 64) String sku,
    @PositiveOrZero int quantity,
    @NotNull @PositiveOrZero BigDecimal unitPrice,
    @PositiveOrZero BigDecimal discount,
    @NotNull @PositiveOrZero BigDecimal tax,
    @Size(max = 255) String title) {

  public OrderLine {
    discount = discount == null ? BigDecimal.ZERO : discount;
  }

  OrderLine atScaleOf(String currency) {
    return new OrderLine(lineId, sku, quantity, scaled(currency, unitPrice), scaled(currency, discount),
        scaled(currency, tax), title);
  }

  /** Price × quantity − discount: what the line contributes to the order's subtotal. */
  public BigDecimal netAmount() {
    return unitPrice.multiply(BigDecimal.valueOf(quantity)).subtract(discount);
  }

  static BigDecimal scaled(String currency, BigDecimal amount) {
    return amount == null || !Money.isKnownCurrency(currency) ? amount : Money.scaleFor(currency, amount);
  }
}

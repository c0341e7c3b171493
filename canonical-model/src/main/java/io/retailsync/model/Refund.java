package io.retailsync.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Money given back to a buyer against an order (a Shopify refund, an Amazon refund event, ...), with the
 * lines it covers and whether the goods come back to stock. Becomes a credit memo in the ERP, keyed by
 * {@code {channel}:{orderId}:refund:{refundId}}.
 */
public record Refund(
    @NotBlank String channel,
    @NotBlank String orderId,
    @NotBlank String refundId,
    @NotNull Instant createdAt,
    @NotBlank String currency,
    @Valid List<@NotNull Line> lines,
    @PositiveOrZero BigDecimal shippingAmount,
    @NotNull BigDecimal total,
    String reason) {

  public Refund {
    lines = lines == null ? List.of() : lines.stream().map(line -> line.atScaleOf(currency)).toList();
    shippingAmount = OrderLine.scaled(currency, shippingAmount == null ? BigDecimal.ZERO : shippingAmount);
    total = OrderLine.scaled(currency, total);
  }

  public String externalReference() {
    return channel + ":" + orderId + ":refund:" + refundId;
  }

  /** A refunded order line; {@code restock} says whether the unit returns to sellable stock. */
  public record Line(
      @NotBlank String lineId,
      String sku,
      @PositiveOrZero int quantity,
      @NotNull @PositiveOrZero BigDecimal amount,
      @PositiveOrZero BigDecimal tax,
      RestockType restock) {

    Line atScaleOf(String currency) {
      return new Line(lineId, sku, quantity, OrderLine.scaled(currency, amount),
          OrderLine.scaled(currency, tax == null ? BigDecimal.ZERO : tax), restock == null ? RestockType.NO_RESTOCK : restock);
    }
  }

  public enum RestockType { NO_RESTOCK, CANCEL, RETURN }
}

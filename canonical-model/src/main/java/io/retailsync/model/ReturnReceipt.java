package io.retailsync.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Instant;
import java.util.List;

/**
 * Returned units a warehouse received ({@code ReturnReceived} on {@code retail.returns.v1}, keyed by
 * {@code {channel}:{orderId}}): sellable units go back to stock, damaged ones are written off.
 */
public record ReturnReceipt(
    @NotBlank String receiptId,
    @NotBlank String channel,
    @NotBlank String orderId,
    @NotBlank String location,
    @NotNull Instant receivedAt,
    @NotEmpty @Valid List<@NotNull Line> lines) {

  public ReturnReceipt {
    lines = lines == null ? List.of() : List.copyOf(lines);
  }

  public enum Condition { SELLABLE, DAMAGED }

  public record Line(@NotBlank String sku, @Positive int quantity, @NotNull Condition condition) {}
}

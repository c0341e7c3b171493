package io.retailsync.model;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** A marketplace's cancellation of a whole order. */
public record OrderCancellation(
    @NotBlank String channel,
    @NotBlank String orderId,
    @NotNull Instant cancelledAt,
    String reason) {

  public String externalReference() {
    return channel + ":" + orderId;
  }
}

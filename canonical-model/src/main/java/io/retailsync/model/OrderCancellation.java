package io.retailsync.model;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/**
 * A marketplace's cancellation of a whole order. {@code fulfilmentStarted} says the marketplace already
 * shows units fulfilled, which makes the cancellation a matter for operations rather than a silent cancel.
 */
public record OrderCancellation(
    @NotBlank String channel,
    @NotBlank String orderId,
    @NotNull Instant cancelledAt,
    String reason,
    Boolean fulfilmentStarted) {

  public String externalReference() {
    return channel + ":" + orderId;
  }
}

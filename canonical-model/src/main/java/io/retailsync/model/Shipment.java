package io.retailsync.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Instant;
import java.util.List;

/**
 * Units of an order that left a location (a WMS, 3PL or ERP fulfilment), deduplicated by the source's
 * {@code fulfillmentId}. On {@code retail.shipments.v1}, keyed by {@code {channel}:{orderId}}.
 */
public record Shipment(
    @NotBlank String fulfillmentId,
    @NotBlank String channel,
    @NotBlank String orderId,
    @NotBlank String location,
    String carrier,
    String service,
    String trackingNumber,
    String trackingUrl,
    @NotNull Instant shippedAt,
    @NotEmpty @Valid List<@NotNull Line> lines) {

  public Shipment {
    lines = lines == null ? List.of() : List.copyOf(lines);
  }

  public record Line(@NotBlank String sku, @Positive int quantity) {}
}

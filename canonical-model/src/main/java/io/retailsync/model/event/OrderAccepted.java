package io.retailsync.model.event;

import java.time.Instant;

/** The ERP accepted an order as a sales order; {@code documentNumber} is the ERP's. */
public record OrderAccepted(String channel, String orderId, String externalReference, String documentNumber,
    Instant acceptedAt) {}

package io.retailsync.model.event;

import java.time.Instant;

/** An order that did not become a sales order, with the exception type and the reason. */
public record OrderRejected(String channel, String orderId, String externalReference, String type,
    String reason, Instant rejectedAt) {}

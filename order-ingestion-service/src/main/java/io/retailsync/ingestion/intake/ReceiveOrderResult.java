package io.retailsync.ingestion.intake;

import java.util.UUID;

/** What became of a received order. Rejections are results, not exceptions. */
public sealed interface ReceiveOrderResult {

  record Accepted(String correlationId) implements ReceiveOrderResult {}

  /** The same order (same channel, id and content) was received before. */
  record Duplicate(String correlationId) implements ReceiveOrderResult {}

  /** The same channel and order id arrived before with different content. */
  record Conflict(UUID exceptionId, String reason) implements ReceiveOrderResult {}

  /** Not accepted; {@code exceptionId} is null when the caller was told synchronously and nothing was filed. */
  record Rejected(String type, String reason, UUID exceptionId) implements ReceiveOrderResult {}
}

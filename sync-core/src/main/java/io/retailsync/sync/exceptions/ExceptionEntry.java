package io.retailsync.sync.exceptions;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A stored exception with its payload and audit trail. */
public record ExceptionEntry(UUID id, String type, String reason, ExceptionStatus status, String channel,
    String orderId, String sku, String correlationId, Instant createdAt, String replayKind,
    String replayTarget, String payload, Map<String, String> payloadHeaders, List<AuditEntry> audit) {

  public record AuditEntry(String action, String by, Instant at, String note) {}
}

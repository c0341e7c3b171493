package io.retailsync.sync.exceptions;

import io.retailsync.model.json.CanonicalJson;
import io.retailsync.model.json.InvalidPayloadException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A stored exception with its payload and audit trail. */
public record ExceptionEntry(UUID id, String type, String reason, ExceptionStatus status, String channel,
    String orderId, String sku, String correlationId, Instant createdAt, String replayKind,
    String replayTarget, String payload, Map<String, String> payloadHeaders, List<AuditEntry> audit) {

  public record AuditEntry(String action, String by, Instant at, String note) {}

  /** The held payload as a canonical record; a payload that cannot be read refuses the replay. */
  public <T> T payloadAs(Class<T> type) {
    if (payload == null) {
      throw new ReplayRefusedException("no payload was kept for this entry");
    }
    try {
      return CanonicalJson.read(payload, type);
    } catch (InvalidPayloadException e) {
      throw new ReplayRefusedException("the held payload is not a " + type.getSimpleName() + ": " + e.getMessage());
    }
  }
}

package io.retailsync.sync.exceptions;

import io.retailsync.model.json.CanonicalJson;
import io.retailsync.model.json.InvalidPayloadException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A stored exception with its payload (the bytes that arrived) and audit trail. */
public record ExceptionEntry(UUID id, String type, String reason, ExceptionStatus status, String channel,
    String orderId, String sku, String correlationId, Instant createdAt, String replayKind,
    String replayTarget, byte[] payload, Map<String, String> payloadHeaders, List<AuditEntry> audit) {

  public record AuditEntry(String action, String by, Instant at, String note) {}

  /** The payload as text when it is valid UTF-8 (NUL bytes included), otherwise empty. */
  public java.util.Optional<String> payloadText() {
    if (payload == null) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(java.nio.charset.StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(payload)).toString());
    } catch (java.nio.charset.CharacterCodingException e) {
      return java.util.Optional.empty();
    }
  }

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

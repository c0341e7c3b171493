package io.retailsync.sync.exceptions;

import java.util.Map;
import java.util.Objects;

/**
 * An exception to file. {@code sourceKey}, when given, makes filing idempotent: the same failure
 * recorded twice (a redelivered record, a repeated webhook) yields one entry.
 * {@code replayKind} names the {@link ExceptionReplayer} that can process the payload again. The payload
 * is kept as the bytes that arrived (a body with a NUL byte or invalid UTF-8 included).
 */
public record NewException(String type, String reason, String channel, String orderId, String sku,
    String correlationId, String sourceKey, String replayKind, String replayTarget, byte[] payload,
    Map<String, String> payloadHeaders) {

  public NewException {
    Objects.requireNonNull(type, "type");
    reason = reason == null ? type : reason;
    payloadHeaders = payloadHeaders == null ? Map.of() : copyWithoutNulls(payloadHeaders);
  }

  private static Map<String, String> copyWithoutNulls(Map<String, String> headers) {
    Map<String, String> copy = new java.util.LinkedHashMap<>();
    headers.forEach((name, value) -> {
      if (name != null && value != null) {
        copy.put(name, value);
      }
    });
    return java.util.Collections.unmodifiableMap(copy);
  }

  public static Builder builder(String type, String reason) {
    return new Builder(type, reason);
  }

  public static final class Builder {
    private final String type;
    private final String reason;
    private String channel;
    private String orderId;
    private String sku;
    private String correlationId;
    private String sourceKey;
    private String replayKind;
    private String replayTarget;
    private byte[] payload;
    private Map<String, String> payloadHeaders;

    private Builder(String type, String reason) {
      this.type = type;
      this.reason = reason;
    }

    public Builder channel(String value) {
      this.channel = value;
      return this;
    }

    public Builder orderId(String value) {
      this.orderId = value;
      return this;
    }

    public Builder sku(String value) {
      this.sku = value;
      return this;
    }

    public Builder correlationId(String value) {
      this.correlationId = value;
      return this;
    }

    public Builder sourceKey(String value) {
      this.sourceKey = value;
      return this;
    }

    public Builder replay(String kind, String target) {
      this.replayKind = kind;
      this.replayTarget = target;
      return this;
    }

    public Builder payload(byte[] body, Map<String, String> headers) {
      this.payload = body;
      this.payloadHeaders = headers;
      return this;
    }

    /** A payload the service holds as text (a canonical record's JSON), kept as its UTF-8 bytes. */
    public Builder payload(String body, Map<String, String> headers) {
      return payload(body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers);
    }

    public NewException build() {
      return new NewException(type, reason, channel, orderId, sku, correlationId, sourceKey, replayKind,
          replayTarget, payload, payloadHeaders);
    }
  }
}

package io.retailsync.model.json;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON codec for canonical records. Amounts are written as decimal strings ({@code "12.30"}),
 * never JSON numbers, and read from either; timestamps are ISO-8601; unknown fields are ignored so that
 * additive schema changes never break a consumer.
 */
public final class CanonicalJson {

  private static final JsonMapper MAPPER = JsonMapper.builder()
      .withConfigOverride(BigDecimal.class, override -> override.setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING)))
      .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
      .build();

  private CanonicalJson() {}

  /** The shared, immutable mapper (Jackson mappers are thread-safe once built). */
  public static JsonMapper mapper() {
    return MAPPER;
  }

  public static byte[] toBytes(Object value) {
    return MAPPER.writeValueAsBytes(value);
  }

  public static String toJson(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  /** Reads a record; any malformed or mistyped input becomes {@link InvalidPayloadException}. */
  public static <T> T read(byte[] json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JacksonException | IllegalArgumentException e) {
      throw new InvalidPayloadException(describe(e), e);
    }
  }

  public static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JacksonException | IllegalArgumentException e) {
      throw new InvalidPayloadException(describe(e), e);
    }
  }

  public static JsonNode tree(byte[] json) {
    try {
      return MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new InvalidPayloadException(describe(e), e);
    }
  }

  private static String describe(Exception e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof IllegalArgumentException && root != e) {
      return root.getMessage();
    }
    if (e instanceof JacksonException jackson) {
      return jackson.getOriginalMessage() + locate(jackson);
    }
    return e.getMessage();
  }

  private static String locate(JacksonException e) {
    String path = e.getPathReference();
    return path == null || path.isBlank() ? "" : " (at " + path + ")";
  }
}

package io.retailsync.model.event;

/**
 * The Kafka header names of the CloudEvents 1.0 Kafka protocol binding, binary mode: every attribute
 * and extension is a {@code ce_}-prefixed header; the payload's media type is {@code content-type}.
 */
public final class EventHeaders {

  public static final String SPEC_VERSION = "ce_specversion";
  public static final String ID = "ce_id";
  public static final String SOURCE = "ce_source";
  public static final String TYPE = "ce_type";
  public static final String TIME = "ce_time";
  public static final String SUBJECT = "ce_subject";
  public static final String IDEMPOTENCY_KEY = "ce_idempotencykey";
  public static final String CORRELATION_ID = "ce_correlationid";
  public static final String CHANNEL = "ce_channel";
  public static final String SCHEMA_VERSION = "ce_schemaversion";
  public static final String CONTENT_TYPE = "content-type";

  /** Extension attribute names (without the {@code ce_} prefix), as CloudEvents requires them. */
  public static final String EXT_IDEMPOTENCY_KEY = "idempotencykey";
  public static final String EXT_CORRELATION_ID = "correlationid";
  public static final String EXT_CHANNEL = "channel";
  public static final String EXT_SCHEMA_VERSION = "schemaversion";

  private EventHeaders() {}
}

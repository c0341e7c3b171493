package io.retailsync.model.event;

/** The Kafka topics of the event backbone. Keys are given per topic in {@link EventType}. */
public final class Topics {

  public static final String ORDERS = "retail.orders.v1";
  public static final String ORDER_ACKS = "retail.order-acks.v1";
  public static final String RETURNS = "retail.returns.v1";
  public static final String INVENTORY_POSITIONS = "retail.inventory-positions.v1";
  public static final String SHIPMENTS = "retail.shipments.v1";
  public static final String SETTLEMENTS = "retail.settlements.v1";

  /** Every topic of the backbone (not their dead-letter topics). */
  public static final java.util.List<String> ALL = java.util.List.of(ORDERS, ORDER_ACKS, RETURNS,
      INVENTORY_POSITIONS, SHIPMENTS, SETTLEMENTS);

  /**
   * The largest record the backbone carries: producers ({@code max.request.size}), topics
   * ({@code max.message.bytes}) and brokers ({@code message.max.bytes}) are all set to it. The webhook
   * intake accepts bodies up to 5 MiB and a canonical order can be about twice its marketplace JSON (short
   * marketplace fields, named canonical ones), so 16 MiB carries anything the intake accepts; compressed
   * with zstd, such a record is a fraction of that on the wire and on disk.
   */
  public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  private Topics() {}

  /** The dead-letter topic of a topic: what failed permanently after bounded retries. */
  public static String deadLetter(String topic) {
    return topic + ".DLT";
  }

  /** The record key of order-scoped topics: {@code {channel}:{orderId}}. */
  public static String orderKey(String channel, String orderId) {
    return channel + ":" + orderId;
  }
}

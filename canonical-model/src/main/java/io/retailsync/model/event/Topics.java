package io.retailsync.model.event;

/** The Kafka topics of the event backbone. Keys are given per topic in {@link EventType}. */
public final class Topics {

  public static final String ORDERS = "retail.orders.v1";
  public static final String ORDER_ACKS = "retail.order-acks.v1";
  public static final String RETURNS = "retail.returns.v1";
  public static final String INVENTORY_POSITIONS = "retail.inventory-positions.v1";
  public static final String SHIPMENTS = "retail.shipments.v1";
  public static final String SETTLEMENTS = "retail.settlements.v1";

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

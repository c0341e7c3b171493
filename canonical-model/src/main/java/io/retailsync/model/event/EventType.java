package io.retailsync.model.event;

/**
 * Every event of the backbone, with its topic and schema version. The CloudEvents {@code type} is
 * {@code retail.sync.} + the event name. A schema change is additive (consumers ignore unknown fields)
 * or bumps the topic's version; see docs/events.md.
 */
public enum EventType {
  ORDER_CREATED("OrderCreated", Topics.ORDERS),
  ORDER_UPDATED("OrderUpdated", Topics.ORDERS),
  ORDER_CANCELLED("OrderCancelled", Topics.ORDERS),
  ORDER_ACCEPTED("OrderAccepted", Topics.ORDER_ACKS),
  ORDER_REJECTED("OrderRejected", Topics.ORDER_ACKS),
  RETURN_REQUESTED("ReturnRequested", Topics.RETURNS),
  REFUND_ISSUED("RefundIssued", Topics.RETURNS),
  RETURN_RECEIVED("ReturnReceived", Topics.RETURNS),
  INVENTORY_POSITION("InventoryPosition", Topics.INVENTORY_POSITIONS),
  SHIPMENT_CREATED("ShipmentCreated", Topics.SHIPMENTS),
  SHIPMENT_CONFIRMED("ShipmentConfirmed", Topics.SHIPMENTS),
  SETTLEMENT_IMPORTED("SettlementImported", Topics.SETTLEMENTS),
  SETTLEMENT_RECONCILED("SettlementReconciled", Topics.SETTLEMENTS),
  SETTLEMENT_POSTED("SettlementPosted", Topics.SETTLEMENTS);

  public static final String TYPE_PREFIX = "retail.sync.";
  public static final String SCHEMA_VERSION = "1";

  private final String eventName;
  private final String topic;

  EventType(String eventName, String topic) {
    this.eventName = eventName;
    this.topic = topic;
  }

  public String eventName() {
    return eventName;
  }

  public String topic() {
    return topic;
  }

  /** The CloudEvents {@code type} attribute, e.g. {@code retail.sync.OrderCreated}. */
  public String cloudEventType() {
    return TYPE_PREFIX + eventName;
  }

  public static EventType fromCloudEventType(String type) {
    for (EventType candidate : values()) {
      if (candidate.cloudEventType().equals(type)) {
        return candidate;
      }
    }
    throw new IllegalArgumentException("unknown event type " + type);
  }
}

package io.retailsync.ingestion.intake;

import io.retailsync.sync.tx.AfterCommit;
import io.retailsync.connectors.shopify.ShopifyOrderLifecycle;
import io.retailsync.connectors.shopify.ShopifyOrderMapper;
import io.retailsync.connectors.shopify.ShopifyRefundMapper;
import io.retailsync.connectors.shopify.wire.ShopifyOrder;
import io.retailsync.model.Refund;
import io.retailsync.model.Order;
import io.retailsync.model.json.InvalidPayloadException;
import io.retailsync.sync.exceptions.ExceptionQueue;
import io.retailsync.sync.exceptions.NewException;
import io.retailsync.sync.idempotency.IdempotencyStore;
import io.retailsync.sync.metrics.SyncMetrics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Handles an authenticated Shopify delivery: deduplicates it by topic + event id, maps the order and
 * hands it to {@link ReceiveOrder}. A payload that cannot be mapped is filed as {@code INVALID_PAYLOAD}
 * with its raw body, so nothing is lost and Shopify is not asked to retry what cannot improve.
 */
@Service
public class ReceiveShopifyWebhook {

  public enum Outcome { ACCEPTED, DUPLICATE, IGNORED, REJECTED }

  static final String DELIVERY_SCOPE = "shopify-delivery";
  static final String TOPIC_ORDERS_CREATE = "orders/create";
  static final String TOPIC_ORDERS_UPDATED = "orders/updated";
  static final String TOPIC_ORDERS_CANCELLED = "orders/cancelled";
  static final String TOPIC_REFUNDS_CREATE = "refunds/create";
  /** Topics the product acts on; others (orders/paid, fulfillments/*, ...) are acknowledged and ignored. */
  static final Set<String> HANDLED_TOPICS = Set.of(TOPIC_ORDERS_CREATE, TOPIC_ORDERS_UPDATED, TOPIC_ORDERS_CANCELLED,
      TOPIC_REFUNDS_CREATE);

  private final IdempotencyStore idempotency;
  private final ReceiveOrder receiveOrder;
  private final ReceiveRefund receiveRefund;
  private final ExceptionQueue exceptions;
  private final SyncMetrics metrics;

  ReceiveShopifyWebhook(IdempotencyStore idempotency, ReceiveOrder receiveOrder, ReceiveRefund receiveRefund,
      ExceptionQueue exceptions, SyncMetrics metrics) {
    this.idempotency = idempotency;
    this.receiveOrder = receiveOrder;
    this.receiveRefund = receiveRefund;
    this.exceptions = exceptions;
    this.metrics = metrics;
  }

  @Transactional
  public Outcome receive(ShopifyDelivery delivery) {
    if (!idempotency.markCompletedIfAbsent(DELIVERY_SCOPE, delivery.deliveryKey(), null)) {
      AfterCommit.run(() -> metrics.duplicateSuppressed(ShopifyOrderMapper.CHANNEL, SyncMetrics.KIND_DELIVERY));
      return Outcome.DUPLICATE;
    }
    if (delivery.topic() == null || delivery.topic().isBlank()) {
      fileInvalid(delivery, "the delivery has no topic header");
      return Outcome.REJECTED;
    }
    if (!HANDLED_TOPICS.contains(delivery.topic())) {
      return Outcome.IGNORED;
    }
    return process(delivery);
  }

  /** Maps and receives the order or refund of a delivery; used for first deliveries and for replays. */
  Outcome process(ShopifyDelivery delivery) {
    if (TOPIC_REFUNDS_CREATE.equals(delivery.topic())) {
      Refund refund;
      try {
        refund = ShopifyRefundMapper.toCanonical(delivery.rawBody());
      } catch (InvalidPayloadException e) {
        fileInvalid(delivery, e.getMessage());
        return Outcome.REJECTED;
      }
      return switch (receiveRefund.receive(refund, ReceiveOrder.Source.WEBHOOK)) {
        case ACCEPTED -> Outcome.ACCEPTED;
        case DUPLICATE -> Outcome.DUPLICATE;
        case REJECTED -> Outcome.REJECTED;
      };
    }
    OrderVersion version;
    try {
      version = versionOf(delivery.rawBody());
    } catch (InvalidPayloadException e) {
      fileInvalid(delivery, e.getMessage());
      return Outcome.REJECTED;
    }
    ReceiveOrderResult result = receiveOrder.receiveVersion(version, ReceiveOrder.Source.WEBHOOK);
    if (result instanceof ReceiveOrderResult.Rejected rejected && "INVALID_PAYLOAD".equals(rejected.type())) {
      // the canonical form was filed by ReceiveOrder; nothing more to do here
      return Outcome.REJECTED;
    }
    if (result instanceof ReceiveOrderResult.Duplicate) {
      return Outcome.DUPLICATE;
    }
    return result instanceof ReceiveOrderResult.Accepted ? Outcome.ACCEPTED : Outcome.REJECTED;
  }

  /** An {@code orders/*} body (a webhook's or the Admin API's) as one version of its order. */
  public static OrderVersion versionOf(byte[] rawBody) {
    ShopifyOrder wire = ShopifyOrderMapper.parse(rawBody);
    Order order = ShopifyOrderMapper.toCanonical(wire);
    ShopifyOrderLifecycle lifecycle = ShopifyOrderMapper.lifecycle(wire);
    return new OrderVersion(order, OrderVersion.versionOf(order), lifecycle.cancelledAt(), lifecycle.cancelReason(),
        lifecycle.fulfilmentStarted());
  }

  private void fileInvalid(ShopifyDelivery delivery, String reason) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Shopify-Topic", delivery.topic());
    headers.put("X-Shopify-Shop-Domain", delivery.shopDomain());
    headers.put("X-Shopify-Event-Id", delivery.eventId());
    headers.put("X-Shopify-Webhook-Id", delivery.webhookId());
    headers.values().removeIf(java.util.Objects::isNull);
    exceptions.record(NewException.builder("INVALID_PAYLOAD", reason)
        .channel(ShopifyOrderMapper.CHANNEL)
        .orderId(ShopifyOrderMapper.orderIdOf(delivery.rawBody()).orElse(null))
        .sourceKey("shopify-webhook:" + delivery.deliveryKey())
        .replay(ReplayShopifyWebhook.KIND, delivery.topic())
        .payload(delivery.rawBody(), headers).build());
    AfterCommit.run(() -> metrics.orderIngested(ShopifyOrderMapper.CHANNEL, SyncMetrics.OUTCOME_REJECTED));
  }
}

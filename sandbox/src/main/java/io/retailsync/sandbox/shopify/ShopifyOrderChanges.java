package io.retailsync.sandbox.shopify;

import io.retailsync.sandbox.support.SandboxProblem;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The controls that change an order the stand-in sold: edit its lines, cancel, fulfil, refund. Each change
 * stores the order's new version (what the Admin API serves from then on), records the event and, unless
 * {@code "webhook": "skip"}, delivers its webhook {@code deliveries} times with one {@code X-Shopify-Event-Id}.
 * Changes of one order are serialised by a row lock; the webhook goes out after the change is stored.
 */
@Service
class ShopifyOrderChanges {

  static final int MAX_DELIVERIES = 10;
  static final String ORDERS_UPDATED = "orders/updated";
  static final String ORDERS_CANCELLED = "orders/cancelled";
  static final String REFUNDS_CREATE = "refunds/create";

  record QuantityChange(Long lineItemId, Integer quantity) {}

  record AddLine(String sku, Integer quantity, BigDecimal unitPrice) {}

  record UpdateRequest(List<QuantityChange> setQuantities, List<AddLine> addLines, String webhook, Integer deliveries) {}

  record CancelRequest(String reason, Boolean refund, String webhook, Integer deliveries) {}

  record FulfilRequest(List<QuantityChange> lines, String webhook, Integer deliveries) {}

  record RefundLineRequest(Long lineItemId, Integer quantity, String restockType) {}

  record RefundRequest(List<RefundLineRequest> lines, Boolean shipping, String note, String webhook,
      Integer deliveries) {}

  record ChangeResult(String orderId, String topic, String eventId, String updatedAt, String webhook,
      List<Integer> statuses, JsonNode order, String refundId, JsonNode refund) {}

  /** What one change produced: the order's new version and the webhook's body (the order or a refund). */
  private record Change(ObjectNode order, String topic, ObjectNode eventBody, String refundId) {}

  private final ShopifyOrderLog log;
  private final ShopifyWebhookSender sender;
  private final TransactionTemplate transactions;

  ShopifyOrderChanges(ShopifyOrderLog log, ShopifyWebhookSender sender, PlatformTransactionManager transactions) {
    this.log = log;
    this.sender = sender;
    this.transactions = new TransactionTemplate(transactions);
  }

  ChangeResult update(long orderId, UpdateRequest request) {
    List<ShopifyOrderEditor.LineQuantity> quantities = quantities(request.setQuantities(), "setQuantities");
    List<ShopifyOrderEditor.NewLine> added = new ArrayList<>();
    for (AddLine line : nonNull(request.addLines())) {
      if (line == null || line.sku() == null || line.sku().isBlank() || line.quantity() == null) {
        throw SandboxProblem.unprocessable("each of addLines needs a sku and a quantity");
      }
      if (line.unitPrice() != null && line.unitPrice().signum() < 0) {
        throw SandboxProblem.unprocessable("unitPrice must not be negative");
      }
      added.add(new ShopifyOrderEditor.NewLine(line.sku().trim(), line.quantity(), line.unitPrice()));
    }
    return change(orderId, request.webhook(), request.deliveries(), stored -> new Change(
        ShopifyOrderEditor.edit(stored, quantities, added, OffsetDateTime.now()), ORDERS_UPDATED, null, null));
  }

  ChangeResult cancel(long orderId, CancelRequest request) {
    boolean refund = request.refund() == null || request.refund();
    return change(orderId, request.webhook(), request.deliveries(), stored -> new Change(
        ShopifyOrderEditor.cancel(stored, request.reason(), refund, OffsetDateTime.now()), ORDERS_CANCELLED, null,
        null));
  }

  ChangeResult fulfil(long orderId, FulfilRequest request) {
    List<ShopifyOrderEditor.LineQuantity> lines = quantities(request.lines(), "lines");
    return change(orderId, request.webhook(), request.deliveries(), stored -> new Change(
        ShopifyOrderEditor.fulfil(stored, lines, OffsetDateTime.now()), ORDERS_UPDATED, null, null));
  }

  ChangeResult refund(long orderId, RefundRequest request) {
    List<ShopifyOrderEditor.RefundLine> lines = new ArrayList<>();
    for (RefundLineRequest line : nonNull(request.lines())) {
      if (line == null || line.lineItemId() == null || line.quantity() == null) {
        throw SandboxProblem.unprocessable("each of lines needs a lineItemId and a quantity");
      }
      lines.add(new ShopifyOrderEditor.RefundLine(line.lineItemId(), line.quantity(), line.restockType()));
    }
    boolean shipping = Boolean.TRUE.equals(request.shipping());
    return change(orderId, request.webhook(), request.deliveries(), stored -> {
      long refundId = orderId * 100 + stored.path("refunds").size() + 1;
      ShopifyOrderEditor.Refunded refunded = ShopifyOrderEditor.refund(stored, lines, shipping, request.note(),
          refundId, OffsetDateTime.now());
      return new Change(refunded.order(), REFUNDS_CREATE, refunded.refund(), Long.toString(refundId));
    });
  }

  private ChangeResult change(long orderId, String webhookOption, Integer deliveriesOption,
      Function<ObjectNode, Change> edit) {
    String webhook = webhookOption == null || webhookOption.isBlank() ? "send" : webhookOption;
    if (!webhook.equals("send") && !webhook.equals("skip")) {
      throw SandboxProblem.unprocessable("webhook must be \"send\" or \"skip\", got \"" + webhook + "\"");
    }
    int deliveries = deliveriesOption == null ? 1 : deliveriesOption;
    if (deliveries < 1 || deliveries > MAX_DELIVERIES) {
      throw SandboxProblem.unprocessable("deliveries must be between 1 and " + MAX_DELIVERIES + ", got " + deliveries);
    }
    record Stored(Change change, WebhookEvent event) {}
    Stored stored = transactions.execute(status -> {
      String body = log.lockBody(orderId)
          .orElseThrow(() -> SandboxProblem.notFound("the sandbox shop has no order " + orderId));
      Change change;
      try {
        change = edit.apply(ShopifyOrderEditor.read(body));
      } catch (ShopifyOrderEditor.Refused refused) {
        throw SandboxProblem.unprocessable(refused.getMessage());
      }
      String orderBody = ShopifyOrderEditor.write(change.order());
      log.updateBody(orderId, orderBody);
      String eventBody = change.eventBody() == null ? orderBody : ShopifyOrderEditor.write(change.eventBody());
      WebhookEvent event = WebhookEvent.of(change.topic(), eventBody.getBytes(StandardCharsets.UTF_8));
      log.recordEvent(orderId, new ShopifyOrderLog.Event(event.eventId(), event.topic(), webhook, deliveries,
          change.order().get("updated_at").asString(), event.triggeredAt().toString(), eventBody));
      return new Stored(change, event);
    });
    List<Integer> statuses = new ArrayList<>();
    if (webhook.equals("send")) {
      List<WebhookEvent> copies = new ArrayList<>();
      for (int i = 0; i < deliveries; i++) {
        copies.add(stored.event());
      }
      for (WebhookDelivery delivery : sender.sendAll(copies, deliveries)) {
        log.recordDelivery(orderId, delivery);
        statuses.add(delivery.status());
      }
    }
    Change change = stored.change();
    return new ChangeResult(Long.toString(orderId), stored.event().topic(), stored.event().eventId(),
        change.order().get("updated_at").asString(), webhook, statuses, change.order(), change.refundId(),
        change.eventBody());
  }

  private static List<ShopifyOrderEditor.LineQuantity> quantities(List<QuantityChange> changes, String field) {
    List<ShopifyOrderEditor.LineQuantity> quantities = new ArrayList<>();
    for (QuantityChange change : nonNull(changes)) {
      if (change == null || change.lineItemId() == null || change.quantity() == null) {
        throw SandboxProblem.unprocessable("each of " + field + " needs a lineItemId and a quantity");
      }
      quantities.add(new ShopifyOrderEditor.LineQuantity(change.lineItemId(), change.quantity()));
    }
    return quantities;
  }

  private static <T> List<T> nonNull(List<T> items) {
    return items == null ? List.of() : items;
  }
}

package io.retailsync.connectors.shopify;

import io.retailsync.connectors.http.MarketplaceUnavailableException;
import io.retailsync.connectors.polling.OrderFeed;
import io.retailsync.connectors.polling.ScheduledOrderFeed;
import io.retailsync.connectors.polling.OrderPage;
import io.retailsync.connectors.polling.PolledOrder;
import io.retailsync.connectors.shopify.wire.ShopifyOrder;
import io.retailsync.model.CanonicalValidator;
import io.retailsync.model.Order;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reconcile poll of one shop: the orders updated since the watermark, read from the REST Admin API
 * ({@code orders.json?status=any&updated_at_min=…&order=updated_at+asc}), so that an order whose webhook
 * was lost, or never sent, still reaches the ERP. The ingestion service dedupes against the webhooks by
 * {@code updated_at}: a version already received is not posted again.
 *
 * <p>Cursor: the {@code page_info} of the page's next link, as Shopify gave it (Shopify keeps the filters
 * in it, so it stays valid after a restart). Each order's {@link PolledOrder#raw()} is the order object's
 * JSON exactly as it stood in the page, so {@link ShopifyOrderMapper#parse} reads it as it reads a webhook.
 */
public final class ShopifyReconcileFeed extends ScheduledOrderFeed {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final CanonicalValidator VALIDATOR = new CanonicalValidator();

  private final ShopifyAdminClient client;
  private final ShopifyProperties properties;

  public ShopifyReconcileFeed(ShopifyAdminClient client, ShopifyProperties properties) {
    super(ShopifyOrderMapper.CHANNEL, client.shopDomain(), properties.reconcileInterval(), properties.reconcileOverlap(),
        properties.reconcileLookback());
    this.client = client;
    this.properties = properties;
  }






  @Override
  public OrderPage fetchPage(Instant since, String cursor) {
    ShopifyAdminClient.OrdersPage page = cursor == null || cursor.isBlank()
        ? client.listOrders(since) : client.listOrders(cursor);
    List<byte[]> raws = orders(page.body());
    List<PolledOrder> orders = new ArrayList<>(raws.size());
    for (byte[] raw : raws) {
      orders.add(toPolled(raw));
    }
    return new OrderPage(orders, page.nextPageInfo());
  }

  /**
   * One order of a page, mapped and checked against the canonical model's rules (a NUL in a SKU, an id
   * too long), or invalid with the reason why; never an exception. Whether it adds up is the ingestion
   * service's check ({@code TOTALS_MISMATCH}), as for webhooks.
   */
  static PolledOrder toPolled(byte[] raw) {
    String orderId = ShopifyOrderMapper.orderIdOf(raw).orElse("unknown");
    Instant lastModified = null;
    String status = null;
    try {
      JsonNode tree = JSON.readTree(raw);
      lastModified = instantOrNull(text(tree, "updated_at"));
      status = text(tree, "financial_status") + "/" + (text(tree, "fulfillment_status") == null ? "unfulfilled"
          : text(tree, "fulfillment_status"));
    } catch (JacksonException | IllegalArgumentException unreadable) {
      // the mapper below names what is wrong
    }
    try {
      ShopifyOrder wire = ShopifyOrderMapper.parse(raw);
      Order order = ShopifyOrderMapper.toCanonical(wire);
      if (order.updatedAt() == null) {
        return PolledOrder.invalid(orderId, null, status, raw, "Shopify order " + orderId + " has no updated_at");
      }
      List<String> violations = VALIDATOR.violations(order);
      if (!violations.isEmpty()) {
        return PolledOrder.invalid(orderId, lastModified, status, raw, "Shopify order " + orderId
            + " is not a valid canonical order: " + String.join("; ", violations));
      }
      PolledOrder.State state = ShopifyOrderMapper.lifecycle(wire).cancelled()
          ? PolledOrder.State.CANCELLED : PolledOrder.State.OPEN;
      return new PolledOrder(orderId, order.updatedAt(), state, order, status, raw, null);
    } catch (RuntimeException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return PolledOrder.invalid(orderId, lastModified, status, raw, reason);
    }
  }

  private static String text(JsonNode tree, String field) {
    JsonNode value = tree == null ? null : tree.get(field);
    return value == null || value.isNull() ? null : value.asString();
  }

  private static Instant instantOrNull(String value) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * The bytes of each element of the body's {@code orders} array, exactly as they stand in the body.
   *
   * @throws MarketplaceUnavailableException when the body is not an {@code orders.json} answer (a proxy's
   *     error page with status 200): the page is read again later
   */
  static List<byte[]> orders(byte[] body) {
    List<byte[]> orders = new ArrayList<>();
    try (JsonParser parser = JSON.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw notOrders("not a JSON object");
      }
      boolean found = false;
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (!"orders".equals(name)) {
          parser.skipChildren();
          continue;
        }
        if (value != JsonToken.START_ARRAY) {
          throw notOrders("orders is not an array");
        }
        found = true;
        JsonToken element;
        while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
          if (element == null) {
            throw notOrders("the orders array is cut short");
          }
          int start = (int) parser.currentTokenLocation().getByteOffset();
          parser.skipChildren();
          int end = (int) parser.currentLocation().getByteOffset();
          orders.add(Arrays.copyOfRange(body, start, end));
        }
      }
      if (!found) {
        throw notOrders("no orders array");
      }
      return orders;
    } catch (JacksonException e) {
      throw new MarketplaceUnavailableException("Shopify orders.json answer is not readable JSON: "
          + e.getOriginalMessage(), e);
    }
  }

  private static MarketplaceUnavailableException notOrders(String why) {
    return new MarketplaceUnavailableException("Shopify orders.json answer is not an order list: " + why);
  }
}

package io.retailsync.sandbox.shopify;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One generated order: the exact bytes of its {@code orders/create} body and the facts a test asserts on.
 *
 * @param body the compact JSON Shopify would send; signed and sent byte for byte
 */
public record ShopifyOrder(long id, String name, int orderNumber, String currency, OffsetDateTime createdAt,
    BigDecimal totalPrice, List<Line> lines, byte[] body) {

  /** A line item as sent: {@code price} is the unit price before discounts. */
  public record Line(long lineItemId, String sku, int quantity, BigDecimal price) {}

  public ShopifyOrder {
    lines = List.copyOf(lines);
    body = body.clone();
  }

  /** The marketplace order id as the suite keys it: Shopify's numeric {@code id} as a string. */
  public String orderId() {
    return Long.toString(id);
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}

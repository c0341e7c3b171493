package io.retailsync.connectors.walmart.wire;

import java.math.BigDecimal;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One purchase order as {@code GET /v3/orders} lists it ({@code list.elements.order[]}), reduced to the fields
 * the suite maps. Dates are epoch milliseconds; {@code orderLineQuantity.amount} is a string; money amounts are
 * JSON numbers, read as {@link BigDecimal}. Buyer names, street lines, phone and e-mail are not bound.
 */
public record WalmartOrder(
    String purchaseOrderId,
    String customerOrderId,
    Long orderDate,
    ShippingInfo shippingInfo,
    OrderLines orderLines,
    ShipNode shipNode) {

  public record ShippingInfo(Long estimatedDeliveryDate, Long estimatedShipDate, String methodCode,
      PostalAddress postalAddress) {}

  /** Only what routing and tax need: no name, no street lines. */
  public record PostalAddress(String city, String state, String postalCode, String country) {}

  public record ShipNode(String type, String name, String id) {}

  public record OrderLines(List<OrderLine> orderLine) {}

  /**
   * {@code refund} is kept as JSON and read as a {@link WalmartRefund} on its own, so a refund that cannot be read
   * leaves the order readable.
   */
  public record OrderLine(
      String lineNumber,
      Item item,
      Charges charges,
      Quantity orderLineQuantity,
      Long statusDate,
      OrderLineStatuses orderLineStatuses,
      JsonNode refund) {}

  public record Item(String productName, String sku) {}

  public record Charges(List<Charge> charge) {}

  /** {@code chargeType} {@code PRODUCT} or {@code SHIPPING}; a negative amount is a discount. */
  public record Charge(String chargeType, String chargeName, Money chargeAmount, Tax tax) {}

  public record Tax(String taxName, Money taxAmount) {}

  public record Money(String currency, BigDecimal amount) {}

  /** {@code amount} is a decimal string of whole units ({@code "1"}). */
  public record Quantity(String unitOfMeasurement, String amount) {}

  public record OrderLineStatuses(List<OrderLineStatus> orderLineStatus) {}

  public record OrderLineStatus(String status, Quantity statusQuantity, String cancellationReason) {}
}

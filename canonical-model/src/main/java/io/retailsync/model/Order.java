package io.retailsync.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A marketplace order in the suite's own terms. Every marketplace is mapped to this once, at its edge.
 * Amounts are in {@code currency} and are brought to its minor-unit scale when the order is built.
 * {@code shippingAmount}, {@code shippingTax} and {@code total} are optional: when given, the order is
 * checked for consistency ({@link OrderConsistency}). {@code taxesIncluded} says that unit prices already
 * contain the line tax (Shopify's {@code taxes_included}); absent means they do not.
 *
 * <p>{@code fulfilledByMarketplace} marks an order the marketplace ships from its own stock (Amazon AFN):
 * it is recorded and posted, but no warehouse of the retailer reserves or ships it.
 * {@code marketplaceCollectsTax} marks tax the marketplace collects and remits as facilitator (Amazon's
 * MarketplaceFacilitator model, eBay's collect-and-remit): the ERP must not book it as the seller's
 * liability. {@code shipBy} is the marketplace's ship-by deadline, where it gives one.
 */
public record Order(
    @NotBlank @Size(max = 40) @Pattern(regexp = "[a-z0-9][a-z0-9_-]*", message = "must be a lowercase channel name")
    String channel,
    @NotBlank @Size(max = 64) String orderId,
    @Size(max = 64) String orderNumber,
    @NotNull Instant createdAt,
    Instant updatedAt,
    @NotBlank String currency,
    @Valid Address shipTo,
    @NotEmpty @Valid List<@NotNull OrderLine> lines,
    @PositiveOrZero BigDecimal shippingAmount,
    @PositiveOrZero BigDecimal shippingTax,
    @PositiveOrZero BigDecimal total,
    Boolean taxesIncluded,
    Boolean fulfilledByMarketplace,
    Boolean marketplaceCollectsTax,
    Instant shipBy) {

  public Order {
    lines = lines == null ? List.of() : lines.stream().map(line -> line == null ? null : line.atScaleOf(currency)).toList();
    shippingAmount = OrderLine.scaled(currency, shippingAmount == null ? BigDecimal.ZERO : shippingAmount);
    shippingTax = OrderLine.scaled(currency, shippingTax == null ? BigDecimal.ZERO : shippingTax);
    total = OrderLine.scaled(currency, total);
  }

  /** An order the retailer fulfils, whose tax is the seller's, without a ship-by date. */
  public Order(String channel, String orderId, String orderNumber, Instant createdAt, Instant updatedAt,
      String currency, Address shipTo, List<OrderLine> lines, BigDecimal shippingAmount, BigDecimal shippingTax,
      BigDecimal total, Boolean taxesIncluded) {
    this(channel, orderId, orderNumber, createdAt, updatedAt, currency, shipTo, lines, shippingAmount, shippingTax,
        total, taxesIncluded, null, null, null);
  }

  /** This order with another last-modified time (the same content). */
  public Order withUpdatedAt(Instant at) {
    return new Order(channel, orderId, orderNumber, createdAt, at, currency, shipTo, lines, shippingAmount, shippingTax,
        total, taxesIncluded, fulfilledByMarketplace, marketplaceCollectsTax, shipBy);
  }

  public boolean marketplaceFulfils() {
    return Boolean.TRUE.equals(fulfilledByMarketplace);
  }

  public boolean marketplaceRemitsTax() {
    return Boolean.TRUE.equals(marketplaceCollectsTax);
  }

  /** The external reference of this order in the ERP and everywhere else: {@code {channel}:{orderId}}. */
  public String externalReference() {
    return channel + ":" + orderId;
  }

  public Money money(BigDecimal amount) {
    return Money.of(amount, currency);
  }

  public BigDecimal lineTaxTotal() {
    return lines.stream().map(OrderLine::tax).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /** Σ line net + shipping + tax not already in the prices: what the buyer pays. */
  public BigDecimal computedTotal() {
    BigDecimal lineNet = lines.stream().map(OrderLine::netAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal total = lineNet.add(shippingAmount);
    return Boolean.TRUE.equals(taxesIncluded) ? total : total.add(shippingTax).add(lineTaxTotal());
  }
}

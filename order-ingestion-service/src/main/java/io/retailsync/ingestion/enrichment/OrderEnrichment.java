package io.retailsync.ingestion.enrichment;

import io.retailsync.erp.SalesOrderDocument;
import io.retailsync.ingestion.skualias.SkuAliases;
import io.retailsync.model.Order;
import io.retailsync.model.OrderLine;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Everything an order passes between the marketplace's terms and the ERP's, in one place and in this
 * order: the currency its channel account sells in ({@code CURRENCY_MISMATCH}); each line's marketplace SKU
 * to the ERP's SKU through the alias table; every SKU in the ERP's item master ({@code UNKNOWN_SKU}, naming
 * it); each line's tax within the plausible rate ({@code TAX_MISMATCH}); the fulfilment location by the
 * channel's rule; and the marketplace-facilitator flag, so tax the marketplace remits is booked as a
 * pass-through. The totals were checked when the order was taken in.
 */
@Service
public class OrderEnrichment {

  /** What became of one order. */
  public sealed interface Result {

    record Ready(SalesOrderDocument document) implements Result {}

    record Refused(String type, String reason, String sku) implements Result {}
  }

  private final SkuAliases aliases;
  private final ItemMaster itemMaster;
  private final EnrichmentProperties properties;

  OrderEnrichment(SkuAliases aliases, ItemMaster itemMaster, EnrichmentProperties properties) {
    this.aliases = aliases;
    this.itemMaster = itemMaster;
    this.properties = properties;
  }

  /** Each order's document or refusal, by external reference; the ERP is asked about every SKU at once. */
  public Map<String, Result> enrich(List<Order> orders) {
    Map<String, Map<String, String>> aliasesByChannel = new LinkedHashMap<>();
    for (Order order : orders) {
      aliasesByChannel.computeIfAbsent(order.channel(), channel -> new LinkedHashMap<>());
    }
    aliasesByChannel.replaceAll((channel, none) -> aliases.resolve(channel, orders.stream()
        .filter(order -> order.channel().equals(channel)).flatMap(order -> order.lines().stream())
        .map(OrderLine::sku).distinct().toList()));
    Set<String> skus = new LinkedHashSet<>();
    for (Order order : orders) {
      Map<String, String> mapped = aliasesByChannel.get(order.channel());
      order.lines().forEach(line -> skus.add(mapped.getOrDefault(line.sku(), line.sku())));
    }
    Set<String> active = properties.checkItemMaster() ? itemMaster.activeAmong(skus) : skus;
    Map<String, Result> results = new LinkedHashMap<>();
    for (Order order : orders) {
      results.put(order.externalReference(), enrich(order, aliasesByChannel.get(order.channel()), active));
    }
    return results;
  }

  private Result enrich(Order order, Map<String, String> mapped, Set<String> active) {
    List<String> currencies = properties.currencies().get(order.channel());
    if (currencies != null && !currencies.isEmpty() && !currencies.contains(order.currency())) {
      return new Result.Refused("CURRENCY_MISMATCH", "order " + order.externalReference() + " is in " + order.currency()
          + " but the " + order.channel() + " account sells in " + String.join(", ", currencies), null);
    }
    String location = order.marketplaceFulfils() ? null : properties.defaultLocations().get(order.channel());
    List<SalesOrderDocument.Line> lines = new ArrayList<>(order.lines().size());
    for (OrderLine line : order.lines()) {
      String sku = mapped.getOrDefault(line.sku(), line.sku());
      if (!active.contains(sku)) {
        String alias = sku.equals(line.sku()) ? "" : " (the alias of " + order.channel() + " SKU " + line.sku() + ")";
        return new Result.Refused("UNKNOWN_SKU", "SKU " + sku + alias + " of line " + line.lineId() + " of "
            + order.externalReference() + " is not an active item of the ERP's item master; add a SKU alias or the"
            + " item, then replay", sku);
      }
      BigDecimal net = line.netAmount();
      if (line.tax().signum() > 0 && (net.signum() <= 0
          || line.tax().divide(net, 6, RoundingMode.HALF_UP).compareTo(properties.maxTaxRate()) > 0)) {
        return new Result.Refused("TAX_MISMATCH", "line " + line.lineId() + " of " + order.externalReference()
            + " carries tax " + line.tax().toPlainString() + " on a net amount of " + net.toPlainString() + " "
            + order.currency() + ", above the highest plausible rate of " + properties.maxTaxRate().toPlainString(),
            sku);
      }
      lines.add(new SalesOrderDocument.Line(line.lineId(), sku, line.quantity(), line.unitPrice(), line.discount(),
          line.tax(), location));
    }
    if (order.shippingTax().signum() > 0 && (order.shippingAmount().signum() <= 0
        || order.shippingTax().divide(order.shippingAmount(), 6, RoundingMode.HALF_UP).compareTo(properties.maxTaxRate()) > 0)) {
      return new Result.Refused("TAX_MISMATCH", "the shipping of " + order.externalReference() + " carries tax "
          + order.shippingTax().toPlainString() + " on " + order.shippingAmount().toPlainString() + " " + order.currency()
          + ", above the highest plausible rate of " + properties.maxTaxRate().toPlainString(), null);
    }
    return new Result.Ready(new SalesOrderDocument(order.externalReference(), order.channel(), order.orderId(),
        order.createdAt(), order.currency(), lines, order.shippingAmount(), order.shippingTax(),
        order.total() != null ? order.total() : order.computedTotal(), order.marketplaceRemitsTax(),
        order.marketplaceFulfils()));
  }
}

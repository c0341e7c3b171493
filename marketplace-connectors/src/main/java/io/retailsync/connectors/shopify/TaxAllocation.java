package io.retailsync.connectors.shopify;

import io.retailsync.model.OrderLine;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Brings the lines' tax in line with the order's tax when Shopify's per-line allocation is missing or off
 * by its rounding. Nothing else is changed: an order whose tax differs by more than rounding keeps its line
 * taxes, and the consistency check then reports it.
 */
final class TaxAllocation {

  private TaxAllocation() {}

  /**
   * @param lines the mapped lines
   * @param target the tax the lines must carry: the order's tax less the shipping lines' tax
   * @param scale the currency's minor-unit scale
   */
  static List<OrderLine> reconcile(List<OrderLine> lines, BigDecimal target, int scale) {
    if (target.signum() < 0 || lines.isEmpty() || lines.stream().anyMatch(TaxAllocation::unusable)) {
      return lines;
    }
    BigDecimal current = lines.stream().map(OrderLine::tax).reduce(BigDecimal.ZERO, BigDecimal::add);
    if (current.compareTo(target) == 0) {
      return lines;
    }
    if (current.signum() == 0) {
      return allocate(lines, target.setScale(scale, RoundingMode.UNNECESSARY), scale);
    }
    BigDecimal unit = BigDecimal.ONE.movePointLeft(scale);
    long taxed = lines.stream().filter(line -> line.tax().signum() > 0).count();
    BigDecimal difference = target.subtract(current);
    if (difference.abs().compareTo(unit.multiply(BigDecimal.valueOf(taxed))) > 0) {
      return lines;
    }
    return spread(lines, difference, unit);
  }

  private static boolean unusable(OrderLine line) {
    return line == null || line.unitPrice() == null || line.tax() == null || line.discount() == null
        || line.quantity() < 0 || line.netAmount().signum() < 0;
  }

  /** Splits {@code target} over the lines by net amount; the minor units left go to the largest remainders. */
  private static List<OrderLine> allocate(List<OrderLine> lines, BigDecimal target, int scale) {
    BigDecimal base = lines.stream().map(OrderLine::netAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
    if (base.signum() == 0) {
      return lines;
    }
    List<BigDecimal> shares = new ArrayList<>();
    List<BigDecimal> remainders = new ArrayList<>();
    BigDecimal allocated = BigDecimal.ZERO;
    for (OrderLine line : lines) {
      BigDecimal exact = target.multiply(line.netAmount()).divide(base, scale + 10, RoundingMode.HALF_EVEN);
      BigDecimal share = exact.setScale(scale, RoundingMode.DOWN);
      shares.add(share);
      remainders.add(exact.subtract(share));
      allocated = allocated.add(share);
    }
    BigDecimal unit = BigDecimal.ONE.movePointLeft(scale);
    int left = target.subtract(allocated).divide(unit, 0, RoundingMode.UNNECESSARY).intValueExact();
    List<Integer> byRemainder = IntStream.range(0, lines.size()).boxed()
        .sorted(Comparator.comparing(remainders::get).reversed().thenComparing(i -> i)).toList();
    for (int k = 0; k < left; k++) {
      int index = byRemainder.get(k % byRemainder.size());
      shares.set(index, shares.get(index).add(unit));
    }
    List<OrderLine> result = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      result.add(withTax(lines.get(i), shares.get(i)));
    }
    return result;
  }

  /** Moves {@code difference} onto the lines, one minor unit each, those with the most tax first. */
  private static List<OrderLine> spread(List<OrderLine> lines, BigDecimal difference, BigDecimal unit) {
    List<OrderLine> result = new ArrayList<>(lines);
    List<Integer> byTax = IntStream.range(0, lines.size()).boxed()
        .filter(i -> lines.get(i).tax().signum() > 0)
        .sorted(Comparator.comparing((Integer i) -> lines.get(i).tax()).reversed().thenComparing(i -> i)).toList();
    BigDecimal step = difference.signum() > 0 ? unit : unit.negate();
    int units = difference.abs().divide(unit, 0, RoundingMode.UNNECESSARY).intValueExact();
    for (int k = 0; k < units; k++) {
      int index = byTax.get(k % byTax.size());
      result.set(index, withTax(result.get(index), result.get(index).tax().add(step)));
    }
    return result;
  }

  private static OrderLine withTax(OrderLine line, BigDecimal tax) {
    return new OrderLine(line.lineId(), line.sku(), line.quantity(), line.unitPrice(), line.discount(), tax,
        line.title());
  }
}

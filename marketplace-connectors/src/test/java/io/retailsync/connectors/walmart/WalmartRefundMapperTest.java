package io.retailsync.connectors.walmart;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailsync.connectors.polling.PolledOrder;
import io.retailsync.model.Refund;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WalmartRefundMapperTest {

  private final WalmartOrderMapper mapper = new WalmartOrderMapper(true);

  @Test
  void oneRefundIdOnTwoLinesIsOneRefundWithBothLinesInLineNumberOrder() {
    PolledOrder polled = map(order(
        line("10", "SKU-0010", 1, "Shipped", refund("R-1", "ItemNotAsAdvertised", product("-12.00", "-0.96"))),
        line("2", "SKU-0002", 2, "Shipped", refund("R-1", "DamagedItem", product("-5.00", "-0.40"))),
        line("3", "SKU-0003", 1, "Shipped", null)));

    assertThat(polled.refundProblems()).isEmpty();
    assertThat(polled.refunds()).hasSize(1);
    Refund refund = polled.refunds().get(0);
    assertThat(refund.refundId()).isEqualTo("R-1");
    assertThat(refund.externalReference()).isEqualTo("walmart:1817371599999:refund:R-1");
    assertThat(refund.lines()).extracting(Refund.Line::lineId).containsExactly("2", "10");
    assertThat(refund.lines().get(0).amount()).isEqualByComparingTo("5.00");
    assertThat(refund.lines().get(0).tax()).isEqualByComparingTo("0.40");
    assertThat(refund.total()).isEqualByComparingTo("18.36");
    assertThat(refund.reason()).isEqualTo("DamagedItem, ItemNotAsAdvertised");
    assertThat(refund.createdAt()).isEqualTo(Instant.ofEpochMilli(1796050800000L));
  }

  @Test
  void twoRefundIdsAreTwoRefunds() {
    PolledOrder polled = map(order(
        line("1", "SKU-0001", 1, "Shipped", refund("R-2", "BillingError", product("-1.00", null))),
        line("2", "SKU-0002", 1, "Shipped", refund("R-1", "BillingError", product("-2.00", null)))));

    assertThat(polled.refunds()).extracting(Refund::refundId).containsExactly("R-1", "R-2");
    assertThat(polled.refunds()).extracting(refund -> refund.lines().get(0).lineId()).containsExactly("2", "1");
  }

  @Test
  void theSameOrderReadAgainOrWithItsLinesInAnotherOrderGivesEqualRefunds() {
    String first = line("1", "SKU-0001", 1, "Shipped", refund("R-1", "DamagedItem", product("-3.00", "-0.24"),
        shipping("-4.99", "-0.40")));
    String second = line("2", "SKU-0002", 1, "Shipped", refund("R-1", "BillingError", product("-7.00", "-0.56")));

    List<Refund> once = map(order(first, second)).refunds();
    List<Refund> again = map(order(first, second)).refunds();
    List<Refund> reordered = map(order(second, first)).refunds();

    assertThat(once).hasSize(1).isEqualTo(again).isEqualTo(reordered);
  }

  @Test
  void shippingRefundedWithItsTaxIsTheRefundsShipping() {
    Refund refund = map(order(line("1", "SKU-0001", 1, "Shipped", refund("R-1", "IncorrectShippingPrice",
        shipping("-4.99", "-0.40"))))).refunds().get(0);

    assertThat(refund.lines()).isEmpty();
    assertThat(refund.shippingAmount()).isEqualByComparingTo("5.39");
    assertThat(refund.total()).isEqualByComparingTo("5.39");
  }

  @Test
  void aRefundOfTheWholeLineGivesBackItsUnitsAPartialOneNoneAndTheLineStatusNeverChangesIt() {
    String refundedLater = "[{\"status\": \"Shipped\", \"statusQuantity\": {\"unitOfMeasurement\": \"EACH\", \"amount\": \"1\"}},"
        + " {\"status\": \"Refund\", \"statusQuantity\": {\"unitOfMeasurement\": \"EACH\", \"amount\": \"2\"}}]";
    String whole = refund("R-1", "DamagedItem", product("-75.00", null));
    PolledOrder polled = map(order(
        line("1", "SKU-0001", 3, "Shipped", whole),
        line("2", "SKU-0002", 1, "Shipped", refund("R-2", "BillingError", product("-1.00", null)))));
    assertThat(polled.refunds()).extracting(refund -> refund.lines().get(0).quantity()).containsExactly(3, 0);
    assertThat(polled.refunds().get(0).lines().get(0).restock()).isEqualTo(Refund.RestockType.NO_RESTOCK);

    // the same refund read again after Walmart moved units to status Refund: the same content
    PolledOrder later = map(order(
        lineWithStatuses("1", "SKU-0001", 3, refundedLater, whole),
        line("2", "SKU-0002", 1, "Shipped", refund("R-2", "BillingError", product("-1.00", null)))));
    assertThat(later.refunds()).isEqualTo(polled.refunds());
  }

  @Test
  void amountsShownPositiveAreTakenAsTheyStand() {
    Refund negative = map(order(line("1", "SKU-0001", 1, "Shipped", refund("R-1", "DamagedItem",
        product("-9.99", "-0.80"))))).refunds().get(0);
    Refund positive = map(order(line("1", "SKU-0001", 1, "Shipped", refund("R-1", "DamagedItem",
        product("9.99", "0.80"))))).refunds().get(0);

    assertThat(positive).isEqualTo(negative);
    assertThat(positive.total()).isEqualByComparingTo("10.79");
  }

  @Test
  void aDiscountGivenBackInsideARefundLowersIt() {
    Refund refund = map(order(line("1", "SKU-0001", 1, "Shipped", refund("R-1", "CustomerChangedMind",
        product("-24.50", "-1.96"), product("2.45", "0.20"))))).refunds().get(0);

    assertThat(refund.lines().get(0).amount()).isEqualByComparingTo("22.05");
    assertThat(refund.lines().get(0).tax()).isEqualByComparingTo("1.76");
    assertThat(refund.total()).isEqualByComparingTo("23.81");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "NO_ID|orderLines.orderLine[0].refund has no refundId",
      "AMOUNT_TEXT|refund R-1: orderLines.orderLine[0].refund",
      "AMOUNT_FINE|refund R-1: orderLines.orderLine[0].refund.refundCharges.refundCharge[0].charge.chargeAmount.amount -1.005 has more decimals than USD allows",
      "CURRENCY|refund R-1: orderLines.orderLine[0].refund.refundCharges.refundCharge[0].charge.chargeAmount.currency EUR differs from the order's USD",
      "TYPE|refund R-1: orderLines.orderLine[0].refund.refundCharges.refundCharge[0].charge.chargeType FEE is not a charge",
      "NO_CHARGES|refund R-1: orderLines.orderLine[0].refund.refundCharges.refundCharge is missing or empty",
      "AGAINST|refund R-1: its line 1 amount goes the other way than the refund as a whole",
      "NUL_ID|refund R\uFFFD-1: the canonical refund is invalid: refundId"})
  void aRefundThatCannotBeMappedIsLeftOutWithWhyAndTheOrderIsStillPosted(String kind, String reason) {
    String bad = switch (kind) {
      case "NO_ID" -> refund(null, "DamagedItem", product("-1.00", null));
      case "AMOUNT_TEXT" -> refund("R-1", "DamagedItem", product("\"abc\"", null));
      case "AMOUNT_FINE" -> refund("R-1", "DamagedItem", product("-1.005", null));
      case "CURRENCY" -> refund("R-1", "DamagedItem", product("-1.00", null).replace("USD", "EUR"));
      case "TYPE" -> refund("R-1", "DamagedItem", product("-1.00", null).replace("PRODUCT", "FEE"));
      case "NO_CHARGES" -> refund("R-1", "DamagedItem");
      case "AGAINST" -> refund("R-1", "DamagedItem", product("-1.00", null), shipping("9.00", null));
      default -> refund("R\\u0000-1", "DamagedItem", product("-1.00", null));
    };
    PolledOrder polled = map(order(line("1", "SKU-0001", 1, "Shipped", bad),
        line("2", "SKU-0002", 1, "Shipped", refund("R-9", "BillingError", product("-2.00", null)))));

    assertThat(polled.isValid()).isTrue();
    assertThat(polled.order().lines()).hasSize(2);
    assertThat(polled.refunds()).extracting(Refund::refundId).containsExactly("R-9");
    assertThat(polled.refundProblems()).hasSize(1);
    assertThat(polled.refundProblems().get(0)).startsWith("Walmart order 1817371599999").contains(reason)
        .endsWith("the refund is left out");
  }

  @Test
  void aRefundWithOneUnreadableLineIsLeftOutWholeNotInPart() {
    PolledOrder polled = map(order(
        line("1", "SKU-0001", 1, "Shipped", refund("R-1", "DamagedItem", product("-1.00", null))),
        line("2", "SKU-0002", 1, "Shipped", refund("R-1", "DamagedItem", product("-1.00", null).replace("USD", "EUR")))));

    assertThat(polled.refunds()).isEmpty();
    assertThat(polled.refundProblems()).singleElement().asString().contains("refund R-1", "orderLine[1]");
  }

  @Test
  void anOrderThatCannotBeMappedCarriesNoRefunds() throws IOException {
    String json = new String(WalmartOrderMapperTest.fixture("partial-refund.json"), StandardCharsets.UTF_8)
        .replace("\"sku\": \"SKU-0002\"", "\"sku\": \"\"");
    PolledOrder polled = mapper.map(json.getBytes(StandardCharsets.UTF_8));

    assertThat(polled.isValid()).isFalse();
    assertThat(polled.refunds()).isEmpty();
  }

  private PolledOrder map(String order) {
    PolledOrder polled = mapper.map(order.getBytes(StandardCharsets.UTF_8));
    assertThat(polled.invalidReason()).as(order).isNull();
    return polled;
  }

  private static String order(String... lines) {
    return "{\"purchaseOrderId\": \"1817371599999\", \"customerOrderId\": \"2000\", \"orderDate\": 1796050800000,"
        + " \"orderLines\": {\"orderLine\": [" + String.join(", ", lines) + "]}}";
  }

  private static String line(String number, String sku, int quantity, String status, String refund) {
    return lineWithStatuses(number, sku, quantity, "[{\"status\": \"" + status + "\", \"statusQuantity\":"
        + " {\"unitOfMeasurement\": \"EACH\", \"amount\": \"" + quantity + "\"}}]", refund);
  }

  private static String lineWithStatuses(String number, String sku, int quantity, String statuses, String refund) {
    BigDecimal price = new BigDecimal("25.00").multiply(BigDecimal.valueOf(quantity));
    return "{\"lineNumber\": \"" + number + "\", \"item\": {\"productName\": \"Item " + number + "\", \"sku\": \"" + sku
        + "\"}, \"charges\": {\"charge\": [{\"chargeType\": \"PRODUCT\", \"chargeName\": \"ItemPrice\","
        + " \"chargeAmount\": {\"currency\": \"USD\", \"amount\": " + price.toPlainString() + "},"
        + " \"tax\": {\"taxName\": \"Tax1\", \"taxAmount\": {\"currency\": \"USD\", \"amount\": 2}}},"
        + " {\"chargeType\": \"SHIPPING\", \"chargeName\": \"Shipping\", \"chargeAmount\": {\"currency\": \"USD\","
        + " \"amount\": 4.99}, \"tax\": {\"taxName\": \"Tax1\", \"taxAmount\": {\"currency\": \"USD\", \"amount\": 0.4}}}]},"
        + " \"orderLineQuantity\": {\"unitOfMeasurement\": \"EACH\", \"amount\": \"" + quantity + "\"},"
        + " \"statusDate\": 1796050860000, \"orderLineStatuses\": {\"orderLineStatus\": " + statuses + "}"
        + (refund == null ? "" : ", \"refund\": " + refund) + "}";
  }

  private static String refund(String id, String reason, String... charges) {
    StringBuilder json = new StringBuilder("{");
    if (id != null) {
      json.append("\"refundId\": \"").append(id).append("\", ");
    }
    json.append("\"refundComments\": null, \"refundCharges\": {\"refundCharge\": [");
    for (int i = 0; i < charges.length; i++) {
      json.append(i == 0 ? "" : ", ").append("{\"refundReason\": \"").append(reason).append("\", \"charge\": ")
          .append(charges[i]).append("}");
    }
    return json.append("]}}").toString();
  }

  private static String product(String amount, String tax) {
    return charge("PRODUCT", "ItemPrice", amount, tax);
  }

  private static String shipping(String amount, String tax) {
    return charge("SHIPPING", "Shipping", amount, tax);
  }

  private static String charge(String type, String name, String amount, String tax) {
    return "{\"chargeType\": \"" + type + "\", \"chargeName\": \"" + name + "\", \"chargeAmount\": {\"currency\": \"USD\","
        + " \"amount\": " + amount + "}"
        + (tax == null ? "" : ", \"tax\": {\"taxName\": \"Tax1\", \"taxAmount\": {\"currency\": \"USD\", \"amount\": "
            + tax + "}}") + "}";
  }
}

package io.retailsync.connectors.walmart;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailsync.connectors.polling.PolledOrder;
import io.retailsync.model.CanonicalValidator;
import io.retailsync.model.OrderConsistency;
import io.retailsync.model.json.CanonicalJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WalmartOrderMapperTest {

  private static final String CHARGE = "\"charges\": {\"charge\": [{\"chargeType\": \"PRODUCT\","
      + " \"chargeAmount\": {\"currency\": \"USD\", \"amount\": 1}}]}";

  private final WalmartOrderMapper mapper = new WalmartOrderMapper(true);

  @ParameterizedTest
  @CsvSource({
      "multi-line, OPEN, Created",
      "partially-cancelled, OPEN, 'Acknowledged,Cancelled'",
      "cancelled, CANCELLED, Cancelled",
      "cad, OPEN, Acknowledged",
      "partial-refund, OPEN, 'Refund,Shipped'",
      "sandbox-refunds, OPEN, 'Refund,Shipped'"})
  void ordersAsWalmartSendsThemMatchTheirGoldenCanonicalOrder(String name, PolledOrder.State state, String status)
      throws IOException {
    byte[] raw = fixture(name + ".json");
    PolledOrder polled = mapper.map(raw);

    assertThat(polled.invalidReason()).isNull();
    assertThat(polled.state()).isEqualTo(state);
    assertThat(polled.marketplaceStatus()).isEqualTo(status);
    assertThat(polled.raw()).isEqualTo(raw);
    assertThat(polled.orderId()).isEqualTo(polled.order().orderId());
    assertThat(polled.lastModified()).isEqualTo(polled.order().updatedAt());
    assertThat(CanonicalJson.tree(CanonicalJson.toBytes(polled.order())))
        .isEqualTo(CanonicalJson.tree(fixture(name + ".canonical.json")));
    assertThat(new CanonicalValidator().violations(polled.order())).isEmpty();
    assertThat(OrderConsistency.check(polled.order())).isEmpty();
    assertThat(CanonicalJson.tree(CanonicalJson.toBytes(polled.refunds())))
        .isEqualTo(CanonicalJson.tree(refundsFixture(name)));
    assertThat(polled.refundProblems()).isEmpty();
  }

  @Test
  void aPartlyCancelledLineKeepsItsRemainingQuantityAndAFullyCancelledLineIsLeftOut() throws IOException {
    PolledOrder polled = mapper.map(fixture("partially-cancelled.json"));
    assertThat(polled.order().lines()).extracting(line -> line.lineId() + "×" + line.quantity())
        .containsExactly("1×1", "3×1");
    assertThat(polled.lastModified()).isEqualTo(Instant.parse("2026-11-29T11:45:00Z"));
  }

  @Test
  void doesNotCarryBuyerPersonalData() throws IOException {
    String canonical = CanonicalJson.toJson(mapper.map(fixture("multi-line.json")).order());
    assertThat(canonical).doesNotContain("Kathryn", "Cole", "Warners Rd", "3155598681", "relay.walmart.com");
  }

  @Test
  void taxRemittedBySellerWhenConfigured() throws IOException {
    PolledOrder polled = new WalmartOrderMapper(false).map(fixture("multi-line.json"));
    assertThat(polled.order().marketplaceCollectsTax()).isNull();
  }

  @Test
  void readsAPageAndKeepsOneBadOrderFromFailingIt() throws IOException {
    String good = new String(fixture("multi-line.json"), StandardCharsets.UTF_8);
    String page = "{\"list\": {\"meta\": {\"totalCount\": 3, \"limit\": 3, \"nextCursor\": \"?limit=3&hasMoreElements=true"
        + "&soIndex=3&poIndex=3&sellerId=1\"}, \"elements\": {\"order\": [" + good
        + ", {\"purchaseOrderId\": \"99\", \"orderDate\": \"yesterday\"}, 42]}}}";

    WalmartOrderMapper.Page read = mapper.readPage(page.getBytes(StandardCharsets.UTF_8));

    assertThat(read.nextCursor()).isEqualTo("?limit=3&hasMoreElements=true&soIndex=3&poIndex=3&sellerId=1");
    assertThat(read.totalCount()).isEqualTo(3);
    assertThat(read.orders()).hasSize(3);
    assertThat(read.orders().get(0).isValid()).isTrue();
    assertThat(read.orders().get(1).orderId()).isEqualTo("99");
    assertThat(read.orders().get(1).invalidReason()).contains("orderDate");
    assertThat(read.orders().get(2).orderId()).startsWith("unidentified-");
    assertThat(read.orders().get(2).isValid()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // field missing → named
      "purchaseOrderId|{\"customerOrderId\": \"1\"}",
      "orderDate|{\"purchaseOrderId\": \"1\"}",
      "orderLines.orderLine|{\"purchaseOrderId\": \"1\", \"orderDate\": 1796050800000}",
      "orderLines.orderLine[0].lineNumber|" + "LINE:{\"item\": {\"sku\": \"A\"}, " + CHARGE + "}",
      "orderLines.orderLine[0].item.sku|" + "LINE:{\"lineNumber\": \"1\", " + CHARGE + "}",
      // garbage values
      "orderLines.orderLine[0].orderLineQuantity.amount|" + "QTY:\"two\"",
      "orderLines.orderLine[0].orderLineQuantity.amount|" + "QTY:\"-1\"",
      "orderLines.orderLine[0].charges.charge[0].chargeAmount.amount|" + "AMOUNT:\"abc\"",
      "larger or finer|" + "AMOUNT:1e999999999",
      "more decimals|" + "AMOUNT:1.005",
      "orderDate|{\"purchaseOrderId\": \"1\", \"orderDate\": 1796050800, \"orderLines\": {\"orderLine\": []}}",
      "chargeType|" + "TYPE:\"FEE\"",
      "currency|" + "CURRENCY:\"XYZ\"",
      // NUL bytes and control characters the model refuses
      "lines[0].title: must not contain a NUL character|" + "TITLE:\"Mug\\u0000\"",
      "lines[0].sku: must not contain|" + "SKU:\"SK\\u0007U\""})
  void anOrderThatCannotBeMappedIsInvalidWithTheFieldNamed(String testCase) {
    String[] parts = testCase.split("\\|", 2);
    String expected = parts[0];
    String body = order(parts[1]);

    PolledOrder polled = mapper.map(body.getBytes(StandardCharsets.UTF_8));

    assertThat(polled.isValid()).as(body).isFalse();
    assertThat(polled.order()).isNull();
    assertThat(polled.invalidReason()).as(body).contains(expected);
    assertThat(polled.raw()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void bytesThatAreNotJsonAreInvalidNotACrash() {
    byte[] garbage = {(byte) 0xC3, 0x28, 0, '{'};
    PolledOrder polled = mapper.map(garbage);
    assertThat(polled.isValid()).isFalse();
    assertThat(polled.orderId()).startsWith("unidentified-");
    assertThat(mapper.map(garbage).orderId()).isEqualTo(polled.orderId());
  }

  @Test
  void createdLinesAreWhatNeedsAcknowledging() {
    assertThat(WalmartOrderMapper.hasCreatedLines("Created")).isTrue();
    assertThat(WalmartOrderMapper.hasCreatedLines("Acknowledged,Created")).isTrue();
    assertThat(WalmartOrderMapper.hasCreatedLines("Acknowledged,Cancelled")).isFalse();
    assertThat(WalmartOrderMapper.hasCreatedLines(null)).isFalse();
  }

  /** A one-line order with one part replaced: {@code KIND:value}, or a whole order body. */
  private static String order(String spec) {
    if (spec.startsWith("{")) {
      return spec;
    }
    String kind = spec.substring(0, spec.indexOf(':'));
    String value = spec.substring(spec.indexOf(':') + 1);
    String sku = kind.equals("SKU") ? value : "\"SKU-0001\"";
    String title = kind.equals("TITLE") ? value : "\"Mug\"";
    String quantity = kind.equals("QTY") ? value : "\"1\"";
    String amount = kind.equals("AMOUNT") ? value : "9.99";
    String type = kind.equals("TYPE") ? value : "\"PRODUCT\"";
    String currency = kind.equals("CURRENCY") ? value : "\"USD\"";
    String line = kind.equals("LINE") ? value
        : "{\"lineNumber\": \"1\", \"item\": {\"productName\": " + title + ", \"sku\": " + sku + "},"
            + " \"charges\": {\"charge\": [{\"chargeType\": " + type + ", \"chargeName\": \"ItemPrice\","
            + " \"chargeAmount\": {\"currency\": " + currency + ", \"amount\": " + amount + "}}]},"
            + " \"orderLineQuantity\": {\"unitOfMeasurement\": \"EACH\", \"amount\": " + quantity + "},"
            + " \"statusDate\": 1796050860000,"
            + " \"orderLineStatuses\": {\"orderLineStatus\": [{\"status\": \"Created\","
            + " \"statusQuantity\": {\"unitOfMeasurement\": \"EACH\", \"amount\": \"1\"}}]}}";
    return "{\"purchaseOrderId\": \"1817371599999\", \"customerOrderId\": \"2000\", \"orderDate\": 1796050800000,"
        + " \"orderLines\": {\"orderLine\": [" + line + "]}}";
  }

  /** {@code name.refunds.json}, the refunds the order carries; an order without one carries none. */
  static byte[] refundsFixture(String name) throws IOException {
    try (InputStream in = WalmartOrderMapperTest.class.getResourceAsStream("/fixtures/walmart/" + name
        + ".refunds.json")) {
      return in == null ? "[]".getBytes(StandardCharsets.UTF_8) : in.readAllBytes();
    }
  }

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = WalmartOrderMapperTest.class.getResourceAsStream("/fixtures/walmart/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }
}

package io.retailsync.connectors.ebay;

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

class EbayOrderMapperTest {

  @ParameterizedTest
  @ValueSource(strings = {"multi-line-promotions", "collect-and-remit-gbp", "cancelled-eur",
      "partly-shipped-partly-refunded", "sandbox-stand-in", "line-and-order-refunds",
      "sandbox-refunds"})
  void ordersAsEbaySendsThemMatchTheirGoldenCanonicalOrderAndAddUp(String name) throws IOException {
    PolledOrder polled = EbayOrderMapper.toPolled(fixture(name + ".json"));

    assertThat(polled.invalidReason()).isNull();
    assertThat(CanonicalJson.tree(CanonicalJson.toBytes(polled.order())))
        .isEqualTo(CanonicalJson.tree(fixture(name + ".canonical.json")));
    assertThat(new CanonicalValidator().violations(polled.order())).isEmpty();
    assertThat(OrderConsistency.check(polled.order())).isEmpty();
    assertThat(polled.orderId()).isEqualTo(polled.order().orderId());
    assertThat(polled.lastModified()).isEqualTo(polled.order().updatedAt());
    assertThat(polled.raw()).isNotEmpty();
    assertThat(CanonicalJson.tree(CanonicalJson.toBytes(polled.refunds())))
        .isEqualTo(CanonicalJson.tree(refundsFixture(name)));
    assertThat(polled.refundProblems()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
      "multi-line-promotions, OPEN, NOT_STARTED/PAID",
      "collect-and-remit-gbp, OPEN, NOT_STARTED/PAID",
      "cancelled-eur, CANCELLED, NOT_STARTED/FULLY_REFUNDED/cancel:CANCELED",
      "partly-shipped-partly-refunded, OPEN, IN_PROGRESS/PARTIALLY_REFUNDED",
      "line-and-order-refunds, OPEN, IN_PROGRESS/PARTIALLY_REFUNDED"})
  void statusBecomesTheStateTheErpNeeds(String name, PolledOrder.State state, String marketplaceStatus)
      throws IOException {
    PolledOrder polled = EbayOrderMapper.toPolled(fixture(name + ".json"));
    assertThat(polled.state()).isEqualTo(state);
    assertThat(polled.marketplaceStatus()).isEqualTo(marketplaceStatus);
  }

  @ParameterizedTest
  @CsvSource({
      "'\"orderFulfillmentStatus\": \"NOT_STARTED\"', '\"orderFulfillmentStatus\": \"FULFILLED\"', OPEN",
      "'\"orderFulfillmentStatus\": \"NOT_STARTED\"', '\"orderFulfillmentStatus\": \"IN_PROGRESS\"', OPEN",
      "'\"orderPaymentStatus\": \"PAID\"', '\"orderPaymentStatus\": \"PENDING\"', WAITING",
      "'\"orderPaymentStatus\": \"PAID\"', '\"orderPaymentStatus\": \"FAILED\"', WAITING",
      "'\"cancelState\": \"NONE_REQUESTED\"', '\"cancelState\": \"IN_PROGRESS\"', OPEN",
      "'\"cancelState\": \"NONE_REQUESTED\"', '\"cancelState\": \"CANCELED\"', CANCELLED"})
  void everyStatusHasItsState(String from, String to, PolledOrder.State state) throws IOException {
    assertThat(EbayOrderMapper.toPolled(edited("multi-line-promotions", from, to).getBytes(StandardCharsets.UTF_8)).state())
        .isEqualTo(state);
  }

  @Test
  void doesNotCarryBuyerPersonalData() throws IOException {
    for (String name : new String[] {"multi-line-promotions", "collect-and-remit-gbp", "cancelled-eur",
        "partly-shipped-partly-refunded"}) {
      String canonical = CanonicalJson.toJson(EbayOrderMapper.toPolled(fixture(name + ".json")).order());
      assertThat(canonical).doesNotContain("Doe", "jdoe", "Hamilton", "4085551234", "Mustermann", "Invalidenstrasse",
          "klaus", "Rivoli", "Lefebvre", "Roberts", "Main St", "5125550000");
    }
  }

  @Test
  void aQuantityThatDoesNotDivideTheLineCostKeepsEveryCent() throws IOException {
    PolledOrder polled = EbayOrderMapper.toPolled(edited("multi-line-promotions",
        "\"lineItemCost\": {\"value\": \"10.00\"", "\"lineItemCost\": {\"value\": \"10.01\"")
        .replace("\"value\": \"55.65\"", "\"value\": \"55.66\"").getBytes(StandardCharsets.UTF_8));
    var line = polled.order().lines().get(1);
    assertThat(line.unitPrice()).isEqualByComparingTo("3.34");
    assertThat(line.discount()).isEqualByComparingTo("0.01");
    assertThat(line.netAmount()).isEqualByComparingTo("10.01");
    assertThat(OrderConsistency.check(polled.order())).isEmpty();
  }

  @Test
  void withoutPromotionsTheDiscountIsTheDifferenceToTheDiscountedCost() throws IOException {
    String json = new String(fixture("multi-line-promotions.json"), StandardCharsets.UTF_8)
        .replaceFirst("\"appliedPromotions\": \\[\\{[^]]*\\}\\]", "\"appliedPromotions\": []");
    PolledOrder polled = EbayOrderMapper.toPolled(json.getBytes(StandardCharsets.UTF_8));
    assertThat(polled.invalidReason()).isNull();
    assertThat(polled.order().lines().get(0).discount()).isEqualByComparingTo("4.00");
  }

  @Test
  void aCollectAndRemitTaxNotRepeatedInTaxesIsStillLeftOutOfTheLineTax() throws IOException {
    String json = new String(fixture("collect-and-remit-gbp.json"), StandardCharsets.UTF_8)
        .replace("\"taxes\": [{\"amount\": {\"value\": \"4.17\", \"currency\": \"GBP\"}, \"taxType\": \"VAT\"}]",
            "\"taxes\": []");
    PolledOrder polled = EbayOrderMapper.toPolled(json.getBytes(StandardCharsets.UTF_8));
    assertThat(polled.order().lineTaxTotal()).isEqualByComparingTo("0.00");
    assertThat(polled.order().marketplaceRemitsTax()).isTrue();
    assertThat(OrderConsistency.check(polled.order())).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"orderId\": \"12-11234-56789\",|\"orderId\": null,|orderId is missing",
      "\"lineItemId\": \"10050001234502\",|\"lineItemId\": \"\",|lineItems[1].lineItemId is missing",
      "\"value\": \"39.98\"|\"value\": \"39,98\"|lineItems[0].lineItemCost.value is not a decimal amount",
      "\"value\": \"39.98\"|\"value\": \"1e999999999\"|lineItems[0].lineItemCost.value",
      "\"value\": \"39.98\"|\"value\": \"39.985\"|has more decimals than USD allows",
      "\"value\": \"2.88\", \"currency\": \"USD\"|\"value\": \"2.88\", \"currency\": \"EUR\"|lineItems[0].taxes[0].amount is in EUR",
      "\"sku\": \"SKU-0001\"|\"sku\": \"SKU-\\u00000001\"|lines[0].sku",
      "\"quantity\": 2,|\"quantity\": \"two\",|lineItems[0].quantity",
      "\"quantity\": 2,|\"quantity\": 0,|lineItems[0].quantity must be a positive number",
      "\"creationDate\": \"2026-11-28T14:03:11.000Z\"|\"creationDate\": \"yesterday\"|creationDate is not an ISO-8601",
      "\"total\": {\"value\": \"55.65\", \"currency\": \"USD\"}|\"total\": {\"value\": \"55.65\", \"currency\": \"XYZ\"}|pricingSummary.total.currency",
      "\"legacyItemId\": \"325561234567\",|\"legacyItemId\": null,|",
      "\"lineItems\": [|\"lineItems\": [null, |lineItems[0] is null"})
  void anOrderThatCannotBeMappedIsInvalidWithTheFieldNamedNeverAnException(String from, String to, String reason)
      throws IOException {
    byte[] json = edited("multi-line-promotions", from, to).getBytes(StandardCharsets.UTF_8);
    PolledOrder polled = EbayOrderMapper.toPolled(json);
    if (reason == null) {
      assertThat(polled.isValid()).isTrue();
      return;
    }
    assertThat(polled.isValid()).isFalse();
    assertThat(polled.order()).isNull();
    assertThat(polled.invalidReason()).contains(reason);
    assertThat(polled.raw()).isNotEmpty();
    assertThat(polled.orderId()).isNotBlank();
    assertThat(polled.lastModified()).isEqualTo(Instant.parse("2026-11-28T14:05:42.318Z"));
  }

  @Test
  void aLineWithNeitherSkuNorItemIdIsInvalid() throws IOException {
    String json = new String(fixture("partly-shipped-partly-refunded.json"), StandardCharsets.UTF_8)
        .replace("\"legacyItemId\": \"335512345672\",", "");
    PolledOrder polled = EbayOrderMapper.toPolled(json.getBytes(StandardCharsets.UTF_8));
    assertThat(polled.invalidReason()).contains("lineItems[1] has neither sku nor legacyItemId");
    assertThat(polled.orderId()).isEqualTo("19-11262-48811");
  }

  @Test
  void aNulInTheOrderIdIsInvalidAndTheIdKeptPrintable() throws IOException {
    PolledOrder polled = EbayOrderMapper.toPolled(edited("multi-line-promotions", "\"orderId\": \"12-11234-56789\"",
        "\"orderId\": \"12-\\u0000-56789\"").getBytes(StandardCharsets.UTF_8));
    assertThat(polled.isValid()).isFalse();
    assertThat(polled.orderId()).isEqualTo("12-\uFFFD-56789");
    assertThat(polled.invalidReason()).contains("orderId");
  }

  @Test
  void garbageIsInvalidWithAStableId() {
    byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
    PolledOrder first = EbayOrderMapper.toPolled(garbage);
    assertThat(first.isValid()).isFalse();
    assertThat(first.orderId()).startsWith("invalid-").isEqualTo(EbayOrderMapper.toPolled(garbage).orderId());
    assertThat(EbayOrderMapper.toPolled("[]".getBytes(StandardCharsets.UTF_8)).isValid()).isFalse();
    assertThat(EbayOrderMapper.toPolled("{}".getBytes(StandardCharsets.UTF_8)).invalidReason())
        .contains("orderId is missing");
    assertThat(EbayOrderMapper.toPolled("{\"orderId\": \"1\"}".getBytes(StandardCharsets.UTF_8)).invalidReason())
        .contains("lineItems is missing");
  }

  static String edited(String name, String from, String to) throws IOException {
    String json = new String(fixture(name + ".json"), StandardCharsets.UTF_8);
    assertThat(json).contains(from);
    return json.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
  }

  /** {@code name.refunds.json}, the refunds the order carries; an order without one carries none. */
  static byte[] refundsFixture(String name) throws IOException {
    try (InputStream in = EbayOrderMapperTest.class.getResourceAsStream("/fixtures/ebay/orders/" + name
        + ".refunds.json")) {
      return in == null ? "[]".getBytes(StandardCharsets.UTF_8) : in.readAllBytes();
    }
  }

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = EbayOrderMapperTest.class.getResourceAsStream("/fixtures/ebay/orders/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }
}

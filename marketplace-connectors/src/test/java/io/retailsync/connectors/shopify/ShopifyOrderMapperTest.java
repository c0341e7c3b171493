package io.retailsync.connectors.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retailsync.model.CanonicalValidator;
import io.retailsync.model.Order;
import io.retailsync.model.OrderConsistency;
import io.retailsync.model.json.CanonicalJson;
import io.retailsync.model.json.InvalidPayloadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShopifyOrderMapperTest {

  @Test
  void mapsTheOrdersCreateFixtureToItsGoldenCanonicalOrder() throws IOException {
    Order order = ShopifyOrderMapper.toCanonical(ShopifyOrderMapper.parse(fixture("basic.json")));
    assertThat(CanonicalJson.tree(CanonicalJson.toBytes(order)))
        .isEqualTo(CanonicalJson.tree(fixture("basic.canonical.json")));
    assertThat(new CanonicalValidator().violations(order)).isEmpty();
    assertThat(OrderConsistency.check(order)).isEmpty();
  }

  @Test
  void doesNotCarryBuyerPersonalData() throws IOException {
    String canonical = CanonicalJson.toJson(ShopifyOrderMapper.toCanonical(ShopifyOrderMapper.parse(fixture("basic.json"))));
    assertThat(canonical).doesNotContain("jon@example.com", "Chestnut", "Doe", "555");
  }

  @Test
  void garbageIsAnInvalidPayload() {
    assertThatThrownBy(() -> ShopifyOrderMapper.parse("not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidPayloadException.class);
    assertThatThrownBy(() -> ShopifyOrderMapper.toCanonical(ShopifyOrderMapper.parse("{}".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("no id");
    assertThatThrownBy(() -> ShopifyOrderMapper.toCanonical(ShopifyOrderMapper.parse(
        "{\"id\": 1, \"line_items\": [], \"created_at\": \"yesterday\"}".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("created_at");
    assertThatThrownBy(() -> ShopifyOrderMapper.parse("{\"id\": \"abc\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidPayloadException.class);
    assertThatThrownBy(() -> ShopifyOrderMapper.parse("{\"id\": 1, \"line_items\": [{\"id\": 2, \"price\": \"abc\"}]}"
        .getBytes(StandardCharsets.UTF_8))).isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("line_items[0].price");
  }

  @ParameterizedTest
  @ValueSource(strings = {"order-level-tax", "taxes-included", "tax-rounding"})
  void ordersAsShopifySendsThemAddUpAndMatchTheirGoldenCanonicalOrder(String name) throws IOException {
    Order order = ShopifyOrderMapper.toCanonical(fixture(name + ".json"));
    assertThat(new CanonicalValidator().violations(order)).isEmpty();
    assertThat(OrderConsistency.check(order)).isEmpty();
    assertThat(CanonicalJson.tree(CanonicalJson.toBytes(order)))
        .isEqualTo(CanonicalJson.tree(fixture(name + ".canonical.json")));
  }

  @Test
  void orderLevelTaxIsAllocatedToTheLinesByNetAmountToTheCent() throws IOException {
    Order order = ShopifyOrderMapper.toCanonical(fixture("order-level-tax.json"));
    assertThat(order.lines()).extracting(line -> line.tax().toPlainString()).containsExactly("2.80", "0.21");
    assertThat(order.lineTaxTotal().add(order.shippingTax())).isEqualByComparingTo("3.01");
  }

  @Test
  void lineTaxRoundedPerLineIsBroughtToTheOrderTax() throws IOException {
    Order order = ShopifyOrderMapper.toCanonical(fixture("tax-rounding.json"));
    assertThat(order.lineTaxTotal()).isEqualByComparingTo("0.89");
    assertThat(order.lines()).extracting(line -> line.tax().toPlainString()).containsExactly("0.29", "0.30", "0.30");
  }

  @Test
  void anOrderThatReallyDoesNotAddUpIsStillATotalsMismatch() throws IOException {
    Order order = ShopifyOrderMapper.toCanonical(fixture("totals-mismatch.json"));
    assertThat(OrderConsistency.check(order)).hasValueSatisfying(finding ->
        assertThat(finding.problem()).isEqualTo(OrderConsistency.Problem.TOTALS_MISMATCH));
  }

  @Test
  void valuesTheModelRefusesAreInvalidPayloadsNotCrashes() {
    String finerThanTheCurrency = "{\"id\": 1, \"currency\": \"USD\", \"created_at\": \"2026-11-20T09:15:00-05:00\","
        + " \"line_items\": [{\"id\": 2, \"sku\": \"A\", \"quantity\": 1, \"price\": \"1.005\"}]}";
    assertThatThrownBy(() -> ShopifyOrderMapper.toCanonical(finerThanTheCurrency.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("more decimals");
    String nullShipping = "{\"id\": 1, \"currency\": \"USD\", \"created_at\": \"2026-11-20T09:15:00-05:00\","
        + " \"line_items\": [], \"shipping_lines\": [null]}";
    assertThatThrownBy(() -> ShopifyOrderMapper.toCanonical(nullShipping.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("shipping_lines");
    String nullTax = "{\"id\": 1, \"currency\": \"USD\", \"created_at\": \"2026-11-20T09:15:00-05:00\","
        + " \"line_items\": [{\"id\": 2, \"sku\": \"A\", \"quantity\": 1, \"price\": \"1.00\", \"tax_lines\": [null]}]}";
    assertThatThrownBy(() -> ShopifyOrderMapper.toCanonical(nullTax.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("tax_lines");
    String hugeExponent = "{\"id\": 1, \"currency\": \"USD\", \"created_at\": \"2026-11-20T09:15:00-05:00\","
        + " \"total_price\": 1e999999999, \"line_items\": []}";
    assertThatThrownBy(() -> ShopifyOrderMapper.toCanonical(hugeExponent.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("larger");
    // refused before any sum, which would otherwise expand the number (seconds to minutes of CPU)
    for (String amount : List.of("1e99999999", "1e-99999999", "-1e99999999")) {
      String hugeShipping = "{\"id\": 1, \"currency\": \"USD\", \"created_at\": \"2026-11-20T09:15:00-05:00\","
          + " \"total_tax\": \"0.01\", \"line_items\": [],"
          + " \"shipping_lines\": [{\"price\": " + amount + ", \"tax_lines\": [{\"price\": " + amount + "}]}]}";
      assertThatThrownBy(() -> ShopifyOrderMapper.toCanonical(hugeShipping.getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("larger or finer than any amount");
    }
  }

  @Test
  void findsTheOrderIdOfABodyThatCannotBeMapped() {
    assertThat(ShopifyOrderMapper.orderIdOf("{\"id\": 820982911946154508, \"line_items\": [{\"price\": \"abc\"}]}"
        .getBytes(StandardCharsets.UTF_8))).contains("820982911946154508");
    assertThat(ShopifyOrderMapper.orderIdOf("{\"id\": 42, \"line_items\": [{".getBytes(StandardCharsets.UTF_8)))
        .contains("42");
    assertThat(ShopifyOrderMapper.orderIdOf("[1, 2]".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(ShopifyOrderMapper.orderIdOf(new byte[] {(byte) 0xC3, 0x28, 0})).isEmpty();
  }

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = ShopifyOrderMapperTest.class.getResourceAsStream("/fixtures/shopify/orders-create/" + name)) {
      return in.readAllBytes();
    }
  }
}

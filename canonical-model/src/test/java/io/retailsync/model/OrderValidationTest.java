package io.retailsync.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retailsync.model.json.CanonicalJson;
import io.retailsync.model.json.InvalidPayloadException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderValidationTest {

  private final CanonicalValidator validator = new CanonicalValidator();

  @Test
  void refusesNulCharactersAnywhereAndControlCharactersInIdentifiers() {
    Order good = CanonicalFixtures.anOrder();
    OrderLine line = good.lines().get(0);
    Order nulInTitle = new Order(good.channel(), good.orderId(), good.orderNumber(), good.createdAt(), null,
        good.currency(), null, List.of(new OrderLine(line.lineId(), line.sku(), line.quantity(), line.unitPrice(),
            line.discount(), line.tax(), "gift \u0000 wrap")), null, null, null, null);
    Order tabInSku = new Order(good.channel(), "o\t1", good.orderNumber(), good.createdAt(), null, good.currency(),
        null, List.of(new OrderLine(line.lineId(), "SKU\n1", line.quantity(), line.unitPrice(), line.discount(),
            line.tax(), "tab\tin a title is fine")), null, null, null, null);
    assertThat(validator.violations(nulInTitle)).containsExactly("lines[0].title: must not contain a NUL character");
    assertThat(validator.violations(tabInSku)).containsExactly("lines[0].sku: must not contain control characters",
        "orderId: must not contain control characters");
    Order farFuture = new Order(good.channel(), good.orderId(), good.orderNumber(),
        java.time.Instant.parse("+300000-01-01T00:00:00Z"), null, good.currency(), null, good.lines(), null, null,
        null, null);
    assertThat(validator.violations(farFuture)).containsExactly("createdAt: must be between the years 1900 and 9999");
  }

  @Test
  void aWellFormedOrderHasNoViolations() {
    assertThat(validator.violations(CanonicalFixtures.anOrder())).isEmpty();
    assertThat(OrderConsistency.check(CanonicalFixtures.anOrder())).isEmpty();
  }

  @Test
  void amountsAreBroughtToCurrencyScaleWhenBuilt() {
    Order order = CanonicalFixtures.anOrder();
    assertThat(order.lines().get(1).unitPrice()).isEqualTo(new BigDecimal("5.00"));
    assertThat(order.shippingTax()).isEqualTo(new BigDecimal("0.00"));
  }

  @Test
  void reportsMissingIdsNegativeQuantitiesAndUnknownCurrency() {
    Order order = new Order("shopify", " ", null, Instant.now(), null, "ZZZ", null,
        List.of(new OrderLine("1", "", -1, new BigDecimal("-1"), null, BigDecimal.ZERO, null)),
        null, null, null, null);
    assertThat(validator.violations(order)).containsExactly(
        "currency: not an ISO 4217 currency code with a minor unit: ZZZ",
        "lines[0].quantity: must be greater than or equal to 0",
        "lines[0].sku: must not be blank",
        "lines[0].unitPrice: must be greater than or equal to 0",
        "orderId: must not be blank");
  }

  @Test
  void requiresAtLeastOneLineAndAChannelName() {
    Order order = new Order("Not A Channel", "1", null, Instant.now(), null, "USD", null, List.of(),
        null, null, null, null);
    assertThat(validator.violations(order))
        .contains("lines: must not be empty", "channel: must be a lowercase channel name");
  }

  @Test
  void flagsTotalsThatDoNotAddUp() {
    Order good = CanonicalFixtures.anOrder();
    Order bad = new Order(good.channel(), good.orderId(), null, good.createdAt(), null, "USD", null,
        good.lines(), good.shippingAmount(), good.shippingTax(), new BigDecimal("99.00"), null);
    assertThat(OrderConsistency.check(bad)).get()
        .extracting(OrderConsistency.Finding::problem).isEqualTo(OrderConsistency.Problem.TOTALS_MISMATCH);
  }

  @Test
  void tooManyDecimalsIsAnInvalidPayload() {
    String json = """
        {"channel":"regional","orderId":"A-1","createdAt":"2026-11-27T10:00:00Z","currency":"USD",
         "lines":[{"lineId":"1","sku":"SKU-0001","quantity":1,"unitPrice":"1.001","tax":"0"}]}""";
    assertThatThrownBy(() -> CanonicalJson.read(json, Order.class))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("more decimals than USD");
  }

  @Test
  void malformedJsonIsAnInvalidPayload() {
    assertThatThrownBy(() -> CanonicalJson.read("{\"channel\": ", Order.class))
        .isInstanceOf(InvalidPayloadException.class);
    assertThatThrownBy(() -> CanonicalJson.read("{\"lines\": \"nope\"}", Order.class))
        .isInstanceOf(InvalidPayloadException.class);
  }

  @Test
  void readsAmountsFromNumbersOrStringsWithoutLosingPrecision() {
    String json = """
        {"channel":"regional","orderId":"A-1","createdAt":"2026-11-27T10:00:00Z","currency":"USD",
         "lines":[{"lineId":"1","sku":"SKU-0001","quantity":3,"unitPrice":0.1,"tax":"0.3"}],
         "someFutureField": true}""";
    Order order = CanonicalJson.read(json, Order.class);
    assertThat(order.lines().get(0).unitPrice()).isEqualTo(new BigDecimal("0.10"));
    assertThat(order.computedTotal()).isEqualTo(new BigDecimal("0.60"));
  }
}

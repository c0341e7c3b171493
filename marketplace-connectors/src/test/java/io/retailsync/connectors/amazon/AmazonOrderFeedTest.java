package io.retailsync.connectors.amazon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.retailsync.connectors.http.MarketplaceRefusedException;
import io.retailsync.connectors.http.MarketplaceUnavailableException;
import io.retailsync.connectors.polling.OrderFeed;
import io.retailsync.connectors.polling.OrderPage;
import io.retailsync.connectors.polling.PolledOrder;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

class AmazonOrderFeedTest {

  static final Instant SINCE = Instant.parse("2026-11-30T12:00:00.250Z");

  FakeAmazon amazon;
  MutableClock clock;
  MeterRegistry registry;

  @BeforeEach
  void start() {
    amazon = new FakeAmazon();
    for (int i = 1; i <= 5; i++) {
      amazon.addOrder("us-mfn-promotions", "113-000000" + i + "-000000" + i, i);
    }
    clock = new MutableClock(Instant.parse("2026-11-30T14:00:00Z"));
    registry = new SimpleMeterRegistry();
  }

  @AfterEach
  void stop() {
    amazon.close();
  }

  @Test
  void readsEveryPageWithItsItemsAndSendsExactlyWhatTheApiRequires() {
    AmazonOrderFeed feed = feed(properties(Duration.ofSeconds(5)));

    List<PolledOrder> all = readAll(feed);

    assertThat(all).extracting(PolledOrder::orderId).containsExactly("113-0000001-0000001", "113-0000002-0000002",
        "113-0000003-0000003", "113-0000004-0000004", "113-0000005-0000005");
    assertThat(all).allSatisfy(order -> {
      assertThat(order.invalidReason()).isNull();
      assertThat(order.state()).isEqualTo(PolledOrder.State.OPEN);
      assertThat(order.order().lines()).hasSize(3);
    });
    assertThat(all.get(4).lastModified()).isEqualTo(Instant.parse("2026-11-30T12:05:00Z"));

    List<FakeAmazon.Request> pages = amazon.requests("getOrders");
    assertThat(pages).hasSize(3);
    assertThat(pages.get(0).query()).containsExactly(Map.entry("MarketplaceIds", "ATVPDKIKX0DER,A2EUQ1WTGCTBG2"),
        Map.entry("LastUpdatedAfter", "2026-11-30T12:00:00Z"), Map.entry("MaxResultsPerPage", "2"));
    assertThat(pages.get(1).query()).containsExactly(Map.entry("MarketplaceIds", "ATVPDKIKX0DER,A2EUQ1WTGCTBG2"),
        Map.entry("NextToken", "NT+2/2=="));
    assertThat(pages.get(2).query()).containsEntry("NextToken", "NT+4/2==").doesNotContainKey("LastUpdatedBefore");
    assertThat(amazon.requests).filteredOn(r -> !r.path().endsWith("/token")).allSatisfy(request -> {
      assertThat(request.method()).isEqualTo("GET");
      assertThat(request.header("x-amz-access-token")).isEqualTo("Atza|access-1");
      assertThat(request.header("x-amz-date")).isEqualTo("20261130T140000Z");
      assertThat(request.header("user-agent")).startsWith("RetailPlatformSync/0.1.0 (Language=Java/");
      assertThat(request.header("Authorization")).isNull();
    });
    // every order's items: two pages of getOrderItems, the second by its own NextToken
    assertThat(amazon.requests("getOrderItems:113-0000003-0000003")).extracting(FakeAmazon.Request::query)
        .containsExactly(Map.of(), Map.of("NextToken", "IT/2"));
    assertThat(amazon.requests).filteredOn(r -> r.path().endsWith("/orderItems"))
        .extracting(FakeAmazon.Request::path).contains("/amazon/orders/v0/orders/113-0000001-0000001/orderItems");

    List<FakeAmazon.Request> tokens = amazon.requests("token");
    assertThat(tokens).hasSize(1);
    assertThat(tokens.get(0).method()).isEqualTo("POST");
    assertThat(tokens.get(0).header("Content-Type")).startsWith("application/x-www-form-urlencoded");
    assertThat(tokens.get(0).body()).isEqualTo("grant_type=refresh_token&refresh_token=Atzr%7Crefresh-secret"
        + "&client_id=amzn1.application-oa2-client.test&client_secret=client-secret-value");
    assertThat(registry.get("sync.external.call").tags("system", "amazon", "operation", "getOrders",
        "outcome", "accepted").timer().count()).isEqualTo(3);
    assertThat(registry.get("sync.external.call").tags("system", "amazon", "operation", "getOrderItems",
        "outcome", "failed").timer().count()).isZero();
  }

  @Test
  void ordersReReadUnchangedByTheOverlapKeepTheirItemsWithoutAnotherGetOrderItems() {
    AmazonOrderFeed feed = feed(properties(Duration.ofSeconds(5)));
    List<PolledOrder> first = readAll(feed);
    int itemCalls = (int) amazon.requests.stream().filter(r -> r.path().endsWith("/orderItems")).count();

    List<PolledOrder> again = readAll(feed);

    assertThat(amazon.requests.stream().filter(r -> r.path().endsWith("/orderItems")).count())
        .as("no items asked again for unchanged orders").isEqualTo(itemCalls);
    assertThat(again).extracting(order -> order.order().lines().size())
        .containsExactlyElementsOf(first.stream().map(order -> order.order().lines().size()).toList());
  }

  @Test
  void a429InTheMiddleIsWaitedForAndTheSamePageAskedAgainSoNothingIsSkipped() {
    AmazonOrderFeed feed = feed(properties(Duration.ofSeconds(5)));
    OrderPage first = feed.fetchPage(SINCE, null);
    amazon.fault("getOrders", new FakeAmazon.Fault(429, "0.2", FakeAmazon.QUOTA_EXCEEDED, 0));

    long start = System.nanoTime();
    OrderPage second = feed.fetchPage(SINCE, first.nextCursor());

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    assertThat(second.orders()).extracting(PolledOrder::orderId)
        .containsExactly("113-0000003-0000003", "113-0000004-0000004");
    List<FakeAmazon.Request> pages = amazon.requests("getOrders");
    assertThat(pages).hasSize(3);
    assertThat(pages.get(1).query()).isEqualTo(pages.get(2).query());
    assertThat(registry.get("sync.external.call").tags("operation", "getOrders", "outcome", "accepted").timer()
        .count()).isEqualTo(2);
  }

  @Test
  void throttlingBeyondTheBoundedWaitIsUnavailableAndThePageIsLeftForLater() {
    AmazonOrderFeed feed = feed(properties(Duration.ofMillis(400)));
    for (int i = 0; i < 10; i++) {
      amazon.fault("getOrders", FakeAmazon.Fault.status(429, FakeAmazon.QUOTA_EXCEEDED));
    }
    long start = System.nanoTime();
    assertThatThrownBy(() -> feed.fetchPage(SINCE, null)).isInstanceOf(MarketplaceUnavailableException.class)
        .hasMessageContaining("getOrders");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThat(amazon.requests("getOrders").size()).isBetween(2, 5);
    assertThat(registry.get("sync.external.call").tags("operation", "getOrders", "outcome", "failed").timer()
        .count()).isEqualTo(1);
  }

  @Test
  void anAccessTokenThatExpiresMidRunIsRefreshedBeforeItIsRefused() {
    AmazonOrderFeed feed = feed(properties(Duration.ofSeconds(5)));
    OrderPage first = feed.fetchPage(SINCE, null);
    clock.advance(Duration.ofSeconds(3600));

    OrderPage second = feed.fetchPage(SINCE, first.nextCursor());

    assertThat(second.orders()).hasSize(2);
    assertThat(amazon.requests("token")).hasSize(2);
    List<FakeAmazon.Request> pages = amazon.requests("getOrders");
    assertThat(pages.get(0).header("x-amz-access-token")).isEqualTo("Atza|access-1");
    assertThat(pages.get(1).header("x-amz-access-token")).isEqualTo("Atza|access-2");
  }

  @Test
  void aTokenAmazonNoLongerAcceptsIsReplacedOnce() {
    AmazonOrderFeed feed = feed(properties(Duration.ofSeconds(5)));
    OrderPage first = feed.fetchPage(SINCE, null);
    amazon.expireTokens();

    OrderPage second = feed.fetchPage(SINCE, first.nextCursor());

    assertThat(second.orders()).hasSize(2);
    assertThat(amazon.requests("token")).hasSize(2);
    List<FakeAmazon.Request> pages = amazon.requests("getOrders");
    assertThat(pages).hasSize(3);
    assertThat(pages.get(1).header("x-amz-access-token")).isEqualTo("Atza|access-1");
    assertThat(pages.get(2).header("x-amz-access-token")).isEqualTo("Atza|access-2");
    assertThat(pages.get(1).query()).isEqualTo(pages.get(2).query());
  }

  @Test
  void a401FetchesANewTokenOnceAndARefusalThatPersistsIsRefused() {
    AmazonOrderFeed feed = feed(properties(Duration.ofSeconds(5)));
    amazon.fault("getOrders", FakeAmazon.Fault.status(401, FakeAmazon.EXPIRED));

    assertThat(feed.fetchPage(SINCE, null).orders()).hasSize(2);
    assertThat(amazon.requests("token")).hasSize(2);

    String denied = "{\"errors\":[{\"code\":\"Unauthorized\",\"message\":\"Access to requested resource is denied.\","
        + "\"details\":\"\"}]}";
    amazon.fault("getOrders", FakeAmazon.Fault.status(403, denied));
    amazon.fault("getOrders", FakeAmazon.Fault.status(403, denied));
    assertThatThrownBy(() -> feed.fetchPage(SINCE, null)).isInstanceOfSatisfying(MarketplaceRefusedException.class,
        refused -> {
          assertThat(refused.status()).isEqualTo(403);
          assertThat(refused.getMessage()).contains("Unauthorized: Access to requested resource is denied.")
              .doesNotContain("Atza|", "client-secret-value", "refresh-secret");
        });
    assertThat(amazon.requests("token")).hasSize(3);
  }

  @Test
  void a500IsUnavailableAndTheSamePageCanBeAskedAgain() {
    AmazonOrderFeed feed = feed(properties(Duration.ofSeconds(5)));
    amazon.fault("getOrders", FakeAmazon.Fault.status(500, "{\"errors\":[{\"code\":\"InternalFailure\","
        + "\"message\":\"We encountered an internal error. Please try again.\",\"details\":\"\"}]}"));

    assertThatThrownBy(() -> feed.fetchPage(SINCE, null)).isInstanceOf(MarketplaceUnavailableException.class)
        .hasMessageContaining("500").hasMessageContaining("InternalFailure");
    assertThat(amazon.requests("getOrders")).hasSize(1);
    assertThat(feed.fetchPage(SINCE, null).orders()).hasSize(2);
  }

  @Test
  void aCallThatDoesNotAnswerInTimeIsUnavailable() {
    AmazonProperties properties = withReadTimeout(properties(Duration.ofSeconds(5)), Duration.ofMillis(300));
    AmazonOrderFeed feed = feed(properties);
    amazon.fault("getOrders", new FakeAmazon.Fault(200, null, "{}", 1500));

    assertThatThrownBy(() -> feed.fetchPage(SINCE, null)).isInstanceOf(MarketplaceUnavailableException.class)
        .hasMessageContaining("no answer");
  }

  @Test
  void anOrderWhoseItemsAreRefusedIsInvalidAndTheRestOfThePageIsRead() {
    AmazonOrderFeed feed = feed(properties(Duration.ofSeconds(5)));
    amazon.items.remove("113-0000002-0000002");

    OrderPage page = feed.fetchPage(SINCE, null);

    assertThat(page.orders()).hasSize(2);
    assertThat(page.orders().get(0).isValid()).isTrue();
    PolledOrder refused = page.orders().get(1);
    assertThat(refused.orderId()).isEqualTo("113-0000002-0000002");
    assertThat(refused.isValid()).isFalse();
    assertThat(refused.invalidReason()).contains("404", "NotFound");
    assertThat(refused.lastModified()).isEqualTo(Instant.parse("2026-11-30T12:02:00Z"));
  }

  @Test
  void aNextTokenAmazonNoLongerKnowsRestartsFromTheFirstPage() {
    AmazonOrderFeed feed = feed(properties(Duration.ofSeconds(5)));

    OrderPage page = feed.fetchPage(SINCE, "stale-token");

    assertThat(page.orders()).extracting(PolledOrder::orderId)
        .containsExactly("113-0000001-0000001", "113-0000002-0000002");
    assertThat(amazon.requests("getOrders").get(1).query()).containsKey("LastUpdatedAfter");
  }

  @Test
  void theTokenEndpointAwayIsUnavailableAndWrongCredentialsAreRefusedWithoutShowingThem() {
    AmazonOrderFeed feed = feed(properties(Duration.ofSeconds(5)));
    amazon.fault("token", FakeAmazon.Fault.status(503, "Service Unavailable"));
    assertThatThrownBy(() -> feed.fetchPage(SINCE, null)).isInstanceOf(MarketplaceUnavailableException.class)
        .hasMessageContaining("Login with Amazon answered 503");

    AmazonProperties wrong = new AmazonProperties(URI.create(amazon.baseUrl()), URI.create(amazon.tokenUrl()),
        List.of("ATVPDKIKX0DER"), "amzn1.application-oa2-client.test", "client-secret-value", "Atzr|wrong-refresh",
        null, null, null, 2, null, null, null, null, null);
    assertThatThrownBy(() -> feed(wrong).fetchPage(SINCE, null))
        .isInstanceOfSatisfying(MarketplaceRefusedException.class, refused -> assertThat(refused.getMessage())
            .contains("invalid_grant").doesNotContain("wrong-refresh", "client-secret-value"));
  }

  @Test
  void propertiesDefaultToAmazonsPlansAndNeverShowSecrets() {
    AmazonProperties defaults = new AmazonProperties(URI.create("https://sellingpartnerapi-na.amazon.com"), null,
        List.of("ATVPDKIKX0DER"), "client", "the-secret", "Atzr|the-refresh", null, null, null, 0, null, null, null,
        null, null);
    assertThat(defaults.lwaTokenUrl()).hasToString("https://api.amazon.com/auth/o2/token");
    assertThat(defaults.pollInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(defaults.initialLookback()).isEqualTo(Duration.ofDays(1));
    assertThat(defaults.overlap()).isEqualTo(Duration.ofMinutes(2));
    assertThat(defaults.pageSize()).isEqualTo(100);
    assertThat(defaults.rateLimits().getOrders()).isEqualTo(new AmazonProperties.Operation(0.0167, 20));
    assertThat(defaults.rateLimits().getOrderItems()).isEqualTo(new AmazonProperties.Operation(0.5, 30));
    assertThat(new AmazonProperties.RateLimits(new AmazonProperties.Operation(2.0, null), null).getOrders())
        .isEqualTo(new AmazonProperties.Operation(2.0, 20));
    assertThat(defaults.toString()).doesNotContain("the-secret", "the-refresh");
    assertThatThrownBy(() -> new AmazonProperties(URI.create("https://x.example"), null, List.of(), "c", "s", "r",
        null, null, null, 0, null, null, null, null, null).check())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("marketplace-ids");
  }

  @Test
  void theConfigurationBuildsTheFeedFromItsProperties() {
    StaticListableBeanFactory beans = new StaticListableBeanFactory();
    OrderFeed feed = new AmazonConnectorConfiguration().amazonOrderFeed(properties(Duration.ofSeconds(5)),
        beans.getBeanProvider(MeterRegistry.class), beans.getBeanProvider(Clock.class));
    assertThat(feed.channel()).isEqualTo("amazon");
    assertThat(feed.account()).isEqualTo("amazon");
    assertThat(feed.pollInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(feed.overlap()).isEqualTo(Duration.ofMinutes(2));
    assertThat(feed.initialLookback()).isEqualTo(Duration.ofDays(1));
    assertThat(feed.fetchPage(SINCE, null).orders()).hasSize(2);
  }

  private List<PolledOrder> readAll(AmazonOrderFeed feed) {
    List<PolledOrder> all = new ArrayList<>();
    String cursor = null;
    do {
      OrderPage page = feed.fetchPage(SINCE, cursor);
      all.addAll(page.orders());
      cursor = page.nextCursor();
    } while (cursor != null);
    return all;
  }

  private AmazonOrderFeed feed(AmazonProperties properties) {
    return new AmazonOrderFeed(properties, new AmazonClient(properties, registry, clock));
  }

  private AmazonProperties properties(Duration maxThrottleWait) {
    return new AmazonProperties(URI.create(amazon.baseUrl()), URI.create(amazon.tokenUrl()),
        List.of("ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"), "amzn1.application-oa2-client.test", "client-secret-value",
        "Atzr|refresh-secret", Duration.ofSeconds(5), null, null, 2, Duration.ofSeconds(2), Duration.ofSeconds(5),
        maxThrottleWait, null, new AmazonProperties.RateLimits(new AmazonProperties.Operation(50.0, 50),
            new AmazonProperties.Operation(200.0, 200)));
  }

  private static AmazonProperties withReadTimeout(AmazonProperties p, Duration readTimeout) {
    return new AmazonProperties(p.baseUrl(), p.lwaTokenUrl(), p.marketplaceIds(), p.clientId(), p.clientSecret(),
        p.refreshToken(), p.pollInterval(), p.initialLookback(), p.overlap(), p.pageSize(), p.connectTimeout(),
        readTimeout, p.maxThrottleWait(), p.tokenRefreshAhead(), p.rateLimits());
  }

  static final class MutableClock extends Clock {

    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}

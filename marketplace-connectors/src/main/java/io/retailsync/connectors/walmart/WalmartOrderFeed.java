package io.retailsync.connectors.walmart;

import io.retailsync.connectors.http.MarketplaceRefusedException;
import io.retailsync.connectors.http.MarketplaceUnavailableException;
import io.retailsync.connectors.polling.OrderFeed;
import io.retailsync.connectors.polling.ScheduledOrderFeed;
import io.retailsync.connectors.polling.OrderPage;
import io.retailsync.connectors.polling.PolledOrder;
import io.retailsync.model.json.InvalidPayloadException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Walmart's purchase orders as an {@link OrderFeed} (channel and account {@code walmart}).
 *
 * <p>The first page asks {@code GET /v3/orders?lastModifiedStartDate=<since>&createdStartDate=<now − 180 d>
 * &limit=<page-size>&productInfo=false} ({@code createdStartDate} is set on purpose: Walmart defaults it to now − 7
 * days, which would hide an older order modified now). The cursor of every further page is Walmart's own
 * {@code meta.nextCursor}, a ready-made query string starting with {@code ?} that carries every filter and the
 * position ({@code soIndex}, {@code poIndex}), so it stays usable after a restart and asking it again reads the
 * same page. Walmart answers a query without orders with 404 {@code CONTENT_NOT_FOUND.GMP_ORDER_API}: an empty
 * last page.
 *
 * <p>Acknowledgement: an order with a line still {@code Created} is acknowledged once the ERP accepted it
 * ({@code POST /v3/orders/{id}/acknowledge}). Walmart answers a repeat on an acknowledged order with the order
 * again; it refuses (400) an order whose lines have all moved on (shipped, cancelled): the feed then reads the
 * order and, when no line is {@code Created} any more, counts the acknowledgement as done.
 */
public class WalmartOrderFeed extends ScheduledOrderFeed {

  public static final String ACCOUNT = "walmart";

  private static final Logger log = LoggerFactory.getLogger(WalmartOrderFeed.class);

  private final WalmartProperties properties;
  private final WalmartClient client;
  private final WalmartOrderMapper mapper;
  private final Clock clock;

  public WalmartOrderFeed(WalmartProperties properties, WalmartClient client, Clock clock) {
    super(WalmartOrderMapper.CHANNEL, ACCOUNT, properties.pollInterval(), properties.overlap(), properties.initialLookback());
    this.properties = properties;
    this.client = client;
    this.mapper = new WalmartOrderMapper(properties.marketplaceCollectsTax());
    this.clock = clock;
  }






  @Override
  public OrderPage fetchPage(Instant since, String cursor) {
    String query = cursor == null || cursor.isBlank() ? firstQuery(since) : cursor;
    if (!query.startsWith("?")) {
      throw new MarketplaceRefusedException(WalmartClient.REFUSED, 400,
          "a Walmart order cursor is a query string starting with '?'");
    }
    WalmartClient.Answer answer = client.getOrders(query);
    if (answer.status() == 404) {
      if (isNoOrdersFound(answer.body())) {
        // "Orders not found for given search parameters": nothing (more) to read
        return new OrderPage(List.of(), null);
      }
      // not Walmart's answer for an empty query: a wrong base URL must not pass for "no orders"
      throw new MarketplaceRefusedException(WalmartClient.REFUSED, 404, "walmart getAllOrders answered 404"
          + WalmartClient.errorText(answer.body()));
    }
    WalmartOrderMapper.Page page;
    try {
      page = mapper.readPage(answer.body());
    } catch (InvalidPayloadException e) {
      throw new MarketplaceUnavailableException("walmart answered an order page that cannot be read: "
          + e.getMessage(), e);
    }
    String next = page.nextCursor();
    if (next != null && !next.startsWith("?")) {
      next = "?" + next;
    }
    if (next != null && next.equals(query)) {
      log.warn("walmart answered a page whose next cursor is the page itself; this run stops there");
      next = null;
    }
    return new OrderPage(page.orders(), next);
  }

  /** The first page's query; {@code since} is cut to whole seconds (reading a little more is harmless). */
  String firstQuery(Instant since) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant from = (since == null ? now.minus(properties.initialLookback()) : since).truncatedTo(ChronoUnit.SECONDS);
    // never older than Walmart's window: it refuses a createdStartDate beyond 180 days
    Instant createdFrom = now.minus(properties.createdLookback());
    return "?lastModifiedStartDate=" + encode(from.toString())
        + "&createdStartDate=" + encode(createdFrom.toString())
        + "&limit=" + properties.pageSize()
        + "&productInfo=false";
  }

  @Override
  public boolean needsAcknowledgement(PolledOrder order) {
    return order != null && order.state() != PolledOrder.State.CANCELLED
        && WalmartOrderMapper.hasCreatedLines(order.marketplaceStatus());
  }

  @Override
  public void acknowledge(PolledOrder order) {
    if (!needsAcknowledgement(order)) {
      return;
    }
    WalmartClient.Answer answer = client.acknowledge(order.orderId());
    if (answer.status() >= 200 && answer.status() < 300) {
      return;
    }
    // 400: Walmart refuses to acknowledge an order none of whose lines is Created or Acknowledged any more
    WalmartClient.Answer current = client.getOrder(order.orderId());
    if (!hasCreatedLine(current.body())) {
      log.info("walmart order {} has no line left to acknowledge; counted as acknowledged", order.orderId());
      return;
    }
    throw new MarketplaceRefusedException(WalmartClient.REFUSED, answer.status(), "walmart refused to acknowledge "
        + order.orderId() + WalmartClient.errorText(answer.body()));
  }

  private static boolean isNoOrdersFound(byte[] body) {
    try {
      for (JsonNode error : WalmartOrderMapper.WIRE.readTree(body).path("errors").path("error")) {
        if (error.path("code").asString("").startsWith("CONTENT_NOT_FOUND.")) {
          return true;
        }
      }
      return false;
    } catch (JacksonException | IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean hasCreatedLine(byte[] body) {
    try {
      JsonNode root = WalmartOrderMapper.WIRE.readTree(body);
      JsonNode order = root.has("order") ? root.get("order") : root;
      for (JsonNode line : order.path("orderLines").path("orderLine")) {
        for (JsonNode status : line.path("orderLineStatuses").path("orderLineStatus")) {
          if (WalmartOrderMapper.CREATED.equalsIgnoreCase(status.path("status").asString(""))) {
            return true;
          }
        }
      }
      return false;
    } catch (JacksonException e) {
      throw new MarketplaceUnavailableException("walmart answered an order that cannot be read", e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}

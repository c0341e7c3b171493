package io.retailsync.connectors.walmart;

import io.micrometer.core.instrument.MeterRegistry;
import io.retailsync.connectors.http.MarketplaceCallMetrics;
import io.retailsync.connectors.http.MarketplaceRefusedException;
import io.retailsync.connectors.http.MarketplaceUnavailableException;
import io.retailsync.connectors.http.OperationRateLimit;
import io.retailsync.connectors.inventory.ChannelInventoryPort;
import io.retailsync.connectors.inventory.InventoryBatches;
import io.retailsync.connectors.inventory.InventoryUpdate;
import io.retailsync.connectors.inventory.PushOutcome;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Walmart's side of the inventory push: {@code PUT /v3/inventory?sku=} per SKU for small pushes, and above
 * {@code sync.walmart.inventory.feed-threshold} one bulk feed ({@code POST /v3/feeds?feedType=inventory}, the
 * InventoryFeed 1.4 JSON as a multipart file) read back through {@code GET /v3/feeds/{feedId}?includeDetails=true}
 * until PROCESSED, per item. Calls go through {@link WalmartClient} (token, {@code WM_*} headers, 429 and 401
 * handling), each taking a token of its operation's limit first.
 */
public final class WalmartInventoryClient implements ChannelInventoryPort {

  public static final String CHANNEL = "walmart";
  public static final String UPDATE_INVENTORY = "updateInventory";
  public static final String GET_INVENTORY = "getInventory";
  public static final String SUBMIT_FEED = "submitInventoryFeed";
  public static final String GET_FEED_STATUS = "getFeedStatus";
  static final String FEED_VERSION = "1.4";

  private static final JsonMapper JSON = WalmartOrderMapper.WIRE;

  private final WalmartClient client;
  private final WalmartInventoryProperties settings;
  private final MarketplaceCallMetrics metrics;
  private final OperationRateLimit updateLimit;
  private final OperationRateLimit getLimit;
  private final OperationRateLimit feedLimit;
  private final OperationRateLimit feedStatusLimit;

  public WalmartInventoryClient(WalmartProperties properties, WalmartInventoryProperties settings,
      MeterRegistry registry, Clock clock) {
    this.client = new WalmartClient(properties, registry, clock);
    this.settings = settings;
    this.metrics = new MarketplaceCallMetrics(registry, WalmartClient.SYSTEM, List.of(UPDATE_INVENTORY, GET_INVENTORY,
        SUBMIT_FEED, GET_FEED_STATUS));
    this.updateLimit = limit(UPDATE_INVENTORY, settings.updateInventory());
    this.getLimit = limit(GET_INVENTORY, settings.getInventory());
    this.feedLimit = limit(SUBMIT_FEED, settings.submitFeed());
    this.feedStatusLimit = limit(GET_FEED_STATUS, settings.getFeedStatus());
  }

  private static OperationRateLimit limit(String operation, WalmartProperties.Limit limit) {
    return new OperationRateLimit(operation, limit.perSecond(), limit.burst());
  }

  @Override
  public String channel() {
    return CHANNEL;
  }

  @Override
  public int maxBatchSize() {
    return settings.maxBatchSize();
  }

  @Override
  public PushOutcome push(List<InventoryUpdate> updates) {
    List<InventoryUpdate> checked = InventoryBatches.checked(CHANNEL, updates, maxBatchSize());
    if (checked.isEmpty()) {
      return PushOutcome.empty();
    }
    if (checked.size() > settings.feedThreshold()) {
      return feed(checked);
    }
    PushOutcome outcome = PushOutcome.empty();
    for (InventoryUpdate update : checked) {
      outcome = outcome.plus(update(update));
    }
    return outcome;
  }

  @Override
  public Optional<Integer> readQuantity(String sku) {
    WalmartClient.Answer answer = metrics.time(GET_INVENTORY, () -> client.send(GET_INVENTORY, getLimit,
        HttpMethod.GET, inventoryUri(sku), null, null, 404));
    if (answer.status() == 404) {
      return Optional.empty();
    }
    JsonNode body = json(answer.body(), GET_INVENTORY);
    return Optional.of(body.path("quantity").path("amount").asInt(0));
  }

  /** {@code {"sku", "quantity": {"unit": "EACH", "amount"}}}, the body of the single update. */
  static ObjectNode inventoryBody(String sku, int quantity) {
    ObjectNode body = JSON.createObjectNode();
    body.put("sku", sku);
    body.putObject("quantity").put("unit", "EACH").put("amount", quantity);
    return body;
  }

  /** InventoryFeed 1.4: {@code {"InventoryHeader": {"version": "1.4"}, "Inventory": [...]}} (capitalised, as 1.4 is). */
  static ObjectNode feedDocument(List<InventoryUpdate> updates) {
    ObjectNode document = JSON.createObjectNode();
    document.putObject("InventoryHeader").put("version", FEED_VERSION);
    ArrayNode items = document.putArray("Inventory");
    for (InventoryUpdate update : updates) {
      items.add(inventoryBody(update.sku(), update.quantity()));
    }
    return document;
  }

  private PushOutcome update(InventoryUpdate update) {
    byte[] body = JSON.writeValueAsBytes(inventoryBody(update.sku(), update.quantity()));
    try {
      metrics.time(UPDATE_INVENTORY, () -> client.send(UPDATE_INVENTORY, updateLimit, HttpMethod.PUT,
          inventoryUri(update.sku()), MediaType.APPLICATION_JSON, body, -1));
      return new PushOutcome(List.of(update.sku()), Map.of());
    } catch (MarketplaceRefusedException refused) {
      return new PushOutcome(List.of(), Map.of(update.sku(), refused.getMessage()));
    }
  }

  private PushOutcome feed(List<InventoryUpdate> updates) {
    byte[] document = JSON.writeValueAsBytes(feedDocument(updates));
    HttpHeaders partHeaders = new HttpHeaders();
    partHeaders.setContentType(MediaType.APPLICATION_JSON);
    MultiValueMap<String, Object> multipart = new LinkedMultiValueMap<>();
    multipart.add("file", new HttpEntity<>(new ByteArrayResource(document) {
      @Override
      public String getFilename() {
        return "inventory.json";
      }
    }, partHeaders));
    URI submit = URI.create(client.base() + "/v3/feeds?feedType=inventory" + shipNodeParameter());
    WalmartClient.Answer submitted = metrics.time(SUBMIT_FEED, () -> client.send(SUBMIT_FEED, feedLimit,
        HttpMethod.POST, submit, MediaType.MULTIPART_FORM_DATA, multipart, -1));
    String feedId = json(submitted.body(), SUBMIT_FEED).path("feedId").asString("");
    if (feedId.isBlank()) {
      throw new MarketplaceUnavailableException("walmart inventory feed was answered without a feedId");
    }
    Map<String, JsonNode> items = awaitProcessed(feedId, updates.size());
    List<String> accepted = new ArrayList<>();
    Map<String, String> rejected = new LinkedHashMap<>();
    List<String> transientFailures = new ArrayList<>();
    for (InventoryUpdate update : updates) {
      JsonNode item = items.get(update.sku());
      String status = item == null ? "MISSING" : item.path("ingestionStatus").asString("");
      if ("SUCCESS".equals(status)) {
        accepted.add(update.sku());
      } else if ("DATA_ERROR".equals(status)) {
        rejected.put(update.sku(), "walmart feed " + feedId + " DATA_ERROR" + ingestionErrors(item));
      } else {
        transientFailures.add(update.sku() + " " + status);
      }
    }
    if (!transientFailures.isEmpty()) {
      throw new MarketplaceUnavailableException("walmart feed " + feedId + " left " + transientFailures.size()
          + " SKUs unapplied (" + String.join(", ", transientFailures.subList(0, Math.min(5,
              transientFailures.size()))) + (transientFailures.size() > 5 ? ", …" : "") + ")");
    }
    return new PushOutcome(accepted, rejected);
  }

  /** Polls the feed until PROCESSED, then reads every item's status page by page; by SKU. */
  private Map<String, JsonNode> awaitProcessed(String feedId, int expected) {
    long deadline = System.nanoTime() + settings.feedTimeout().toNanos();
    String path = client.base() + "/v3/feeds/" + URLEncoder.encode(feedId, StandardCharsets.UTF_8)
        + "?includeDetails=true&limit=" + settings.feedDetailsPageSize() + "&offset=";
    while (true) {
      sleep(settings.feedPollInterval());
      JsonNode status = feedStatus(URI.create(path + 0));
      String feedStatus = status.path("feedStatus").asString("");
      if ("ERROR".equals(feedStatus)) {
        throw new MarketplaceUnavailableException("walmart feed " + feedId + " ended in ERROR"
            + WalmartClient.errorText(JSON.writeValueAsBytes(status.path("ingestionErrors"))));
      }
      if ("PROCESSED".equals(feedStatus)) {
        Map<String, JsonNode> items = new HashMap<>();
        collect(status, items);
        int offset = settings.feedDetailsPageSize();
        while (items.size() < expected && offset < expected) {
          int before = items.size();
          collect(feedStatus(URI.create(path + offset)), items);
          if (items.size() == before) {
            break;
          }
          offset += settings.feedDetailsPageSize();
        }
        return items;
      }
      if (System.nanoTime() > deadline) {
        throw new MarketplaceUnavailableException("walmart feed " + feedId + " still " + feedStatus + " after "
            + settings.feedTimeout());
      }
    }
  }

  private JsonNode feedStatus(URI uri) {
    return json(metrics.time(GET_FEED_STATUS, () -> client.send(GET_FEED_STATUS, feedStatusLimit, HttpMethod.GET, uri,
        null, null, -1)).body(), GET_FEED_STATUS);
  }

  private static void collect(JsonNode status, Map<String, JsonNode> items) {
    for (JsonNode item : status.path("itemDetails").path("itemIngestionStatus")) {
      String sku = item.path("sku").asString("");
      if (!sku.isEmpty()) {
        items.put(sku, item);
      }
    }
  }

  private static String ingestionErrors(JsonNode item) {
    List<String> parts = new ArrayList<>();
    for (JsonNode error : item.path("ingestionErrors").path("ingestionError")) {
      parts.add(error.path("code").asString("") + ": " + error.path("description").asString(""));
    }
    String text = String.join("; ", parts);
    return text.isEmpty() ? "" : ": " + (text.length() > 500 ? text.substring(0, 500) + "…" : text);
  }

  private URI inventoryUri(String sku) {
    return URI.create(client.base() + "/v3/inventory?sku=" + URLEncoder.encode(sku, StandardCharsets.UTF_8)
        + shipNodeParameter());
  }

  private String shipNodeParameter() {
    return settings.shipNode() == null ? "" : "&shipNode=" + URLEncoder.encode(settings.shipNode(),
        StandardCharsets.UTF_8);
  }

  private static JsonNode json(byte[] body, String operation) {
    try {
      JsonNode tree = JSON.readTree(body);
      if (tree == null || !tree.isObject()) {
        throw new MarketplaceUnavailableException("walmart " + operation + " answered 2xx without a JSON object");
      }
      return tree;
    } catch (JacksonException e) {
      throw new MarketplaceUnavailableException("walmart " + operation + " answered 2xx with a body that is not JSON",
          e);
    }
  }

  private static void sleep(Duration wait) {
    try {
      TimeUnit.NANOSECONDS.sleep(wait.toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MarketplaceUnavailableException("interrupted while waiting for a walmart feed", e);
    }
  }
}

package io.retailsync.connectors.ebay;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * eBay's side of the inventory push, for listings made through the Inventory API:
 * {@code POST /sell/inventory/v1/bulk_update_price_quantity} with at most 25 requests a call, each setting the
 * SKU's {@code shipToLocationAvailability.quantity} (eBay spreads it over the SKU's published offers), read back per
 * SKU from {@code responses[].statusCode}. Calls go through {@link EbayClient} (OAuth token with the
 * {@code sell.inventory} scope, 429 and 401 handling).
 */
public final class EbayInventoryClient implements ChannelInventoryPort {

  public static final String CHANNEL = "ebay";
  public static final String BULK_UPDATE = "bulkUpdatePriceQuantity";
  public static final String GET_INVENTORY_ITEM = "getInventoryItem";
  static final String BULK_PATH = "/sell/inventory/v1/bulk_update_price_quantity";
  static final String ITEM_PATH = "/sell/inventory/v1/inventory_item/";

  private static final JsonMapper JSON = EbayOrderMapper.WIRE;

  private final EbayClient client;
  private final EbayInventoryProperties settings;
  private final MarketplaceCallMetrics metrics;
  private final OperationRateLimit bulkLimit;
  private final OperationRateLimit getLimit;

  public EbayInventoryClient(EbayProperties properties, EbayInventoryProperties settings, MeterRegistry registry,
      Clock clock) {
    List<String> operations = List.of(BULK_UPDATE, GET_INVENTORY_ITEM, EbayClient.TOKEN);
    this.client = new EbayClient(properties, settings.scopes(), operations, registry, clock);
    this.settings = settings;
    this.metrics = new MarketplaceCallMetrics(registry, EbayClient.SYSTEM, operations);
    this.bulkLimit = new OperationRateLimit(BULK_UPDATE, settings.bulkUpdatePriceQuantity().perSecond(),
        settings.bulkUpdatePriceQuantity().burst());
    this.getLimit = new OperationRateLimit(GET_INVENTORY_ITEM, settings.getInventoryItem().perSecond(),
        settings.getInventoryItem().burst());
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
    PushOutcome outcome = PushOutcome.empty();
    for (List<InventoryUpdate> call : InventoryBatches.partition(checked, EbayInventoryProperties.CALL_SIZE)) {
      outcome = outcome.plus(bulkUpdate(call));
    }
    return outcome;
  }

  @Override
  public Optional<Integer> readQuantity(String sku) {
    URI uri = URI.create(client.root() + ITEM_PATH + URLEncoder.encode(sku, StandardCharsets.UTF_8).replace("+", "%20"));
    JsonNode item;
    try {
      item = json(metrics.time(GET_INVENTORY_ITEM, () -> client.send(GET_INVENTORY_ITEM, getLimit, HttpMethod.GET, uri,
          null, settings.maxRateWait())).body(), GET_INVENTORY_ITEM);
    } catch (MarketplaceRefusedException refused) {
      if (refused.status() == 404) {
        return Optional.empty();
      }
      throw refused;
    }
    return Optional.of(item.path("availability").path("shipToLocationAvailability").path("quantity").asInt(0));
  }

  /** {@code {"requests": [{"sku", "shipToLocationAvailability": {"quantity"}}]}}. */
  static ObjectNode bulkBody(List<InventoryUpdate> updates) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode requests = body.putArray("requests");
    for (InventoryUpdate update : updates) {
      ObjectNode request = requests.addObject();
      request.put("sku", update.sku());
      request.putObject("shipToLocationAvailability").put("quantity", update.quantity());
    }
    return body;
  }

  private PushOutcome bulkUpdate(List<InventoryUpdate> updates) {
    URI uri = URI.create(client.root() + BULK_PATH);
    byte[] body = JSON.writeValueAsBytes(bulkBody(updates));
    JsonNode answer;
    try {
      answer = json(metrics.time(BULK_UPDATE, () -> client.send(BULK_UPDATE, bulkLimit, HttpMethod.POST, uri, body,
          settings.maxRateWait())).body(), BULK_UPDATE);
    } catch (MarketplaceRefusedException refused) {
      Map<String, String> all = new LinkedHashMap<>();
      updates.forEach(update -> all.put(update.sku(), refused.getMessage()));
      return new PushOutcome(List.of(), all);
    }
    return outcome(updates, answer);
  }

  /**
   * Per SKU, over its entries in {@code responses} (one per offer): any 4xx rejects it with eBay's errors; a 5xx
   * anywhere makes the whole call unavailable (the repeat sets the same values); no entry at all rejects it.
   */
  static PushOutcome outcome(List<InventoryUpdate> updates, JsonNode answer) {
    Map<String, List<String>> errors = new LinkedHashMap<>();
    Map<String, Boolean> seen = new LinkedHashMap<>();
    List<String> failed = new ArrayList<>();
    for (JsonNode response : answer.path("responses")) {
      String sku = response.path("sku").asString("");
      int status = response.path("statusCode").asInt(0);
      seen.put(sku, true);
      if (status >= 500 || status == 0) {
        failed.add(sku + " " + status);
      } else if (status >= 400) {
        List<String> texts = errors.computeIfAbsent(sku, key -> new ArrayList<>());
        for (JsonNode error : response.path("errors")) {
          texts.add("errorId " + error.path("errorId").asString("") + ": " + error.path("longMessage")
              .asString(error.path("message").asString("")));
        }
        if (texts.isEmpty()) {
          texts.add("statusCode " + status);
        }
      }
    }
    if (!failed.isEmpty()) {
      throw new MarketplaceUnavailableException("eBay bulkUpdatePriceQuantity failed for " + String.join(", ", failed));
    }
    List<String> accepted = new ArrayList<>();
    Map<String, String> rejected = new LinkedHashMap<>();
    for (InventoryUpdate update : updates) {
      if (errors.containsKey(update.sku())) {
        String text = String.join("; ", errors.get(update.sku()));
        rejected.put(update.sku(), text.length() > 500 ? text.substring(0, 500) + "…" : text);
      } else if (seen.containsKey(update.sku())) {
        accepted.add(update.sku());
      } else {
        rejected.put(update.sku(), "eBay answered nothing for this SKU");
      }
    }
    return new PushOutcome(accepted, rejected);
  }

  private static JsonNode json(byte[] body, String operation) {
    try {
      JsonNode tree = JSON.readTree(body);
      if (tree == null || !tree.isObject()) {
        throw new MarketplaceUnavailableException("eBay " + operation + " answered 2xx without a JSON object");
      }
      return tree;
    } catch (JacksonException e) {
      throw new MarketplaceUnavailableException("eBay " + operation + " answered 2xx with unreadable JSON", e);
    }
  }
}

package io.retailsync.connectors.shopify;

import io.retailsync.connectors.http.MarketplaceCallMetrics;
import io.retailsync.connectors.http.MarketplaceRefusedException;
import io.retailsync.connectors.http.MarketplaceUnavailableException;
import io.retailsync.connectors.inventory.ChannelInventoryPort;
import io.retailsync.connectors.inventory.InventoryBatches;
import io.retailsync.connectors.inventory.InventoryUpdate;
import io.retailsync.connectors.inventory.PushOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Shopify's side of the inventory push, over the GraphQL Admin API, for every shop with an admin token:
 * {@code inventorySetQuantities} with {@code name: "available"}, {@code reason: "correction"}, up to 250 quantities a
 * call, no compare-and-set ({@code ignoreCompareQuantity: true} before 2026-04, {@code changeFromQuantity: null} from
 * 2026-04 on, where it is required) and an {@code @idempotent} key derived from the call's SKUs, quantities and the
 * caller's keys, so a repeat of the same call is recognised by Shopify. Inventory item ids come from a
 * {@code productVariants(query: "sku:...")} lookup, batched and cached (an item's id never changes); the location is
 * {@code sync.shopify.shops[n].inventory-location-id}, or the shop's only location.
 *
 * <p>A call whose {@code userErrors} name some quantities ({@code field: ["input", "quantities", "3", ...]}) applied
 * nothing: those SKUs are rejected and the others sent again in a new call. With several shops a SKU is accepted
 * when every shop took it.
 */
public final class ShopifyInventoryClient implements ChannelInventoryPort {

  public static final String CHANNEL = "shopify";
  public static final String SET_QUANTITIES = "inventorySetQuantities";
  public static final String LOOKUP_VARIANTS = "productVariantsBySku";
  public static final String READ_LEVEL = "inventoryLevelBySku";
  public static final String LOCATIONS = "locations";
  /** From this version on {@code changeFromQuantity} is required and {@code ignoreCompareQuantity} gone. */
  static final String CHANGE_FROM_REQUIRED = "2026-04";

  static final String SET_MUTATION = "mutation SetAvailable($input: InventorySetQuantitiesInput!,"
      + " $idempotencyKey: String!) { inventorySetQuantities(input: $input) @idempotent(key: $idempotencyKey)"
      + " { inventoryAdjustmentGroup { id } userErrors { code field message } } }";
  static final String LOOKUP_QUERY = "query InventoryItemsBySku($query: String!, $first: Int!) {"
      + " productVariants(first: $first, query: $query) { nodes { sku inventoryItem { id } } } }";
  static final String LEVEL_QUERY = "query AvailableBySku($query: String!, $locationId: ID!) {"
      + " productVariants(first: 10, query: $query) { nodes { sku inventoryItem { id"
      + " inventoryLevel(locationId: $locationId) { quantities(names: [\"available\"]) { name quantity } } } } } }";
  static final String LOCATIONS_QUERY = "query Locations { locations(first: 2) { nodes { id } } }";

  private static final Pattern QUANTITY_FIELD = Pattern.compile("quantities\\D*(\\d+)");

  private final List<ShopTarget> shops;
  private final ShopifyProperties.Inventory settings;
  private final boolean changeFromRequired;

  public ShopifyInventoryClient(ShopifyProperties properties, MarketplaceCallMetrics metrics, Clock clock) {
    this.settings = properties.inventory();
    // "unstable" sorts after every dated version, as it should
    this.changeFromRequired = properties.apiVersion().compareTo(CHANGE_FROM_REQUIRED) >= 0;
    List<ShopTarget> targets = new ArrayList<>();
    for (ShopifyProperties.Shop shop : properties.shops()) {
      if (!shop.hasAdminToken()) {
        continue;
      }
      String base = shop.adminBaseUrl() != null && !shop.adminBaseUrl().isBlank() ? shop.adminBaseUrl()
          : properties.adminBaseUrl();
      if (base == null || base.isBlank()) {
        throw new IllegalArgumentException("shop " + shop.domain() + " has no admin base URL");
      }
      targets.add(new ShopTarget(shop.domain(), shop.inventoryLocationGid(), new ShopifyGraphql(shop.domain(), base,
          properties.apiVersion(), shop.adminToken(), properties.connectTimeout(), properties.readTimeout(),
          properties.maxThrottleWait(), metrics, clock)));
    }
    this.shops = List.copyOf(targets);
  }

  /** The operations timed under {@code sync_external_call_seconds{system="shopify"}}. */
  public static List<String> operations() {
    return List.of(SET_QUANTITIES, LOOKUP_VARIANTS, READ_LEVEL, LOCATIONS);
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
    requireShops();
    if (shops.size() == 1) {
      return push(shops.get(0), checked);
    }
    Map<String, String> rejected = new LinkedHashMap<>();
    for (ShopTarget shop : shops) {
      PushOutcome outcome = push(shop, checked);
      outcome.rejected().forEach((sku, reason) -> rejected.putIfAbsent(sku, shop.domain + ": " + reason));
    }
    List<String> accepted = checked.stream().map(InventoryUpdate::sku).filter(sku -> !rejected.containsKey(sku))
        .toList();
    return new PushOutcome(accepted, rejected);
  }

  @Override
  public Optional<Integer> readQuantity(String sku) {
    requireShops();
    ShopTarget shop = shops.get(0);
    ObjectNode variables = ShopifyGraphql.JSON.createObjectNode();
    variables.put("query", searchTerm(sku));
    variables.put("locationId", shop.location());
    JsonNode data = shop.graphql.execute(READ_LEVEL, ShopifyGraphql.request(LEVEL_QUERY, variables), 14);
    for (JsonNode variant : data.path("productVariants").path("nodes")) {
      if (!sku.equals(variant.path("sku").asString(null))) {
        continue;
      }
      JsonNode level = variant.path("inventoryItem").path("inventoryLevel");
      if (!level.isObject()) {
        return Optional.empty();
      }
      for (JsonNode quantity : level.path("quantities")) {
        if ("available".equals(quantity.path("name").asString(""))) {
          return Optional.of(quantity.path("quantity").asInt(0));
        }
      }
      return Optional.of(0);
    }
    return Optional.empty();
  }

  private void requireShops() {
    if (shops.isEmpty()) {
      throw new IllegalStateException("no sync.shopify.shops[] entry has an admin-token to push inventory with");
    }
  }

  private PushOutcome push(ShopTarget shop, List<InventoryUpdate> updates) {
    Map<String, String> items = shop.inventoryItems(updates.stream().map(InventoryUpdate::sku).toList(),
        settings.lookupSize());
    Map<String, String> rejected = new LinkedHashMap<>();
    List<InventoryUpdate> known = new ArrayList<>();
    for (InventoryUpdate update : updates) {
      if (items.containsKey(update.sku())) {
        known.add(update);
      } else {
        rejected.put(update.sku(), "no product variant with SKU " + update.sku() + " in " + shop.domain);
      }
    }
    PushOutcome outcome = new PushOutcome(List.of(), rejected);
    for (List<InventoryUpdate> call : InventoryBatches.partition(known, settings.mutationSize())) {
      outcome = outcome.plus(set(shop, call, items));
    }
    return outcome;
  }

  /** One mutation; SKUs its userErrors name are rejected and the rest sent again (nothing of it was applied). */
  private PushOutcome set(ShopTarget shop, List<InventoryUpdate> call, Map<String, String> items) {
    List<InventoryUpdate> pending = new ArrayList<>(call);
    Map<String, String> rejected = new LinkedHashMap<>();
    while (!pending.isEmpty()) {
      ObjectNode variables = setVariables(pending, items, shop.location(), changeFromRequired);
      JsonNode payload = shop.graphql.execute(SET_QUANTITIES, ShopifyGraphql.request(SET_MUTATION, variables), 10)
          .path(SET_QUANTITIES);
      JsonNode userErrors = payload.path("userErrors");
      if (!userErrors.isArray() || userErrors.isEmpty()) {
        List<String> accepted = pending.stream().map(InventoryUpdate::sku).toList();
        return new PushOutcome(accepted, rejected);
      }
      Map<Integer, List<String>> byIndex = new HashMap<>();
      List<String> general = new ArrayList<>();
      for (JsonNode error : userErrors) {
        String code = error.path("code").asString("");
        if (code.equals("IDEMPOTENCY_CONCURRENT_REQUEST")) {
          throw new MarketplaceUnavailableException("Shopify " + shop.domain + " is still processing an earlier"
              + " inventorySetQuantities with the same idempotency key");
        }
        String text = (code.isEmpty() ? "" : code + ": ") + error.path("message").asString("");
        Integer index = quantityIndex(error.path("field"));
        if (index != null && index >= 0 && index < pending.size()) {
          byIndex.computeIfAbsent(index, key -> new ArrayList<>()).add(text);
        } else {
          general.add(text);
        }
      }
      if (byIndex.isEmpty()) {
        String reason = "inventorySetQuantities: " + String.join("; ", general);
        pending.forEach(update -> rejected.put(update.sku(), reason));
        return new PushOutcome(List.of(), rejected);
      }
      List<InventoryUpdate> next = new ArrayList<>();
      for (int i = 0; i < pending.size(); i++) {
        List<String> errors = byIndex.get(i);
        if (errors == null) {
          next.add(pending.get(i));
        } else {
          rejected.put(pending.get(i).sku(), "inventorySetQuantities: " + String.join("; ", errors));
        }
      }
      pending = next;
    }
    return new PushOutcome(List.of(), rejected);
  }

  /** The mutation's variables: the input and the call's idempotency key. */
  static ObjectNode setVariables(List<InventoryUpdate> updates, Map<String, String> items, String locationId,
      boolean changeFromRequired) {
    ObjectNode variables = ShopifyGraphql.JSON.createObjectNode();
    ObjectNode input = variables.putObject("input");
    input.put("name", "available");
    input.put("reason", "correction");
    String key = idempotencyKey(locationId, updates);
    input.put("referenceDocumentUri", "retail-sync://inventory-push/" + key);
    if (!changeFromRequired) {
      input.put("ignoreCompareQuantity", true);
    }
    ArrayNode quantities = input.putArray("quantities");
    for (InventoryUpdate update : updates) {
      ObjectNode quantity = quantities.addObject();
      quantity.put("inventoryItemId", items.get(update.sku()));
      quantity.put("locationId", locationId);
      quantity.put("quantity", update.quantity());
      if (changeFromRequired) {
        quantity.putNull("changeFromQuantity");
      }
    }
    variables.put("idempotencyKey", key);
    return variables;
  }

  /**
   * The call's {@code @idempotent} key: a name-based UUID over the location and every SKU's quantity and caller key,
   * so the same call made again carries the same key and any other call another one.
   */
  static String idempotencyKey(String locationId, List<InventoryUpdate> updates) {
    StringBuilder text = new StringBuilder("retail-sync/shopify-inventory\n").append(locationId);
    updates.stream().sorted(Comparator.comparing(InventoryUpdate::sku)).forEach(update -> text.append('\n')
        .append(update.sku()).append('\t').append(update.quantity()).append('\t').append(update.idempotencyKey()));
    return UUID.nameUUIDFromBytes(text.toString().getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** {@code sku:"SKU-0001"}: quoted, so a hyphen is no negation; backslashes and quotes escaped. */
  static String searchTerm(String sku) {
    return "sku:\"" + sku.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static Integer quantityIndex(JsonNode field) {
    if (!field.isArray()) {
      return null;
    }
    StringBuilder path = new StringBuilder();
    field.forEach(part -> path.append(part.asString("")).append('.'));
    Matcher matcher = QUANTITY_FIELD.matcher(path);
    return matcher.find() ? Integer.valueOf(matcher.group(1)) : null;
  }

  /** One shop: its API, its location, its SKU → inventory item id cache. */
  private static final class ShopTarget {

    private final String domain;
    private final ShopifyGraphql graphql;
    private final Map<String, String> itemIds = new ConcurrentHashMap<>();
    private volatile String locationId;

    ShopTarget(String domain, String locationId, ShopifyGraphql graphql) {
      this.domain = domain;
      this.locationId = locationId;
      this.graphql = graphql;
    }

    String location() {
      String current = locationId;
      if (current != null) {
        return current;
      }
      JsonNode nodes = graphql.execute(LOCATIONS, ShopifyGraphql.request(LOCATIONS_QUERY,
          ShopifyGraphql.JSON.createObjectNode()), 4).path("locations").path("nodes");
      if (nodes.size() != 1) {
        throw new MarketplaceRefusedException("SHOPIFY_LOCATION_UNKNOWN", 200, "Shopify " + domain + " has "
            + (nodes.size() > 1 ? "several locations" : "no location") + "; set sync.shopify.shops[].inventory-location-id");
      }
      locationId = nodes.get(0).path("id").asString();
      return locationId;
    }

    /** The inventory item id of each SKU the shop lists (absent: no variant has that SKU). */
    Map<String, String> inventoryItems(List<String> skus, int lookupSize) {
      List<String> missing = skus.stream().filter(sku -> !itemIds.containsKey(sku)).toList();
      for (List<String> batch : InventoryBatches.partition(missing, lookupSize)) {
        ObjectNode variables = ShopifyGraphql.JSON.createObjectNode();
        variables.put("query", String.join(" OR ", batch.stream().map(ShopifyInventoryClient::searchTerm).toList()));
        // a search may match more than the exact SKUs (Shopify's search is not exact), so ask for room
        variables.put("first", Math.min(250, batch.size() * 2));
        JsonNode nodes = graphql.execute(LOOKUP_VARIANTS, ShopifyGraphql.request(LOOKUP_QUERY, variables),
            2 + 2 * batch.size()).path("productVariants").path("nodes");
        for (JsonNode variant : nodes) {
          String sku = variant.path("sku").asString("");
          String item = variant.path("inventoryItem").path("id").asString("");
          if (batch.contains(sku) && !item.isEmpty()) {
            itemIds.putIfAbsent(sku, item);
          }
        }
      }
      Map<String, String> found = new HashMap<>();
      for (String sku : skus) {
        String item = itemIds.get(sku);
        if (item != null) {
          found.put(sku, item);
        }
      }
      return found;
    }
  }
}

package io.retailsync.sandbox.shopify;

import io.retailsync.sandbox.channel.ChannelCatalog;
import io.retailsync.sandbox.channel.ChannelFaults;
import io.retailsync.sandbox.channel.ChannelInventory;
import io.retailsync.sandbox.channel.Channels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The GraphQL Admin API's inventory surface, {@code POST /shopify/admin/api/{version}/graphql.json}: the queries
 * {@code productVariants(first, query: "sku:...")} (with {@code inventoryItem { id inventoryLevel(locationId) {
 * quantities(names) } }}) and {@code locations(first)}, and the mutation {@code inventorySetQuantities(input)} with
 * the {@code @idempotent(key:)} directive. Answers carry {@code extensions.cost} from a cost bucket (2000 points,
 * 100 restored a second by default); a call whose requested cost does not fit is answered {@code THROTTLED} while
 * the channel's rate limits are on. Only the fields selected are answered, under their aliases.
 *
 * <p>Per API version: up to 2025-10 {@code compareQuantity} is checked unless {@code ignoreCompareQuantity}; from
 * 2026-01 {@code @idempotent} is taken (a repeat of a key with the same input is answered from the first call and not
 * applied again, the same key with other input is {@code IDEMPOTENCY_KEY_PARAMETER_MISMATCH}); from 2026-04 the key
 * is required, {@code ignoreCompareQuantity} is gone and every quantity must name {@code changeFromQuantity} (null
 * opts out of the check). A mutation with any user error applies nothing.
 */
@RestController
@RequestMapping("/shopify/admin/api/{version}")
class ShopifyGraphqlController {

  static final String SET_QUANTITIES = "inventorySetQuantities";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern INVENTORY_ITEM = Pattern.compile("gid://shopify/InventoryItem/(\\d{1,19})");
  private static final Pattern SKU_TERM = Pattern.compile("^sku:(?:\"((?:[^\"\\\\]|\\\\.)*)\"|(\\S+))$");
  private static final Set<String> NAMES = Set.of("available", "on_hand");
  private static final Set<String> REASONS = Set.of("correction", "cycle_count_available", "damaged",
      "movement_created", "movement_updated", "movement_received", "movement_canceled", "other", "promotion",
      "quality_control", "received", "reservation_created", "reservation_deleted", "reservation_updated", "restock",
      "safety_stock", "shrinkage");
  private static final int MAX_QUANTITIES = 250;
  private static final String IDEMPOTENCY_FROM = "2026-01";
  private static final String CHANGE_FROM_FROM = "2026-04";

  /** A request the API refuses as a whole: {@code {"errors": [{"message", "extensions": {"code"}}]}}. */
  static final class GraphqlError extends RuntimeException {
    final String code;

    GraphqlError(String message, String code) {
      super(message);
      this.code = code;
    }
  }

  private final ShopifyProperties properties;
  private final ShopifyCostBucket bucket;
  private final ChannelInventory inventory;
  private final ChannelFaults faults;
  private final ChannelCatalog catalog;
  private final Map<String, String> lookedUp = new ConcurrentHashMap<>();
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final AtomicLong groups = new AtomicLong(System.currentTimeMillis());

  ShopifyGraphqlController(ShopifyProperties properties, ShopifyCostBucket bucket, ChannelInventory inventory,
      ChannelFaults faults, ChannelCatalog catalog) {
    this.properties = properties;
    this.bucket = bucket;
    this.inventory = inventory;
    this.faults = faults;
    this.catalog = catalog;
  }

  @PostMapping("/graphql.json")
  ResponseEntity<String> graphql(@PathVariable String version,
      @RequestHeader(name = "X-Shopify-Access-Token", required = false) String token,
      @RequestBody(required = false) byte[] body) {
    if (!version.matches("\\d{4}-\\d{2}|unstable")) {
      return answer(404, "{\"errors\":\"Not Found\"}");
    }
    if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
        properties.adminToken().getBytes(StandardCharsets.UTF_8))) {
      return answer(401, ShopifyAdminApiController.UNAUTHORIZED);
    }
    switch (faults.admit(Channels.SHOPIFY)) {
      case DOWN:
        return answer(503, "{\"errors\":\"Service Unavailable\"}");
      case FAILED:
        return answer(500, "{\"errors\":\"Internal Server Error\"}");
      case THROTTLED:
        return throttled(0);
      default:
        break;
    }
    JsonNode request;
    try {
      request = body == null || body.length == 0 ? null : JSON.readTree(body);
    } catch (JacksonException e) {
      request = null;
    }
    if (request == null || !request.isObject() || !request.path("query").isString()) {
      return answer(400, "{\"errors\":{\"query\":\"Required parameter missing or invalid\"}}");
    }
    Map<String, Object> variables = request.path("variables").isObject()
        ? JSON.convertValue(request.path("variables"), Map.class) : Map.of();
    GraphqlDocument.Operation operation;
    try {
      operation = GraphqlDocument.parse(request.path("query").asString());
    } catch (IllegalArgumentException e) {
      return errors(e.getMessage(), "GRAPHQL_PARSE_FAILED", null);
    }
    double cost = cost(operation, variables);
    if (faults.rateLimited(Channels.SHOPIFY) && !bucket.take(cost, cost)) {
      faults.throttled(Channels.SHOPIFY);
      return throttled(cost);
    }
    try {
      Map<String, Object> data = new LinkedHashMap<>();
      for (GraphqlDocument.Field field : operation.fields()) {
        Map<String, Object> arguments = resolve(field.arguments(), variables);
        Object value;
        if (operation.type().equals("mutation")) {
          if (!field.name().equals(SET_QUANTITIES)) {
            throw new GraphqlError("Field '" + field.name() + "' doesn't exist on type 'Mutation'", "undefinedField");
          }
          Map<String, Object> key = field.directives().containsKey("idempotent")
              ? resolve(field.directives().get("idempotent"), variables) : null;
          value = setQuantities(version, arguments, key == null ? null : (String) key.get("key"));
        } else {
          value = query(field.name(), arguments);
        }
        data.put(field.responseKey(), project(value, field, variables));
      }
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("data", data);
      answer.put("extensions", Map.of("cost", cost(cost, cost)));
      return answer(200, JSON.writeValueAsString(answer));
    } catch (GraphqlError e) {
      return errors(e.getMessage(), e.code, cost);
    }
  }

  private Object query(String name, Map<String, Object> arguments) {
    switch (name) {
      case "productVariants":
        return productVariants(arguments);
      case "locations":
        return Map.of("nodes", List.of(location()), "edges", List.of(Map.of("node", location())));
      default:
        throw new GraphqlError("Field '" + name + "' doesn't exist on type 'QueryRoot'", "undefinedField");
    }
  }

  private Map<String, Object> location() {
    Map<String, Object> location = new LinkedHashMap<>();
    location.put("id", properties.locationGid());
    location.put("name", "Sandbox Warehouse");
    location.put("isActive", true);
    return location;
  }

  /** The variants whose SKU one of the {@code sku:} terms names exactly (the stand-in's search is exact). */
  private Object productVariants(Map<String, Object> arguments) {
    Object first = arguments.get("first");
    if (!(first instanceof Number)) {
      throw new GraphqlError("you must provide one of first or last", "argumentLiteralsIncompatible");
    }
    int limit = ((Number) first).intValue();
    if (limit < 1 || limit > 250) {
      throw new GraphqlError("The first argument must be between 1 and 250", "BAD_REQUEST");
    }
    List<String> skus = new ArrayList<>();
    Object query = arguments.get("query");
    if (query instanceof String text) {
      for (String term : text.trim().split("\\s+OR\\s+")) {
        Matcher matcher = SKU_TERM.matcher(term.trim());
        if (matcher.matches()) {
          String sku = matcher.group(1) != null ? matcher.group(1).replaceAll("\\\\(.)", "$1") : matcher.group(2);
          if (catalog.listed(sku) && !skus.contains(sku)) {
            skus.add(sku);
          }
        }
      }
    }
    List<String> served = skus.subList(0, Math.min(limit, skus.size()));
    Map<String, Integer> quantities = inventory.quantities(Channels.SHOPIFY, served);
    List<Object> nodes = new ArrayList<>();
    for (String sku : served) {
      ShopifyCatalog.Item item = ShopifyCatalog.item(sku);
      String itemId = "gid://shopify/InventoryItem/" + item.inventoryItemId();
      lookedUp.put(itemId, sku);
      int available = quantities.getOrDefault(sku, 0);
      Map<String, Object> level = new LinkedHashMap<>();
      level.put("id", "gid://shopify/InventoryLevel/" + item.inventoryItemId() + "?inventory_item_id="
          + item.inventoryItemId());
      level.put("location", location());
      level.put("quantities", (Function<Map<String, Object>, Object>) args -> {
        Object names = args.get("names");
        List<Object> out = new ArrayList<>();
        if (names instanceof List<?> list) {
          for (Object name : list) {
            out.add(Map.of("name", String.valueOf(name), "quantity",
                "available".equals(name) || "on_hand".equals(name) ? available : 0));
          }
        }
        return out;
      });
      Map<String, Object> inventoryItem = new LinkedHashMap<>();
      inventoryItem.put("id", itemId);
      inventoryItem.put("sku", sku);
      inventoryItem.put("tracked", true);
      inventoryItem.put("inventoryLevel", (Function<Map<String, Object>, Object>) args ->
          properties.locationGid().equals(args.get("locationId")) ? level : null);
      Map<String, Object> variant = new LinkedHashMap<>();
      variant.put("id", "gid://shopify/ProductVariant/" + item.variantId());
      variant.put("sku", sku);
      variant.put("title", item.variantTitle());
      variant.put("inventoryItem", inventoryItem);
      nodes.add(variant);
    }
    Map<String, Object> connection = new LinkedHashMap<>();
    connection.put("nodes", nodes);
    connection.put("edges", nodes.stream().map(node -> Map.of("node", node)).toList());
    connection.put("pageInfo", Map.of("hasNextPage", skus.size() > served.size(), "hasPreviousPage", false));
    return connection;
  }

  /** One inventorySetQuantities: the version's rules, the key's first answer or a new one, applied all or nothing. */
  private Object setQuantities(String version, Map<String, Object> arguments, String key) {
    if (!(arguments.get("input") instanceof Map<?, ?> input)) {
      throw new GraphqlError("Variable $input of type InventorySetQuantitiesInput! was provided invalid value",
          "INVALID_VARIABLE");
    }
    boolean changeFrom = version.compareTo(CHANGE_FROM_FROM) >= 0;
    boolean idempotency = version.compareTo(IDEMPOTENCY_FROM) >= 0;
    if (changeFrom && input.containsKey("ignoreCompareQuantity")) {
      throw new GraphqlError("InputObject 'InventorySetQuantitiesInput' doesn't accept argument 'ignoreCompareQuantity'",
          "argumentNotAccepted");
    }
    if (!idempotency && key != null) {
      throw new GraphqlError("Directive 'idempotent' is not defined", "undefinedDirective");
    }
    if (changeFrom && key == null) {
      throw new GraphqlError("The @idempotent directive is required for this mutation", "BAD_REQUEST");
    }
    Object quantities = input.get("quantities");
    if (!(quantities instanceof List<?> list) || list.isEmpty()) {
      throw new GraphqlError("Argument 'quantities' on InputObject 'InventorySetQuantitiesInput' is required",
          "missingRequiredInputObjectAttribute");
    }
    if (list.size() > MAX_QUANTITIES) {
      throw new GraphqlError("The input array size of " + list.size() + " is greater than the maximum allowed of "
          + MAX_QUANTITIES + ".", "MAX_INPUT_SIZE_EXCEEDED");
    }
    if (changeFrom) {
      for (Object quantity : list) {
        if (!(quantity instanceof Map<?, ?> map) || !map.containsKey("changeFromQuantity")) {
          throw new GraphqlError("Argument 'changeFromQuantity' on InputObject 'InventoryQuantityInput' is required",
              "missingRequiredInputObjectAttribute");
        }
      }
    }
    String hash = sha256(JSON.writeValueAsString(canonical(input)));
    if (key == null) {
      Map<String, Object> payload = apply(input, list, changeFrom);
      logCall(null, hash, payload, list.size(), false);
      return payload;
    }
    if (!inFlight.add(key)) {
      return userErrorsPayload(List.of(userError("IDEMPOTENCY_CONCURRENT_REQUEST", null,
          "This request is currently in progress, please try again.")));
    }
    try {
      Optional<ChannelInventory.FirstCall> first = inventory.firstCall(Channels.SHOPIFY, key);
      if (first.isPresent()) {
        if (!first.get().requestHash().equals(hash)) {
          return userErrorsPayload(List.of(userError("IDEMPOTENCY_KEY_PARAMETER_MISMATCH", null,
              "The same idempotency key cannot be used with different operation parameters.")));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> replay = JSON.readValue(first.get().response(), Map.class);
        logCall(key, hash, replay, list.size(), true);
        return replay;
      }
      Map<String, Object> payload = apply(input, list, changeFrom);
      logCall(key, hash, payload, list.size(), false);
      return payload;
    } finally {
      inFlight.remove(key);
    }
  }

  private Map<String, Object> apply(Map<?, ?> input, List<?> quantities, boolean changeFrom) {
    List<Object> errors = new ArrayList<>();
    Object name = input.get("name");
    if (!(name instanceof String) || !NAMES.contains(name)) {
      errors.add(userError("INVALID_NAME", List.of("input", "name"), "The quantity name must be available or on_hand."));
    }
    Object reason = input.get("reason");
    if (!(reason instanceof String) || !REASONS.contains(reason)) {
      errors.add(userError("INVALID_REASON", List.of("input", "reason"), "The specified reason is invalid."));
    }
    boolean compare = !changeFrom && !Boolean.TRUE.equals(input.get("ignoreCompareQuantity"));
    List<String> skus = new ArrayList<>();
    Map<String, Integer> wanted = new LinkedHashMap<>();
    for (int i = 0; i < quantities.size(); i++) {
      Map<?, ?> quantity = quantities.get(i) instanceof Map<?, ?> map ? map : Map.of();
      String sku = skuOf(quantity.get("inventoryItemId"));
      skus.add(sku);
      String index = Integer.toString(i);
      if (sku == null) {
        errors.add(userError("INVALID_INVENTORY_ITEM", List.of("input", "quantities", index, "inventoryItemId"),
            "The specified inventory item could not be found."));
        continue;
      }
      if (!properties.locationGid().equals(quantity.get("locationId"))) {
        errors.add(userError("INVALID_LOCATION", List.of("input", "quantities", index, "locationId"),
            "The specified location could not be found."));
        continue;
      }
      if (!(quantity.get("quantity") instanceof Number number) || number.doubleValue() != number.longValue()
          || number.longValue() > 1_000_000_000L || number.longValue() < -1_000_000_000L) {
        errors.add(userError("INVALID_QUANTITY_TOO_HIGH", List.of("input", "quantities", index, "quantity"),
            "The quantity is invalid or too high."));
        continue;
      }
      if (wanted.containsKey(sku)) {
        errors.add(userError("NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR", List.of("input", "quantities", index),
            "The combination of inventoryItemId and locationId must be unique."));
        continue;
      }
      wanted.put(sku, Math.max(0, number.intValue()));
    }
    if (errors.isEmpty()) {
      Map<String, Integer> current = inventory.quantities(Channels.SHOPIFY, new ArrayList<>(wanted.keySet()));
      for (int i = 0; i < quantities.size(); i++) {
        Map<?, ?> quantity = (Map<?, ?>) quantities.get(i);
        String field = changeFrom ? "changeFromQuantity" : "compareQuantity";
        if (!changeFrom && !compare) {
          break;
        }
        Object expected = quantity.get(field);
        if (changeFrom && expected == null) {
          continue;
        }
        int actual = current.getOrDefault(skus.get(i), 0);
        if (!(expected instanceof Number number) || number.intValue() != actual) {
          errors.add(userError(changeFrom ? "CHANGE_FROM_QUANTITY_STALE" : "COMPARE_QUANTITY_STALE",
              List.of("input", "quantities", Integer.toString(i), field),
              "The " + field + " argument no longer matches the persisted quantity."));
        }
      }
    }
    if (!errors.isEmpty()) {
      return userErrorsPayload(errors);
    }
    Map<String, Integer> before = inventory.quantities(Channels.SHOPIFY, new ArrayList<>(wanted.keySet()));
    if ("available".equals(name)) {
      inventory.record(Channels.SHOPIFY, wanted);
    }
    List<Object> changes = new ArrayList<>();
    wanted.forEach((sku, quantity) -> {
      Map<String, Object> change = new LinkedHashMap<>();
      change.put("name", name);
      change.put("delta", quantity - before.getOrDefault(sku, 0));
      change.put("quantityAfterChange", quantity);
      change.put("item", Map.of("id", "gid://shopify/InventoryItem/" + ShopifyCatalog.item(sku).inventoryItemId(),
          "sku", sku));
      change.put("location", Map.of("id", properties.locationGid()));
      changes.add(change);
    });
    Map<String, Object> group = new LinkedHashMap<>();
    group.put("id", "gid://shopify/InventoryAdjustmentGroup/" + groups.incrementAndGet());
    group.put("createdAt", Instant.now().toString());
    group.put("reason", reason);
    group.put("referenceDocumentUri", input.get("referenceDocumentUri"));
    group.put("changes", changes);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("inventoryAdjustmentGroup", group);
    payload.put("userErrors", List.of());
    return payload;
  }

  private void logCall(String key, String hash, Map<String, Object> payload, int skus, boolean replayed) {
    Object errors = payload.get("userErrors");
    int rejected = errors instanceof List<?> list ? list.size() : 0;
    boolean applied = payload.get("inventoryAdjustmentGroup") != null;
    boolean first = inventory.log(new ChannelInventory.Push(Channels.SHOPIFY, SET_QUANTITIES, key, null, hash,
        JSON.writeValueAsString(payload), skus, applied ? skus : 0, rejected, replayed));
    if (!first && !replayed) {
      // a first call of this key logged meanwhile by another request: this one is counted as its repeat
      inventory.log(new ChannelInventory.Push(Channels.SHOPIFY, SET_QUANTITIES, key, null, hash,
          JSON.writeValueAsString(payload), skus, 0, 0, true));
    }
  }

  private String skuOf(Object inventoryItemId) {
    if (!(inventoryItemId instanceof String id)) {
      return null;
    }
    String known = lookedUp.get(id);
    if (known != null) {
      return known;
    }
    Matcher matcher = INVENTORY_ITEM.matcher(id);
    if (!matcher.matches()) {
      return null;
    }
    return ShopifyCatalog.skuOfInventoryItem(Long.parseLong(matcher.group(1))).filter(catalog::listed).orElse(null);
  }

  /** Requested cost, approximated the way Shopify calculates it: objects 1, connections 2 + first × a node, mutations 10. */
  static double cost(GraphqlDocument.Operation operation, Map<String, Object> variables) {
    double cost = 0;
    for (GraphqlDocument.Field field : operation.fields()) {
      cost += operation.type().equals("mutation") ? 10 : fieldCost(field, variables);
    }
    return Math.max(1, cost);
  }

  private static double fieldCost(GraphqlDocument.Field field, Map<String, Object> variables) {
    if (field.selections().isEmpty()) {
      return 0;
    }
    Object first = resolveValue(field.arguments().get("first"), variables);
    double children = 0;
    for (GraphqlDocument.Field child : field.selections()) {
      children += fieldCost(child, variables);
    }
    if (first instanceof Number number) {
      double perNode = 0;
      for (GraphqlDocument.Field child : field.selections()) {
        perNode += child.name().equals("nodes") || child.name().equals("edges") ? fieldCost(child, variables) : 0;
      }
      return 2 + number.doubleValue() * Math.max(1, perNode);
    }
    return 1 + children;
  }

  private static Object project(Object value, GraphqlDocument.Field field, Map<String, Object> variables) {
    if (value instanceof Function<?, ?> resolver) {
      @SuppressWarnings("unchecked")
      Function<Map<String, Object>, Object> function = (Function<Map<String, Object>, Object>) resolver;
      value = function.apply(resolve(field.arguments(), variables));
    }
    if (value == null || field.selections().isEmpty()) {
      return value;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (Object item : list) {
        out.add(project(item, field, variables));
      }
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (GraphqlDocument.Field child : field.selections()) {
        out.put(child.responseKey(), project(map.get(child.name()), child, variables));
      }
      return out;
    }
    return value;
  }

  private static Map<String, Object> resolve(Map<String, Object> arguments, Map<String, Object> variables) {
    Map<String, Object> resolved = new LinkedHashMap<>();
    arguments.forEach((name, value) -> resolved.put(name, resolveValue(value, variables)));
    return resolved;
  }

  private static Object resolveValue(Object value, Map<String, Object> variables) {
    if (value instanceof GraphqlDocument.Variable variable) {
      return variables.get(variable.name());
    }
    if (value instanceof GraphqlDocument.EnumValue enumValue) {
      return enumValue.name();
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(item -> out.add(resolveValue(item, variables)));
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((name, item) -> out.put(String.valueOf(name), resolveValue(item, variables)));
      return out;
    }
    return value;
  }

  private static Object canonical(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> sorted = new TreeMap<>();
      map.forEach((name, item) -> sorted.put(String.valueOf(name), canonical(item)));
      return sorted;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(ShopifyGraphqlController::canonical).toList();
    }
    if (value instanceof Number number && number.doubleValue() == number.longValue()) {
      return number.longValue();
    }
    return value;
  }

  private static Map<String, Object> userError(String code, List<String> field, String message) {
    Map<String, Object> error = new HashMap<>();
    error.put("code", code);
    error.put("field", field);
    error.put("message", message);
    return error;
  }

  private static Map<String, Object> userErrorsPayload(List<Object> errors) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("inventoryAdjustmentGroup", null);
    payload.put("userErrors", errors);
    return payload;
  }

  private Map<String, Object> cost(Double requested, Double actual) {
    ShopifyCostBucket.Status status = bucket.status();
    Map<String, Object> throttle = new LinkedHashMap<>();
    throttle.put("maximumAvailable", status.maximumAvailable());
    throttle.put("currentlyAvailable", status.currentlyAvailable());
    throttle.put("restoreRate", status.restoreRate());
    Map<String, Object> cost = new LinkedHashMap<>();
    cost.put("requestedQueryCost", requested);
    cost.put("actualQueryCost", actual);
    cost.put("throttleStatus", throttle);
    return cost;
  }

  private ResponseEntity<String> throttled(double requested) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", "Throttled");
    error.put("extensions", Map.of("code", "THROTTLED", "documentation", "https://shopify.dev/api/usage/rate-limits"));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("errors", List.of(error));
    answer.put("extensions", Map.of("cost", cost(requested, null)));
    return answer(200, JSON.writeValueAsString(answer));
  }

  private ResponseEntity<String> errors(String message, String code, Double requested) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", message);
    error.put("extensions", Map.of("code", code));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("errors", List.of(error));
    if (requested != null) {
      answer.put("extensions", Map.of("cost", cost(requested, 0d)));
    }
    return answer(200, JSON.writeValueAsString(answer));
  }

  private static ResponseEntity<String> answer(int status, String body) {
    return ResponseEntity.status(status).header(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .body(body);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.retailsync.sandbox.ebay;

import io.retailsync.sandbox.channel.ChannelCatalog;
import io.retailsync.sandbox.channel.ChannelFaults;
import io.retailsync.sandbox.channel.ChannelInventory;
import io.retailsync.sandbox.channel.ChannelRateLimit;
import io.retailsync.sandbox.channel.Channels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
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
 * eBay's Inventory API under {@code /ebay}: {@code POST /sell/inventory/v1/bulk_update_price_quantity} (at most 25
 * requests; per SKU a {@code statusCode}, its {@code offerId}, {@code errors} and {@code warnings}; HTTP 200 when all
 * succeeded, 207 otherwise) and {@code GET /sell/inventory/v1/inventory_item/{sku}}. Before serving: the OAuth token,
 * {@code /sandbox/ebay/faults}, the channel's faults, then the call limit while the channel's rate limits are on
 * (429, {@code errorId} 2001, {@code Retry-After}). Every SKU of the sandbox catalog has one published offer.
 */
@RestController
@RequestMapping("/ebay")
class EbayInventoryController {

  static final String BULK = "/sell/inventory/v1/bulk_update_price_quantity";
  static final int MAX_REQUESTS = 25;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final EbayStore store;
  private final ChannelInventory inventory;
  private final ChannelFaults faults;
  private final ChannelCatalog catalog;
  // eBay meters a daily quota per application (Inventory API: about 2,000,000 calls, unverified): its per-second share
  private final ChannelRateLimit bulkLimit = new ChannelRateLimit(2_000_000d / 86_400, 100);
  private final ChannelRateLimit readLimit = new ChannelRateLimit(2_000_000d / 86_400, 100);

  EbayInventoryController(EbayStore store, ChannelInventory inventory, ChannelFaults faults, ChannelCatalog catalog) {
    this.store = store;
    this.inventory = inventory;
    this.faults = faults;
    this.catalog = catalog;
  }

  @PostMapping(path = BULK)
  ResponseEntity<Object> bulkUpdatePriceQuantity(
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @RequestBody(required = false) byte[] body) {
    return guarded(authorization, bulkLimit, () -> {
      JsonNode request = json(body);
      if (request == null || !request.path("requests").isArray() || request.path("requests").isEmpty()) {
        return EbayApiController.error(HttpStatus.BAD_REQUEST, 25709, "API_INVENTORY", "REQUEST",
            "Invalid value for requests. The request must hold 1 to " + MAX_REQUESTS + " entries.");
      }
      if (request.path("requests").size() > MAX_REQUESTS) {
        return EbayApiController.error(HttpStatus.BAD_REQUEST, 25709, "API_INVENTORY", "REQUEST",
            "Invalid value for requests. A call takes at most " + MAX_REQUESTS + " entries.");
      }
      List<Object> responses = new ArrayList<>();
      Map<String, Integer> accepted = new LinkedHashMap<>();
      Set<String> seen = new HashSet<>();
      int rejected = 0;
      for (JsonNode entry : request.path("requests")) {
        String sku = entry.path("sku").asString("");
        JsonNode quantity = entry.path("shipToLocationAvailability").path("quantity");
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("sku", sku);
        String problem = null;
        int errorId = 25702;
        int status = 200;
        if (!catalog.listed(sku)) {
          problem = "The SKU " + sku + " could not be found.";
          status = 404;
        } else if (!seen.add(sku)) {
          problem = "The SKU " + sku + " is named twice in one call.";
          errorId = 25709;
          status = 400;
        } else if (!entry.path("shipToLocationAvailability").isMissingNode()
            && (!quantity.isIntegralNumber() || !quantity.canConvertToInt() || quantity.asInt() < 0)) {
          problem = "Invalid value for shipToLocationAvailability.quantity: a whole number of 0 or more.";
          errorId = 25709;
          status = 400;
        }
        response.put("statusCode", status);
        if (problem == null) {
          response.put("offerId", offerId(sku));
          if (quantity.isIntegralNumber()) {
            accepted.put(sku, quantity.asInt());
          }
          response.put("errors", List.of());
        } else {
          rejected++;
          Map<String, Object> error = new LinkedHashMap<>();
          error.put("errorId", errorId);
          error.put("domain", "API_INVENTORY");
          error.put("category", "REQUEST");
          error.put("message", problem);
          error.put("longMessage", problem);
          response.put("errors", List.of(error));
        }
        response.put("warnings", List.of());
        responses.add(response);
      }
      inventory.record(Channels.EBAY, accepted);
      inventory.log(new ChannelInventory.Push(Channels.EBAY, "bulkUpdatePriceQuantity", null, null, null, null,
          responses.size(), accepted.size(), rejected, false));
      return ResponseEntity.status(rejected == 0 ? 200 : 207).contentType(MediaType.APPLICATION_JSON)
          .body(Map.of("responses", responses));
    });
  }

  @GetMapping(path = "/sell/inventory/v1/inventory_item/{sku}")
  ResponseEntity<Object> getInventoryItem(
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @PathVariable String sku) {
    return guarded(authorization, readLimit, () -> {
      if (!catalog.listed(sku)) {
        return EbayApiController.error(HttpStatus.NOT_FOUND, 25710, "API_INVENTORY", "REQUEST",
            "We didn't find the resource/entity you are requesting. Please verify the request");
      }
      int quantity = inventory.find(Channels.EBAY, sku).map(ChannelInventory.Level::quantity).orElse(0);
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("sku", sku);
      item.put("locale", "en_US");
      item.put("condition", "NEW");
      item.put("availability", Map.of("shipToLocationAvailability", Map.of("quantity", quantity)));
      return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(item);
    });
  }

  /** The token, {@code /sandbox/ebay/faults}, the channel's faults and the call limit; then the handler. */
  private ResponseEntity<Object> guarded(String authorization, ChannelRateLimit limit,
      Supplier<ResponseEntity<Object>> handler) {
    if (authorization == null || authorization.isBlank()) {
      return EbayApiController.error(HttpStatus.UNAUTHORIZED, 1002, "OAuth", "REQUEST", "Missing access token",
          "Access token is missing in the Authorization HTTP request header.");
    }
    if (!authorization.startsWith("Bearer ") || !store.valid(authorization.substring(7).trim())) {
      return EbayApiController.error(HttpStatus.UNAUTHORIZED, 1001, "OAuth", "REQUEST", "Invalid access token",
          "Invalid access token. Check the value of the Authorization HTTP request header.");
    }
    switch (store.admit()) {
      case FAILED:
        return internalError();
      case THROTTLED:
        return throttled(store.retryAfterSeconds());
      default:
        break;
    }
    switch (faults.admit(Channels.EBAY)) {
      case DOWN:
        return EbayApiController.error(HttpStatus.SERVICE_UNAVAILABLE, 10001, "API_INVENTORY", "APPLICATION",
            "The service is unavailable. Please try again later.");
      case FAILED:
        return internalError();
      case THROTTLED:
        return throttled(1);
      default:
        break;
    }
    if (faults.rateLimited(Channels.EBAY)) {
      ChannelRateLimit.Probe probe = limit.take();
      if (!probe.taken()) {
        faults.throttled(Channels.EBAY);
        return throttled(Math.max(1, (long) Math.ceil(probe.retryAfter().toMillis() / 1000d)));
      }
    }
    return handler.get();
  }

  private static ResponseEntity<Object> internalError() {
    return EbayApiController.error(HttpStatus.INTERNAL_SERVER_ERROR, 25001, "API_INVENTORY", "APPLICATION",
        "A system error has occurred. Please try again later.");
  }

  private static ResponseEntity<Object> throttled(long retryAfterSeconds) {
    ResponseEntity<Object> error = EbayApiController.error(HttpStatus.TOO_MANY_REQUESTS, 2001, "ACCESS", "REQUEST",
        "Too many requests. The request limit has been reached for the resource.");
    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).contentType(MediaType.APPLICATION_JSON)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds)).body(error.getBody());
  }

  /** The SKU's one published offer, derived from the SKU so every run agrees. */
  static String offerId(String sku) {
    return Long.toString(9_000_000_000L + Math.floorMod(sku.hashCode(), 1_000_000_000L));
  }

  private static JsonNode json(byte[] body) {
    try {
      JsonNode tree = body == null || body.length == 0 ? null : JSON.readTree(body);
      return tree != null && tree.isObject() ? tree : null;
    } catch (JacksonException e) {
      return null;
    }
  }
}

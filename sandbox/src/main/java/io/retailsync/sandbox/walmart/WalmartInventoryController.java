package io.retailsync.sandbox.walmart;

import io.retailsync.sandbox.channel.ChannelCatalog;
import io.retailsync.sandbox.channel.ChannelFaults;
import io.retailsync.sandbox.channel.ChannelInventory;
import io.retailsync.sandbox.channel.ChannelProperties;
import io.retailsync.sandbox.channel.ChannelRateLimit;
import io.retailsync.sandbox.channel.Channels;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Walmart Marketplace's inventory API under {@code /walmart/v3}: {@code PUT} and {@code GET /inventory?sku=}, the bulk
 * {@code POST /feeds?feedType=inventory} (InventoryFeed 1.4 JSON, as a multipart {@code file} or the body) and
 * {@code GET /feeds/{feedId}?includeDetails=true}. Feeds are processed in the background: {@code RECEIVED}, then
 * {@code INPROGRESS}, then {@code PROCESSED}, one {@code sandbox.channels.feed-step-delay} each, per item
 * {@code SUCCESS} or {@code DATA_ERROR}. Before serving, as the order API: {@code /sandbox/walmart/faults}, the
 * {@code WM_SVC.NAME} and {@code WM_QOS.CORRELATION_ID} headers, the access token; then the channel's faults and each
 * operation's limit (429 with {@code x-current-token-count} and {@code x-next-replenishment-time}). Errors are
 * Walmart's JSON.
 */
@RestController
@RequestMapping("/walmart/v3")
class WalmartInventoryController {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WalmartInventoryController.class);

  /** A feed as its status read shows it. */
  private static final class Feed {
    final String id;
    final List<JsonNode> items;
    volatile String status = "RECEIVED";
    volatile List<Map<String, Object>> results = List.of();

    Feed(String id, List<JsonNode> items) {
      this.id = id;
      this.items = items;
    }
  }

  private final WalmartTokens tokens;
  private final WalmartFaults orderFaults;
  private final ChannelInventory inventory;
  private final ChannelFaults faults;
  private final ChannelCatalog catalog;
  private final Duration step;
  private final Map<String, ChannelRateLimit> limits = new LinkedHashMap<>();
  private final Map<String, Feed> feeds = new ConcurrentHashMap<>();
  private final ScheduledExecutorService processor = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "sandbox-walmart-feeds");
    thread.setDaemon(true);
    return thread;
  });

  WalmartInventoryController(WalmartTokens tokens, WalmartFaults orderFaults, ChannelInventory inventory,
      ChannelFaults faults, ChannelCatalog catalog, ChannelProperties channels) {
    this.tokens = tokens;
    this.orderFaults = orderFaults;
    this.inventory = inventory;
    this.faults = faults;
    this.catalog = catalog;
    this.step = channels.feedStepDelay();
    // Walmart's commonly quoted limits (unverified): 200 inventory updates a minute, 10 bulk feeds an hour
    limits.put("updateInventory", new ChannelRateLimit(200d / 60, 200));
    limits.put("getInventory", new ChannelRateLimit(200d / 60, 200));
    limits.put("submitFeed", new ChannelRateLimit(10d / 3600, 10));
    limits.put("getFeedStatus", new ChannelRateLimit(1, 10));
  }

  @PreDestroy
  void stop() {
    processor.shutdownNow();
  }

  @PutMapping("/inventory")
  ResponseEntity<Object> update(@RequestParam(required = false) String sku, @RequestBody(required = false) byte[] body,
      HttpServletRequest request) {
    Optional<ResponseEntity<Object>> refused = admit("updateInventory", request);
    if (refused.isPresent()) {
      return refused.get();
    }
    if (sku == null || sku.isBlank()) {
      return WalmartErrors.badParameter("sku", "sku is required");
    }
    JsonNode item = json(body);
    String problem = item == null ? "the body is not an inventory JSON object" : problem(item, sku);
    if (problem != null) {
      return WalmartErrors.answer(HttpStatus.BAD_REQUEST, WalmartErrors.body("INVALID_REQUEST_CONTENT.GMP_INVENTORY_API",
          "quantity", problem, "Request content is invalid.", "ERROR", "DATA"));
    }
    if (!catalog.listed(sku)) {
      inventory.log(push("updateInventory", request, 1, 0, 1));
      return WalmartErrors.answer(HttpStatus.NOT_FOUND, WalmartErrors.body("CONTENT_NOT_FOUND.GMP_INVENTORY_API",
          "sku", "Item not found for sku " + sku, "Requested content could not be found.", "INFO", "APPLICATION"));
    }
    int amount = item.path("quantity").path("amount").asInt();
    inventory.record(Channels.WALMART, Map.of(sku, amount));
    inventory.log(push("updateInventory", request, 1, 1, 0));
    return ok(request, inventoryJson(sku, amount));
  }

  @GetMapping("/inventory")
  ResponseEntity<Object> read(@RequestParam(required = false) String sku, HttpServletRequest request) {
    Optional<ResponseEntity<Object>> refused = admit("getInventory", request);
    if (refused.isPresent()) {
      return refused.get();
    }
    if (sku == null || !catalog.listed(sku)) {
      return WalmartErrors.answer(HttpStatus.NOT_FOUND, WalmartErrors.body("CONTENT_NOT_FOUND.GMP_INVENTORY_API",
          "sku", "Item not found for sku " + sku, "Requested content could not be found.", "INFO", "APPLICATION"));
    }
    int amount = inventory.find(Channels.WALMART, sku).map(ChannelInventory.Level::quantity).orElse(0);
    return ok(request, inventoryJson(sku, amount));
  }

  @PostMapping("/feeds")
  ResponseEntity<Object> submit(@RequestParam(required = false) String feedType, HttpServletRequest request)
      throws IOException {
    Optional<ResponseEntity<Object>> refused = admit("submitFeed", request);
    if (refused.isPresent()) {
      return refused.get();
    }
    if (!"inventory".equals(feedType)) {
      return WalmartErrors.badParameter("feedType", "the sandbox takes feedType=inventory");
    }
    byte[] content;
    String contentType = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
    if (contentType.startsWith("multipart/")) {
      Part part;
      try {
        part = request.getPart("file");
      } catch (jakarta.servlet.ServletException e) {
        part = null;
      }
      if (part == null) {
        return WalmartErrors.badParameter("file", "the multipart body has no part named file");
      }
      content = part.getInputStream().readAllBytes();
    } else {
      content = request.getInputStream().readAllBytes();
    }
    JsonNode document = json(content);
    if (document == null || !"1.4".equals(document.path("InventoryHeader").path("version").asString(""))
        || !document.path("Inventory").isArray()) {
      return WalmartErrors.answer(HttpStatus.BAD_REQUEST, WalmartErrors.body("INVALID_REQUEST_CONTENT.GMP_INVENTORY_API",
          "file", "the file is not an InventoryFeed 1.4 document (InventoryHeader.version 1.4, Inventory[])",
          "Request content is invalid.", "ERROR", "DATA"));
    }
    List<JsonNode> items = new ArrayList<>();
    document.path("Inventory").forEach(items::add);
    Feed feed = new Feed(UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT) + "@AQMBAQA", items);
    feeds.put(feed.id, feed);
    // the request is recycled once answered: take what the processing needs now
    String correlationId = request.getHeader(WalmartApiController.CORRELATION_ID);
    processor.schedule(() -> {
      feed.status = "INPROGRESS";
      processor.schedule(() -> process(feed, correlationId), step.toMillis(), TimeUnit.MILLISECONDS);
    }, step.toMillis(), TimeUnit.MILLISECONDS);
    return ResponseEntity.status(HttpStatus.ACCEPTED).contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("feedId", feed.id));
  }

  @GetMapping("/feeds/{feedId}")
  ResponseEntity<Object> status(@PathVariable String feedId, @RequestParam(required = false) Boolean includeDetails,
      @RequestParam(required = false) Integer offset, @RequestParam(required = false) Integer limit,
      HttpServletRequest request) {
    Optional<ResponseEntity<Object>> refused = admit("getFeedStatus", request);
    if (refused.isPresent()) {
      return refused.get();
    }
    Feed feed = feeds.get(feedId);
    if (feed == null) {
      return WalmartErrors.answer(HttpStatus.NOT_FOUND, WalmartErrors.body("CONTENT_NOT_FOUND.GMP_FEED_API", "feedId",
          "Feed " + feedId + " not found", "Requested content could not be found.", "INFO", "APPLICATION"));
    }
    int from = offset == null ? 0 : Math.max(0, offset);
    int size = limit == null ? 50 : Math.max(1, Math.min(1000, limit));
    List<Map<String, Object>> results = feed.results;
    long succeeded = results.stream().filter(item -> "SUCCESS".equals(item.get("ingestionStatus"))).count();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("feedId", feed.id);
    answer.put("feedStatus", feed.status);
    answer.put("ingestionErrors", Map.of("ingestionError", List.of()));
    answer.put("itemsReceived", feed.items.size());
    answer.put("itemsSucceeded", succeeded);
    answer.put("itemsFailed", results.size() - succeeded);
    answer.put("itemsProcessing", feed.items.size() - results.size());
    answer.put("offset", from);
    answer.put("limit", size);
    if (Boolean.TRUE.equals(includeDetails)) {
      answer.put("itemDetails", Map.of("itemIngestionStatus",
          results.subList(Math.min(from, results.size()), Math.min(results.size(), from + size))));
    }
    return ok(request, answer);
  }

  private void process(Feed feed, String correlationId) {
    try {
      apply(feed, correlationId);
    } catch (RuntimeException e) {
      log.error("the Walmart feed stand-in failed to process feed {}", feed.id, e);
      feed.status = "ERROR";
    }
  }

  private void apply(Feed feed, String correlationId) {
    List<Map<String, Object>> results = new ArrayList<>();
    Map<String, Integer> accepted = new LinkedHashMap<>();
    int index = 0;
    for (JsonNode item : feed.items) {
      String sku = item.path("sku").asString("");
      String problem = sku.isEmpty() ? "sku is missing" : !catalog.listed(sku) ? "Item not found for sku " + sku
          : problem(item, sku);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("martId", 0);
      result.put("sku", sku);
      result.put("index", index++);
      result.put("ingestionStatus", problem == null ? "SUCCESS" : "DATA_ERROR");
      if (problem == null) {
        accepted.put(sku, item.path("quantity").path("amount").asInt());
        result.put("ingestionErrors", Map.of("ingestionError", List.of()));
      } else {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", "DATA_ERROR");
        error.put("code", "ERR_EXT_DATA_0101001");
        error.put("field", "sku");
        error.put("description", problem);
        result.put("ingestionErrors", Map.of("ingestionError", List.of(error)));
      }
      results.add(result);
    }
    inventory.record(Channels.WALMART, accepted);
    inventory.log(new ChannelInventory.Push(Channels.WALMART, "inventoryFeed", null, feed.id, null, correlationId,
        feed.items.size(), accepted.size(), feed.items.size() - accepted.size(), false));
    feed.results = results;
    feed.status = "PROCESSED";
  }

  /** Why an inventory JSON cannot be applied to {@code sku}, or null. */
  private static String problem(JsonNode item, String sku) {
    if (!sku.equals(item.path("sku").asString(""))) {
      return "the body's sku does not match the sku parameter";
    }
    JsonNode quantity = item.path("quantity");
    if (!"EACH".equals(quantity.path("unit").asString(""))) {
      return "quantity.unit must be EACH";
    }
    JsonNode amount = quantity.path("amount");
    if (!amount.isIntegralNumber() || !amount.canConvertToInt() || amount.asInt() < 0) {
      return "quantity.amount must be a whole number of 0 or more";
    }
    return null;
  }

  private static Map<String, Object> inventoryJson(String sku, int amount) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sku", sku);
    body.put("quantity", Map.of("unit", "EACH", "amount", amount));
    return body;
  }

  private ChannelInventory.Push push(String operation, HttpServletRequest request, int skus, int accepted,
      int rejected) {
    return new ChannelInventory.Push(Channels.WALMART, operation, null,
        request.getHeader(WalmartApiController.CORRELATION_ID), null, null, skus, accepted, rejected, false);
  }

  /**
   * As the order API: {@code /sandbox/walmart/faults}, the required headers, the token; then the channel's faults
   * and the operation's limit.
   */
  private Optional<ResponseEntity<Object>> admit(String operation, HttpServletRequest request) {
    WalmartFaults.Verdict verdict = orderFaults.admit();
    if (verdict.status() == 429) {
      return Optional.of(throttled(verdict.replenishAtMillis()));
    }
    if (verdict.status() == 500) {
      return Optional.of(WalmartErrors.systemError("injected failure: the Walmart API is unavailable"));
    }
    for (String header : List.of(WalmartApiController.SERVICE_NAME, WalmartApiController.CORRELATION_ID)) {
      String value = request.getHeader(header);
      if (value == null || value.isBlank()) {
        return Optional.of(WalmartErrors.badHeader(header));
      }
    }
    WalmartTokens.Check check = tokens.check(request.getHeader(WalmartApiController.ACCESS_TOKEN));
    if (check != WalmartTokens.Check.VALID) {
      return Optional.of(WalmartErrors.unauthorized(check == WalmartTokens.Check.EXPIRED
          ? "Unauthorized: the access token has expired" : "Unauthorized: the access token is not valid"));
    }
    switch (faults.admit(Channels.WALMART)) {
      case DOWN:
        return Optional.of(WalmartErrors.answer(HttpStatus.SERVICE_UNAVAILABLE, WalmartErrors.body(
            "SERVICE_UNAVAILABLE.GMP_GATEWAY_API", "", "Service Unavailable", "The service is down, retry later.",
            "ERROR", "SYSTEM")));
      case FAILED:
        return Optional.of(WalmartErrors.systemError("injected failure: the Walmart API is unavailable"));
      case THROTTLED:
        return Optional.of(throttled(System.currentTimeMillis() + 1000));
      default:
        break;
    }
    if (faults.rateLimited(Channels.WALMART)) {
      ChannelRateLimit.Probe probe = limits.get(operation).take();
      if (!probe.taken()) {
        faults.throttled(Channels.WALMART);
        return Optional.of(throttled(System.currentTimeMillis() + Math.max(1, probe.retryAfter().toMillis())));
      }
      request.setAttribute(WalmartApiController.TOKEN_COUNT, probe.remaining());
    }
    return Optional.empty();
  }

  private static ResponseEntity<Object> throttled(long replenishAtMillis) {
    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
        .header(WalmartApiController.TOKEN_COUNT, "0")
        .header(WalmartApiController.REPLENISH, Long.toString(replenishAtMillis))
        .contentType(MediaType.APPLICATION_JSON).body(WalmartErrors.throttled());
  }

  private static ResponseEntity<Object> ok(HttpServletRequest request, Object body) {
    ResponseEntity.BodyBuilder answer = ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON);
    if (request.getAttribute(WalmartApiController.TOKEN_COUNT) instanceof Long left) {
      answer.header(WalmartApiController.TOKEN_COUNT, Long.toString(left));
    }
    return answer.body(body);
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

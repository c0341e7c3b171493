package io.retailsync.sandbox.amazon;

import io.retailsync.sandbox.channel.ChannelCatalog;
import io.retailsync.sandbox.channel.ChannelFaults;
import io.retailsync.sandbox.channel.ChannelInventory;
import io.retailsync.sandbox.channel.ChannelRateLimit;
import io.retailsync.sandbox.channel.Channels;
import jakarta.servlet.http.HttpServletRequest;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SP-API's inventory surface under {@code /amazon}: the Listings Items API ({@code PATCH} and {@code GET
 * /listings/2021-08-01/items/{sellerId}/{sku}}) and the Feeds API ({@code createFeedDocument}, the pre-signed upload
 * and download, {@code createFeed}, {@code getFeed}, {@code getFeedDocument}). Before serving: the LWA access token
 * and {@code /sandbox/amazon/faults} ({@link AmazonGate}), then the channel's faults, then each operation's published
 * usage plan while the channel's rate limits are on (429 {@code QuotaExceeded}, without {@code x-amzn-RateLimit-Limit},
 * as Amazon sends it). A SKU the sandbox does not list is refused per SKU with an issue of severity ERROR.
 */
@RestController
@RequestMapping(value = "/amazon", produces = MediaType.APPLICATION_JSON_VALUE)
class AmazonListingsController {

  /** A refusal of one SKU's change, as an issue states it. */
  record Issue(String code, String message) {}

  static final String AVAILABILITY_PATH = "/attributes/fulfillment_availability";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final AmazonGate gate;
  private final AmazonFeeds feeds;
  private final AmazonSandboxProperties properties;
  private final ChannelInventory inventory;
  private final ChannelFaults faults;
  private final ChannelCatalog catalog;
  private final Map<String, ChannelRateLimit> plans = new LinkedHashMap<>();

  AmazonListingsController(AmazonGate gate, AmazonFeeds feeds, AmazonSandboxProperties properties,
      ChannelInventory inventory, ChannelFaults faults, ChannelCatalog catalog) {
    this.gate = gate;
    this.feeds = feeds;
    this.properties = properties;
    this.inventory = inventory;
    this.faults = faults;
    this.catalog = catalog;
    // Amazon's published usage plans (rate per second, burst)
    plans.put("patchListingsItem", new ChannelRateLimit(5, 5));
    plans.put("getListingsItem", new ChannelRateLimit(5, 10));
    plans.put("createFeedDocument", new ChannelRateLimit(0.5, 15));
    plans.put("createFeed", new ChannelRateLimit(0.0083, 15));
    plans.put("getFeed", new ChannelRateLimit(2, 15));
    plans.put("getFeedDocument", new ChannelRateLimit(0.0222, 10));
  }

  @PatchMapping("/listings/2021-08-01/items/{sellerId}/{sku}")
  ResponseEntity<Object> patchListingsItem(@PathVariable String sellerId, @PathVariable String sku,
      @RequestBody(required = false) byte[] body, HttpServletRequest request) {
    return guarded("patchListingsItem", request, () -> {
      Optional<ResponseEntity<Object>> refused = checkSellerAndMarketplace("patchListingsItem", sellerId, request);
      if (refused.isPresent()) {
        return refused.get();
      }
      JsonNode patch = json(body);
      if (patch == null || !patch.isObject() || !patch.path("productType").isString()
          || !patch.path("patches").isArray() || patch.path("patches").isEmpty()) {
        return error("patchListingsItem", HttpStatus.BAD_REQUEST, "InvalidInput",
            "The request body must hold productType and a non-empty patches array.", true);
      }
      Issue issue = problem(catalog, sku, "PATCH", patch.path("productType").asString(), patch.path("patches"),
          JSON.missingNode());
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("sku", sku);
      answer.put("status", issue == null ? "ACCEPTED" : "INVALID");
      answer.put("submissionId", UUID.randomUUID().toString().replace("-", ""));
      if (issue == null) {
        Integer quantity = quantity(patch.path("patches"), JSON.missingNode());
        if (quantity != null) {
          inventory.record(Channels.AMAZON, Map.of(sku, quantity));
        }
        answer.put("issues", List.of());
      } else {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("code", issue.code());
        detail.put("message", issue.message());
        detail.put("severity", "ERROR");
        detail.put("attributeNames", List.of("fulfillment_availability"));
        answer.put("issues", List.of(detail));
      }
      inventory.log(new ChannelInventory.Push(Channels.AMAZON, "patchListingsItem", null,
          (String) answer.get("submissionId"), null, null, 1, issue == null ? 1 : 0, issue == null ? 0 : 1, false));
      return ok("patchListingsItem", HttpStatus.OK, answer);
    });
  }

  @GetMapping("/listings/2021-08-01/items/{sellerId}/{sku}")
  ResponseEntity<Object> getListingsItem(@PathVariable String sellerId, @PathVariable String sku,
      @RequestParam(required = false) String includedData, HttpServletRequest request) {
    return guarded("getListingsItem", request, () -> {
      Optional<ResponseEntity<Object>> refused = checkSellerAndMarketplace("getListingsItem", sellerId, request);
      if (refused.isPresent()) {
        return refused.get();
      }
      if (!catalog.listed(sku)) {
        return error("getListingsItem", HttpStatus.NOT_FOUND, "NOT_FOUND", "SKU '" + sku + "' not found in marketplace "
            + properties.marketplaceId(), true);
      }
      List<String> included = includedData == null ? List.of("summaries")
          : Arrays.stream(includedData.split(",")).map(String::trim).toList();
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("sku", sku);
      if (included.contains("summaries")) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("marketplaceId", properties.marketplaceId());
        summary.put("productType", "PRODUCT");
        summary.put("status", List.of("BUYABLE", "DISCOVERABLE"));
        item.put("summaries", List.of(summary));
      }
      if (included.contains("fulfillmentAvailability")) {
        int quantity = inventory.find(Channels.AMAZON, sku).map(ChannelInventory.Level::quantity).orElse(0);
        item.put("fulfillmentAvailability", List.of(Map.of("fulfillmentChannelCode", "DEFAULT", "quantity", quantity)));
      }
      return ok("getListingsItem", HttpStatus.OK, item);
    });
  }

  @PostMapping("/feeds/2021-06-30/documents")
  ResponseEntity<Object> createFeedDocument(@RequestBody(required = false) byte[] body, HttpServletRequest request) {
    return guarded("createFeedDocument", request, () -> {
      JsonNode spec = json(body);
      if (spec == null || !spec.path("contentType").isString() || spec.path("contentType").asString().isBlank()) {
        return error("createFeedDocument", HttpStatus.BAD_REQUEST, "InvalidInput", "contentType is required.", true);
      }
      AmazonFeeds.Document document = feeds.newDocument(spec.path("contentType").asString());
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("feedDocumentId", document.id);
      answer.put("url", documentUrl(document));
      return ok("createFeedDocument", HttpStatus.CREATED, answer);
    });
  }

  /** The pre-signed upload: S3's rules (no SP-API token; the signature and expiry in the URL), not SP-API's. */
  @PutMapping(value = "/feed-documents/{id}", produces = MediaType.APPLICATION_XML_VALUE)
  ResponseEntity<String> upload(@PathVariable String id, @RequestParam(name = "X-Amz-Signature", required = false)
      String signature, @RequestBody(required = false) byte[] body) {
    Optional<AmazonFeeds.Document> document = feeds.document(id);
    if (document.isEmpty() || !signed(document.get(), signature)) {
      return s3Error(HttpStatus.FORBIDDEN, "AccessDenied", "Access Denied");
    }
    if (Instant.now().isAfter(document.get().urlExpiry)) {
      return s3Error(HttpStatus.FORBIDDEN, "AccessDenied", "Request has expired");
    }
    document.get().content = body == null ? new byte[0] : body;
    return ResponseEntity.ok().build();
  }

  @GetMapping(value = "/feed-documents/{id}", produces = MediaType.ALL_VALUE)
  ResponseEntity<byte[]> download(@PathVariable String id,
      @RequestParam(name = "X-Amz-Signature", required = false) String signature) {
    Optional<AmazonFeeds.Document> document = feeds.document(id);
    if (document.isEmpty() || !signed(document.get(), signature) || document.get().content == null) {
      return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_XML)
          .body("<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>".getBytes(StandardCharsets.UTF_8));
    }
    return ResponseEntity.ok().contentType(MediaType.parseMediaType(document.get().contentType))
        .body(document.get().content);
  }

  @PostMapping("/feeds/2021-06-30/feeds")
  ResponseEntity<Object> createFeed(@RequestBody(required = false) byte[] body, HttpServletRequest request) {
    return guarded("createFeed", request, () -> {
      JsonNode spec = json(body);
      if (spec == null || !"JSON_LISTINGS_FEED".equals(spec.path("feedType").asString(""))) {
        return error("createFeed", HttpStatus.BAD_REQUEST, "InvalidInput",
            "Invalid feedType: the sandbox takes JSON_LISTINGS_FEED.", true);
      }
      List<String> marketplaces = spec.path("marketplaceIds").valueStream().map(node -> node.asString("")).toList();
      if (!marketplaces.contains(properties.marketplaceId())) {
        return error("createFeed", HttpStatus.BAD_REQUEST, "InvalidInput", "Invalid marketplaceIds.", true);
      }
      String documentId = spec.path("inputFeedDocumentId").asString("");
      if (feeds.document(documentId).isEmpty()) {
        return error("createFeed", HttpStatus.BAD_REQUEST, "InvalidInput", "Invalid inputFeedDocumentId.", true);
      }
      AmazonFeeds.Feed feed = feeds.create("JSON_LISTINGS_FEED", marketplaces, documentId);
      return ok("createFeed", HttpStatus.ACCEPTED, Map.of("feedId", feed.id));
    });
  }

  @GetMapping("/feeds/2021-06-30/feeds/{feedId}")
  ResponseEntity<Object> getFeed(@PathVariable String feedId, HttpServletRequest request) {
    return guarded("getFeed", request, () -> feeds.feed(feedId).map(feed -> {
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("feedId", feed.id);
      answer.put("feedType", feed.type);
      answer.put("marketplaceIds", feed.marketplaceIds);
      answer.put("createdTime", feed.created.toString());
      answer.put("processingStatus", feed.status);
      if (feed.started != null) {
        answer.put("processingStartTime", feed.started.toString());
      }
      if (feed.ended != null) {
        answer.put("processingEndTime", feed.ended.toString());
      }
      if (feed.resultDocumentId != null && feed.ended != null) {
        answer.put("resultFeedDocumentId", feed.resultDocumentId);
      }
      return ok("getFeed", HttpStatus.OK, answer);
    }).orElseGet(() -> error("getFeed", HttpStatus.NOT_FOUND, "NotFound", "Feed " + feedId + " not found.", true)));
  }

  @GetMapping("/feeds/2021-06-30/documents/{feedDocumentId}")
  ResponseEntity<Object> getFeedDocument(@PathVariable String feedDocumentId, HttpServletRequest request) {
    return guarded("getFeedDocument", request, () -> feeds.document(feedDocumentId).map(document -> {
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("feedDocumentId", document.id);
      answer.put("url", documentUrl(document));
      return ok("getFeedDocument", HttpStatus.OK, answer);
    }).orElseGet(() -> error("getFeedDocument", HttpStatus.NOT_FOUND, "NotFound", "Document " + feedDocumentId
        + " not found.", true)));
  }

  /**
   * Why one SKU's change cannot be applied, or null: an unlisted SKU, an operation the stand-in does not take, or a
   * fulfillment_availability without a DEFAULT quantity of 0 or more (codes are the sandbox's; unverified).
   */
  static Issue problem(ChannelCatalog catalog, String sku, String operationType, String productType, JsonNode patches,
      JsonNode attributes) {
    if (!catalog.listed(sku)) {
      return new Issue("4000001", "SKU '" + sku + "' does not exist in the seller's catalog.");
    }
    if (productType.isBlank()) {
      return new Issue("90220", "'productType' is required but not supplied.");
    }
    if (!operationType.equals("PATCH") && !operationType.equals("PARTIAL_UPDATE")) {
      return new Issue("4000003", "operationType " + operationType + " is not supported by the sandbox.");
    }
    JsonNode value = availability(patches, attributes);
    if (value != null) {
      Integer quantity = defaultQuantity(value);
      if (quantity == null || quantity < 0) {
        return new Issue("4000002", "fulfillment_availability needs fulfillment_channel_code DEFAULT with a quantity"
            + " of 0 or more.");
      }
    }
    return null;
  }

  /** The merchant-fulfilled quantity a valid change sets, or null when it does not touch it. */
  static Integer quantity(JsonNode patches, JsonNode attributes) {
    JsonNode value = availability(patches, attributes);
    return value == null ? null : defaultQuantity(value);
  }

  private static JsonNode availability(JsonNode patches, JsonNode attributes) {
    for (JsonNode patch : patches) {
      String op = patch.path("op").asString("");
      if (AVAILABILITY_PATH.equals(patch.path("path").asString("")) && (op.equals("replace") || op.equals("add")
          || op.equals("merge"))) {
        return patch.path("value");
      }
    }
    JsonNode value = attributes.path("fulfillment_availability");
    return value.isArray() ? value : null;
  }

  private static Integer defaultQuantity(JsonNode value) {
    for (JsonNode entry : value) {
      if ("DEFAULT".equals(entry.path("fulfillment_channel_code").asString(""))) {
        JsonNode quantity = entry.path("quantity");
        return quantity.isIntegralNumber() && quantity.canConvertToInt() ? quantity.asInt() : null;
      }
    }
    return null;
  }

  private Optional<ResponseEntity<Object>> checkSellerAndMarketplace(String operation, String sellerId,
      HttpServletRequest request) {
    if (!properties.sellerId().equals(sellerId)) {
      return Optional.of(error(operation, HttpStatus.FORBIDDEN, "Unauthorized",
          "Access to requested resource is denied.", false));
    }
    String marketplaces = request.getParameter("marketplaceIds");
    if (marketplaces == null || !Arrays.asList(marketplaces.split(",")).contains(properties.marketplaceId())) {
      return Optional.of(error(operation, HttpStatus.BAD_REQUEST, "InvalidInput", "Invalid marketplaceIds.", true));
    }
    return Optional.empty();
  }

  /** The token and {@code /sandbox/amazon/faults}, the channel's faults, the usage plan; then the operation. */
  private ResponseEntity<Object> guarded(String operation, HttpServletRequest request,
      Supplier<ResponseEntity<Object>> serve) {
    ResponseEntity<Object> answer = refusal(operation, gate.admit(operation, request.getHeader("x-amz-access-token")));
    if (answer == null) {
      switch (faults.admit(Channels.AMAZON)) {
        case DOWN:
          answer = error(operation, HttpStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable",
              "Service is temporarily unavailable. Please try again.", false);
          break;
        case FAILED:
          answer = error(operation, HttpStatus.INTERNAL_SERVER_ERROR, "InternalFailure",
              "We encountered an internal error. Please try again.", false);
          break;
        case THROTTLED:
          answer = throttled(operation);
          break;
        default:
          if (faults.rateLimited(Channels.AMAZON) && !plans.get(operation).take().taken()) {
            faults.throttled(Channels.AMAZON);
            answer = throttled(operation);
          } else {
            answer = serve.get();
          }
      }
    }
    gate.record(operation, request.getRequestURI(), request.getQueryString(), answer.getStatusCode().value());
    return answer;
  }

  private ResponseEntity<Object> refusal(String operation, AmazonGate.Refusal refusal) {
    if (refusal == null) {
      return null;
    }
    switch (refusal) {
      case MISSING_TOKEN:
      case INVALID_TOKEN:
      case EXPIRED_TOKEN:
        return error(operation, HttpStatus.FORBIDDEN, "Unauthorized", "Access to requested resource is denied.", false);
      case THROTTLED:
        return throttled(operation);
      default:
        return error(operation, HttpStatus.INTERNAL_SERVER_ERROR, "InternalFailure",
            "We encountered an internal error. Please try again.", false);
    }
  }

  private ResponseEntity<Object> throttled(String operation) {
    return error(operation, HttpStatus.TOO_MANY_REQUESTS, "QuotaExceeded",
        "You exceeded your quota for the requested resource.", false);
  }

  private String documentUrl(AmazonFeeds.Document document) {
    return ServletUriComponentsBuilder.fromCurrentContextPath().path("/amazon/feed-documents/{id}")
        .queryParam("X-Amz-Algorithm", "AWS4-HMAC-SHA256")
        .queryParam("X-Amz-Expires", AmazonFeeds.URL_LIFETIME.toSeconds())
        .queryParam("X-Amz-Signature", document.signature)
        .buildAndExpand(document.id).toUriString();
  }

  private static boolean signed(AmazonFeeds.Document document, String signature) {
    return signature != null && MessageDigest.isEqual(signature.getBytes(StandardCharsets.UTF_8),
        document.signature.getBytes(StandardCharsets.UTF_8));
  }

  private ResponseEntity<Object> ok(String operation, HttpStatus status, Object body) {
    return ResponseEntity.status(status).header("x-amzn-RequestId", UUID.randomUUID().toString())
        .header("x-amzn-RateLimit-Limit", plans.get(operation).rateHeader()).body(body);
  }

  private ResponseEntity<Object> error(String operation, HttpStatus status, String code, String message,
      boolean rateLimitHeader) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    error.put("details", "");
    ResponseEntity.BodyBuilder builder = ResponseEntity.status(status).header("x-amzn-RequestId",
        UUID.randomUUID().toString());
    if (rateLimitHeader) {
      builder.header("x-amzn-RateLimit-Limit", plans.get(operation).rateHeader());
    }
    return builder.body(Map.of("errors", List.of(error)));
  }

  private static ResponseEntity<String> s3Error(HttpStatus status, String code, String message) {
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_XML)
        .body("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
            + "</Message></Error>");
  }

  private static JsonNode json(byte[] body) {
    try {
      return body == null || body.length == 0 ? null : JSON.readTree(body);
    } catch (JacksonException e) {
      return null;
    }
  }
}

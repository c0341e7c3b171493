package io.retailsync.connectors.amazon;

import io.micrometer.core.instrument.MeterRegistry;
import io.retailsync.connectors.http.MarketplaceCallMetrics;
import io.retailsync.connectors.http.MarketplaceHttp;
import io.retailsync.connectors.http.MarketplaceRefusedException;
import io.retailsync.connectors.http.MarketplaceUnavailableException;
import io.retailsync.connectors.http.OperationRateLimit;
import io.retailsync.connectors.inventory.ChannelInventoryPort;
import io.retailsync.connectors.inventory.InventoryBatches;
import io.retailsync.connectors.inventory.InventoryUpdate;
import io.retailsync.connectors.inventory.PushOutcome;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Amazon's side of the inventory push: the merchant-fulfilled quantity ({@code fulfillment_availability} with
 * {@code fulfillment_channel_code DEFAULT}) of each SKU, through the Listings Items API for small pushes
 * ({@code patchListingsItem}, one call per SKU) and through a {@code JSON_LISTINGS_FEED} for pushes above
 * {@code sync.amazon.inventory.feed-threshold} (createFeedDocument, PUT the document to its pre-signed URL,
 * createFeed, getFeed until DONE, getFeedDocument, the processing report read per message). Every SP-API call
 * goes through {@link AmazonClient} (LWA token, headers, 429 and 401/403 handling) and takes a token of its
 * operation's usage plan first.
 *
 * <p>The account settings are checked on first use, not at start, so a service that has
 * {@code sync.amazon.base-url} for other calls starts without a seller id.
 */
public final class AmazonListingsClient implements ChannelInventoryPort {

  public static final String CHANNEL = "amazon";
  public static final String PATCH_LISTINGS_ITEM = "patchListingsItem";
  public static final String GET_LISTINGS_ITEM = "getListingsItem";
  public static final String CREATE_FEED_DOCUMENT = "createFeedDocument";
  public static final String UPLOAD_FEED_DOCUMENT = "uploadFeedDocument";
  public static final String CREATE_FEED = "createFeed";
  public static final String GET_FEED = "getFeed";
  public static final String GET_FEED_DOCUMENT = "getFeedDocument";
  public static final String DOWNLOAD_FEED_DOCUMENT = "downloadFeedDocument";
  public static final String FEED_TYPE = "JSON_LISTINGS_FEED";
  static final String LISTINGS_PATH = "/listings/2021-08-01/items/";
  static final String FEEDS_PATH = "/feeds/2021-06-30";
  static final String FEED_CONTENT_TYPE = "application/json; charset=UTF-8";
  static final String ISSUE_LOCALE = "en_US";

  private static final Logger log = LoggerFactory.getLogger(AmazonListingsClient.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final AmazonProperties properties;
  private final AmazonProperties.Inventory settings;
  private final MeterRegistry registry;
  private final Clock clock;
  private final MarketplaceCallMetrics metrics;
  private final RestClient documents;
  private final OperationRateLimit patchLimit;
  private final OperationRateLimit getLimit;
  private final OperationRateLimit createDocumentLimit;
  private final OperationRateLimit createFeedLimit;
  private final OperationRateLimit getFeedLimit;
  private final OperationRateLimit getDocumentLimit;
  private volatile AmazonClient client;

  public AmazonListingsClient(AmazonProperties properties, MeterRegistry registry, Clock clock) {
    this.properties = properties;
    this.settings = properties.inventory();
    this.registry = registry;
    this.clock = clock;
    this.metrics = new MarketplaceCallMetrics(registry, CHANNEL, List.of(PATCH_LISTINGS_ITEM, GET_LISTINGS_ITEM,
        CREATE_FEED_DOCUMENT, UPLOAD_FEED_DOCUMENT, CREATE_FEED, GET_FEED, GET_FEED_DOCUMENT, DOWNLOAD_FEED_DOCUMENT));
    this.documents = MarketplaceHttp.restClient(properties.connectTimeout(), properties.readTimeout());
    AmazonProperties.InventoryRateLimits limits = settings.rateLimits();
    this.patchLimit = limit(PATCH_LISTINGS_ITEM, limits.patchListingsItem());
    this.getLimit = limit(GET_LISTINGS_ITEM, limits.getListingsItem());
    this.createDocumentLimit = limit(CREATE_FEED_DOCUMENT, limits.createFeedDocument());
    this.createFeedLimit = limit(CREATE_FEED, limits.createFeed());
    this.getFeedLimit = limit(GET_FEED, limits.getFeed());
    this.getDocumentLimit = limit(GET_FEED_DOCUMENT, limits.getFeedDocument());
  }

  private static OperationRateLimit limit(String operation, AmazonProperties.Operation plan) {
    return new OperationRateLimit(operation, plan.rate(), plan.burst());
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
    AmazonClient sp = client();
    if (checked.size() > settings.feedThreshold()) {
      return feed(sp, checked);
    }
    PushOutcome outcome = PushOutcome.empty();
    for (InventoryUpdate update : checked) {
      outcome = outcome.plus(patch(sp, update));
    }
    return outcome;
  }

  @Override
  public Optional<Integer> readQuantity(String sku) {
    AmazonClient sp = client();
    URI uri = URI.create(properties.apiRoot() + LISTINGS_PATH + AmazonClient.encodePath(properties.sellerId()) + "/"
        + AmazonClient.encodePath(sku) + "?marketplaceIds=" + AmazonClient.encode(marketplaceIds())
        + "&includedData=fulfillmentAvailability");
    JsonNode item;
    try {
      item = metrics.time(GET_LISTINGS_ITEM, () -> AmazonClient.json(sp.send(GET_LISTINGS_ITEM, getLimit,
          HttpMethod.GET, uri, null, settings.maxRateWait()).body(), GET_LISTINGS_ITEM));
    } catch (MarketplaceRefusedException refused) {
      if (refused.status() == 404) {
        return Optional.empty();
      }
      throw refused;
    }
    for (JsonNode availability : item.path("fulfillmentAvailability")) {
      if ("DEFAULT".equals(availability.path("fulfillmentChannelCode").asString(""))) {
        return Optional.of(availability.path("quantity").asInt(0));
      }
    }
    return Optional.of(0);
  }

  /** The patch body: replace the merchant-fulfilled availability with the quantity. */
  static ObjectNode patchBody(String productType, int quantity) {
    ObjectNode body = JSON.createObjectNode();
    body.put("productType", productType);
    body.set("patches", availabilityPatches(quantity));
    return body;
  }

  private static ArrayNode availabilityPatches(int quantity) {
    ArrayNode patches = JSON.createArrayNode();
    ObjectNode patch = patches.addObject();
    patch.put("op", "replace");
    patch.put("path", "/attributes/fulfillment_availability");
    ObjectNode value = patch.putArray("value").addObject();
    value.put("fulfillment_channel_code", "DEFAULT");
    value.put("quantity", quantity);
    return patches;
  }

  /** The JSON_LISTINGS_FEED document: one PATCH message per SKU, message ids 1, 2, ... in the given order. */
  static ObjectNode feedDocument(String sellerId, String productType, List<InventoryUpdate> updates) {
    ObjectNode document = JSON.createObjectNode();
    ObjectNode header = document.putObject("header");
    header.put("sellerId", sellerId);
    header.put("version", "2.0");
    header.put("issueLocale", ISSUE_LOCALE);
    ArrayNode messages = document.putArray("messages");
    int messageId = 0;
    for (InventoryUpdate update : updates) {
      ObjectNode message = messages.addObject();
      message.put("messageId", ++messageId);
      message.put("sku", update.sku());
      message.put("operationType", "PATCH");
      message.put("productType", productType);
      message.set("patches", availabilityPatches(update.quantity()));
    }
    return document;
  }

  private PushOutcome patch(AmazonClient sp, InventoryUpdate update) {
    URI uri = URI.create(properties.apiRoot() + LISTINGS_PATH + AmazonClient.encodePath(properties.sellerId()) + "/"
        + AmazonClient.encodePath(update.sku()) + "?marketplaceIds=" + AmazonClient.encode(marketplaceIds())
        + "&issueLocale=" + ISSUE_LOCALE);
    byte[] body = JSON.writeValueAsBytes(patchBody(settings.productType(), update.quantity()));
    JsonNode answer;
    try {
      answer = metrics.time(PATCH_LISTINGS_ITEM, () -> AmazonClient.json(sp.send(PATCH_LISTINGS_ITEM, patchLimit,
          HttpMethod.PATCH, uri, body, settings.maxRateWait()).body(), PATCH_LISTINGS_ITEM));
    } catch (MarketplaceRefusedException refused) {
      return new PushOutcome(List.of(), Map.of(update.sku(), refused.getMessage()));
    }
    String status = answer.path("status").asString("");
    if ("ACCEPTED".equals(status)) {
      return new PushOutcome(List.of(update.sku()), Map.of());
    }
    return new PushOutcome(List.of(), Map.of(update.sku(), "patchListingsItem " + (status.isEmpty() ? "(no status)"
        : status) + issues(answer.path("issues"))));
  }

  private PushOutcome feed(AmazonClient sp, List<InventoryUpdate> updates) {
    String root = properties.apiRoot() + FEEDS_PATH;
    ObjectNode createDocument = JSON.createObjectNode().put("contentType", FEED_CONTENT_TYPE);
    JsonNode document = call(sp, CREATE_FEED_DOCUMENT, createDocumentLimit, HttpMethod.POST,
        URI.create(root + "/documents"), JSON.writeValueAsBytes(createDocument));
    String documentId = required(document, "feedDocumentId", CREATE_FEED_DOCUMENT);
    URI uploadUrl = url(required(document, "url", CREATE_FEED_DOCUMENT), CREATE_FEED_DOCUMENT);
    upload(uploadUrl, JSON.writeValueAsBytes(feedDocument(properties.sellerId(), settings.productType(), updates)));

    ObjectNode createFeed = JSON.createObjectNode().put("feedType", FEED_TYPE);
    ArrayNode marketplaces = createFeed.putArray("marketplaceIds");
    properties.marketplaceIds().forEach(marketplaces::add);
    createFeed.put("inputFeedDocumentId", documentId);
    String feedId = required(call(sp, CREATE_FEED, createFeedLimit, HttpMethod.POST, URI.create(root + "/feeds"),
        JSON.writeValueAsBytes(createFeed)), "feedId", CREATE_FEED);
    log.debug("amazon feed {} created for {} SKUs", feedId, updates.size());

    JsonNode feed = awaitProcessed(sp, root, feedId);
    String status = feed.path("processingStatus").asString("");
    String resultId = feed.path("resultFeedDocumentId").asString("");
    if ("CANCELLED".equals(status) || resultId.isEmpty()) {
      throw new MarketplaceUnavailableException("amazon feed " + feedId + " ended " + status
          + (resultId.isEmpty() ? " without a processing report" : ""));
    }
    JsonNode result = call(sp, GET_FEED_DOCUMENT, getDocumentLimit, HttpMethod.GET,
        URI.create(root + "/documents/" + AmazonClient.encodePath(resultId)), null);
    byte[] report = download(url(required(result, "url", GET_FEED_DOCUMENT), GET_FEED_DOCUMENT),
        result.path("compressionAlgorithm").asString(""));
    return outcome(feedId, status, updates, report);
  }

  private JsonNode awaitProcessed(AmazonClient sp, String root, String feedId) {
    long deadline = System.nanoTime() + settings.feedTimeout().toNanos();
    URI uri = URI.create(root + "/feeds/" + AmazonClient.encodePath(feedId));
    while (true) {
      sleep(settings.feedPollInterval());
      JsonNode feed = call(sp, GET_FEED, getFeedLimit, HttpMethod.GET, uri, null);
      String status = feed.path("processingStatus").asString("");
      if ("DONE".equals(status) || "FATAL".equals(status) || "CANCELLED".equals(status)) {
        return feed;
      }
      if (System.nanoTime() > deadline) {
        throw new MarketplaceUnavailableException("amazon feed " + feedId + " still " + status + " after "
            + settings.feedTimeout());
      }
    }
  }

  /**
   * The processing report, per message: an issue of severity ERROR rejects its SKU (all its errors joined),
   * anything else is accepted. A FATAL feed whose report names no message rejects every SKU with the report's
   * feed-level issues (the document itself was refused).
   */
  static PushOutcome outcome(String feedId, String status, List<InventoryUpdate> updates, byte[] reportBytes) {
    JsonNode report;
    try {
      report = JSON.readTree(reportBytes);
    } catch (JacksonException e) {
      throw new MarketplaceUnavailableException("amazon feed " + feedId + " processing report is not JSON", e);
    }
    if (report == null || !report.isObject()) {
      throw new MarketplaceUnavailableException("amazon feed " + feedId + " processing report is not a JSON object");
    }
    Map<Integer, String> skuByMessage = new HashMap<>();
    for (int i = 0; i < updates.size(); i++) {
      skuByMessage.put(i + 1, updates.get(i).sku());
    }
    Map<String, List<String>> errors = new LinkedHashMap<>();
    List<String> feedErrors = new ArrayList<>();
    for (JsonNode issue : report.path("issues")) {
      if (!"ERROR".equals(issue.path("severity").asString(""))) {
        continue;
      }
      String text = issue.path("code").asString("") + ": " + issue.path("message").asString("");
      String sku = issue.has("messageId") ? skuByMessage.get(issue.path("messageId").asInt(-1))
          : issue.path("sku").asString(null);
      if (sku == null) {
        feedErrors.add(text);
      } else {
        errors.computeIfAbsent(sku, key -> new ArrayList<>()).add(text);
      }
    }
    if ("FATAL".equals(status) && errors.isEmpty()) {
      String reason = "amazon feed " + feedId + " FATAL" + (feedErrors.isEmpty() ? "" : ": "
          + AmazonClient.truncate(String.join("; ", feedErrors)));
      Map<String, String> all = new LinkedHashMap<>();
      updates.forEach(update -> all.put(update.sku(), reason));
      return new PushOutcome(List.of(), all);
    }
    List<String> accepted = new ArrayList<>();
    Map<String, String> rejected = new LinkedHashMap<>();
    for (InventoryUpdate update : updates) {
      List<String> skuErrors = errors.get(update.sku());
      if (skuErrors == null) {
        accepted.add(update.sku());
      } else {
        rejected.put(update.sku(), AmazonClient.truncate(String.join("; ", skuErrors)));
      }
    }
    return new PushOutcome(accepted, rejected);
  }

  private JsonNode call(AmazonClient sp, String operation, OperationRateLimit limit, HttpMethod method, URI uri,
      byte[] body) {
    return metrics.time(operation, () -> AmazonClient.json(sp.send(operation, limit, method, uri, body,
        settings.maxRateWait()).body(), operation));
  }

  /** The document to its pre-signed URL: no SP-API headers, the content type named at createFeedDocument. */
  private void upload(URI url, byte[] document) {
    metrics.time(UPLOAD_FEED_DOCUMENT, () -> {
      int status = transfer(UPLOAD_FEED_DOCUMENT, documents.put().uri(url)
          .header(HttpHeaders.CONTENT_TYPE, FEED_CONTENT_TYPE).body(document)).status();
      if (status < 200 || status >= 300) {
        // a refused upload (an expired URL: 403) is cured by a new document, which the caller's repeat makes
        throw new MarketplaceUnavailableException("amazon feed document upload answered " + status);
      }
      return status;
    });
  }

  private byte[] download(URI url, String compression) {
    return metrics.time(DOWNLOAD_FEED_DOCUMENT, () -> {
      Transfer answer = transfer(DOWNLOAD_FEED_DOCUMENT, documents.get().uri(url));
      if (answer.status() < 200 || answer.status() >= 300) {
        throw new MarketplaceUnavailableException("amazon processing report download answered " + answer.status());
      }
      if (!"GZIP".equalsIgnoreCase(compression)) {
        return answer.body();
      }
      try (GZIPInputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(answer.body()))) {
        return unzipped.readAllBytes();
      } catch (IOException e) {
        throw new MarketplaceUnavailableException("amazon processing report is not valid GZIP", e);
      }
    });
  }

  private Transfer transfer(String operation, RestClient.RequestHeadersSpec<?> request) {
    try {
      return request.exchange((req, response) -> new Transfer(response.getStatusCode().value(),
          MarketplaceHttp.readFully(response.getBody())), true);
    } catch (ResourceAccessException e) {
      throw new MarketplaceUnavailableException("amazon " + operation + " got no answer: "
          + MarketplaceHttp.rootMessage(e), e);
    }
  }

  private record Transfer(int status, byte[] body) {}

  private AmazonClient client() {
    AmazonClient current = client;
    if (current == null) {
      synchronized (this) {
        if (client == null) {
          client = new AmazonClient(properties.checkForInventory(), registry, clock);
        }
        current = client;
      }
    }
    return current;
  }

  private String marketplaceIds() {
    return String.join(",", properties.marketplaceIds());
  }

  private static String required(JsonNode answer, String field, String operation) {
    String value = answer.path(field).asString("");
    if (value.isBlank()) {
      throw new MarketplaceUnavailableException("amazon " + operation + " answered without " + field);
    }
    return value;
  }

  private static URI url(String text, String operation) {
    try {
      URI url = URI.create(text);
      if (!url.isAbsolute()) {
        throw new IllegalArgumentException("relative");
      }
      return url;
    } catch (IllegalArgumentException e) {
      throw new MarketplaceUnavailableException("amazon " + operation + " answered an unusable url");
    }
  }

  private static String issues(JsonNode issues) {
    List<String> parts = new ArrayList<>();
    for (JsonNode issue : issues) {
      parts.add(issue.path("code").asString("") + ": " + issue.path("message").asString(""));
    }
    return parts.isEmpty() ? "" : ": " + AmazonClient.truncate(String.join("; ", parts));
  }

  private static void sleep(Duration wait) {
    try {
      TimeUnit.NANOSECONDS.sleep(wait.toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MarketplaceUnavailableException("interrupted while waiting for an amazon feed", e);
    }
  }

}

package io.retailsync.sandbox.amazon;

import io.retailsync.sandbox.channel.ChannelCatalog;
import io.retailsync.sandbox.channel.ChannelInventory;
import io.retailsync.sandbox.channel.ChannelProperties;
import io.retailsync.sandbox.channel.Channels;
import jakarta.annotation.PreDestroy;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Feeds API stand-in's state: feed documents (uploaded to, and downloaded from, pre-signed URLs that expire after
 * five minutes) and feeds, processed in the background as Amazon does: {@code IN_QUEUE}, then {@code IN_PROGRESS},
 * then {@code DONE} (or {@code FATAL} for a document that cannot be read), each step {@code sandbox.channels.feed-step-delay}.
 * A {@code JSON_LISTINGS_FEED} sets the merchant-fulfilled quantity of every valid message's SKU and leaves a
 * processing report in Amazon's JSON format.
 */
@Component
class AmazonFeeds {

  static final Duration URL_LIFETIME = Duration.ofMinutes(5);
  private static final Logger log = LoggerFactory.getLogger(AmazonFeeds.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A document and the secret of its pre-signed URL. */
  static final class Document {
    final String id;
    final String contentType;
    final String signature;
    final Instant urlExpiry;
    volatile byte[] content;

    Document(String id, String contentType, String signature, Instant urlExpiry) {
      this.id = id;
      this.contentType = contentType;
      this.signature = signature;
      this.urlExpiry = urlExpiry;
    }
  }

  /** A feed as getFeed shows it. */
  static final class Feed {
    final String id;
    final String type;
    final List<String> marketplaceIds;
    final String inputDocumentId;
    final Instant created = Instant.now();
    volatile String status = "IN_QUEUE";
    volatile Instant started;
    volatile Instant ended;
    volatile String resultDocumentId;

    Feed(String id, String type, List<String> marketplaceIds, String inputDocumentId) {
      this.id = id;
      this.type = type;
      this.marketplaceIds = marketplaceIds;
      this.inputDocumentId = inputDocumentId;
    }
  }

  private final Map<String, Document> documents = new ConcurrentHashMap<>();
  private final Map<String, Feed> feeds = new ConcurrentHashMap<>();
  private final AtomicLong feedNumbers = new AtomicLong(50_000_000_000L + System.currentTimeMillis() % 1_000_000_000L);
  private final SecureRandom random = new SecureRandom();
  private final ScheduledExecutorService processor = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "sandbox-amazon-feeds");
    thread.setDaemon(true);
    return thread;
  });
  private final ChannelInventory inventory;
  private final ChannelCatalog catalog;
  private final AmazonSandboxProperties properties;
  private final Duration step;

  AmazonFeeds(ChannelInventory inventory, ChannelCatalog catalog, AmazonSandboxProperties properties,
      ChannelProperties channels) {
    this.inventory = inventory;
    this.catalog = catalog;
    this.properties = properties;
    this.step = channels.feedStepDelay();
  }

  @PreDestroy
  void stop() {
    processor.shutdownNow();
  }

  Document newDocument(String contentType) {
    byte[] secret = new byte[16];
    random.nextBytes(secret);
    String id = "amzn1.tortuga.4.na." + java.util.UUID.randomUUID();
    Document document = new Document(id, contentType, HexFormat.of().formatHex(secret), Instant.now().plus(URL_LIFETIME));
    documents.put(id, document);
    return document;
  }

  Optional<Document> document(String id) {
    return Optional.ofNullable(documents.get(id));
  }

  Optional<Feed> feed(String id) {
    return Optional.ofNullable(feeds.get(id));
  }

  Feed create(String type, List<String> marketplaceIds, String inputDocumentId) {
    Feed feed = new Feed(Long.toString(feedNumbers.incrementAndGet()), type, marketplaceIds, inputDocumentId);
    feeds.put(feed.id, feed);
    processor.schedule(() -> {
      feed.status = "IN_PROGRESS";
      feed.started = Instant.now();
      processor.schedule(() -> process(feed), step.toMillis(), TimeUnit.MILLISECONDS);
    }, step.toMillis(), TimeUnit.MILLISECONDS);
    return feed;
  }

  private void process(Feed feed) {
    try {
      Document input = documents.get(feed.inputDocumentId);
      byte[] content = input == null ? null : input.content;
      Map<String, Object> report = content == null ? fatal(feed, "The feed document was never uploaded.")
          : report(feed, content);
      Document result = newDocument("application/json; charset=UTF-8");
      result.content = JSON.writeValueAsBytes(report);
      feed.resultDocumentId = result.id;
    } catch (RuntimeException e) {
      log.error("the Amazon feed stand-in failed to process feed {}", feed.id, e);
      feed.status = "FATAL";
    } finally {
      feed.ended = Instant.now();
    }
  }

  private Map<String, Object> fatal(Feed feed, String message) {
    feed.status = "FATAL";
    Map<String, Object> issue = new LinkedHashMap<>();
    issue.put("code", "4000000");
    issue.put("severity", "ERROR");
    issue.put("message", message);
    return processingReport(feed, List.of(issue), 0, 0, 0);
  }

  private Map<String, Object> report(Feed feed, byte[] content) {
    JsonNode document;
    try {
      document = JSON.readTree(content);
    } catch (JacksonException e) {
      return fatal(feed, "The feed document is not valid JSON.");
    }
    if (document == null || !document.path("header").isObject() || !document.path("messages").isArray()) {
      return fatal(feed, "The feed document does not follow the JSON_LISTINGS_FEED schema (header, messages).");
    }
    if (!properties.sellerId().equals(document.path("header").path("sellerId").asString(""))) {
      return fatal(feed, "The header's sellerId does not match the seller of the feed.");
    }
    List<Map<String, Object>> issues = new ArrayList<>();
    Map<String, Integer> accepted = new LinkedHashMap<>();
    int processed = 0;
    int invalid = 0;
    for (JsonNode message : document.path("messages")) {
      processed++;
      int messageId = message.path("messageId").asInt(-1);
      String sku = message.path("sku").asString("");
      AmazonListingsController.Issue problem = AmazonListingsController.problem(catalog, sku,
          message.path("operationType").asString(""), message.path("productType").asString(""),
          message.path("patches"), message.path("attributes"));
      Integer quantity = problem == null ? AmazonListingsController.quantity(message.path("patches"),
          message.path("attributes")) : null;
      if (problem != null) {
        invalid++;
        Map<String, Object> issue = new LinkedHashMap<>();
        issue.put("messageId", messageId);
        issue.put("sku", sku);
        issue.put("code", problem.code());
        issue.put("severity", "ERROR");
        issue.put("message", problem.message());
        issues.add(issue);
      } else if (quantity != null) {
        accepted.put(sku, quantity);
      }
    }
    inventory.record(Channels.AMAZON, accepted);
    inventory.log(new ChannelInventory.Push(Channels.AMAZON, "JSON_LISTINGS_FEED", null, feed.id, null, null,
        processed, processed - invalid, invalid, false));
    feed.status = "DONE";
    return processingReport(feed, issues, processed, processed - invalid, invalid);
  }

  private Map<String, Object> processingReport(Feed feed, List<Map<String, Object>> issues, int processed,
      int accepted, int invalid) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("sellerId", properties.sellerId());
    header.put("version", "2.0");
    header.put("feedId", feed.id);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("errors", issues.size());
    summary.put("warnings", 0);
    summary.put("messagesProcessed", processed);
    summary.put("messagesAccepted", accepted);
    summary.put("messagesInvalid", invalid);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("header", header);
    report.put("issues", issues);
    report.put("summary", summary);
    return report;
  }
}

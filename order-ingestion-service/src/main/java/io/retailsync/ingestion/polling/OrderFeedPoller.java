package io.retailsync.ingestion.polling;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.retailsync.connectors.http.MarketplaceRefusedException;
import io.retailsync.connectors.polling.OrderFeed;
import io.retailsync.connectors.polling.OrderPage;
import io.retailsync.connectors.polling.PolledOrder;
import io.retailsync.connectors.shopify.ShopifyOrderLifecycle;
import io.retailsync.connectors.shopify.ShopifyOrderMapper;
import io.retailsync.ingestion.intake.OrderVersion;
import io.retailsync.ingestion.intake.ReceiveOrder;
import io.retailsync.model.Order;
import io.retailsync.sync.PeriodicTask;
import io.retailsync.sync.exceptions.ExceptionQueue;
import io.retailsync.sync.exceptions.NewException;
import io.retailsync.sync.instances.InstanceRegistry;
import io.retailsync.sync.kafka.FailureClassifier;
import io.retailsync.sync.metrics.SyncMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Polls every configured order feed (Amazon, Walmart, eBay, Shopify's reconcile poll) on its own schedule.
 * A run reads the feed page by page from the account's watermark minus an overlap; each order of a page is
 * received as a version of its order (so a poll re-reading what a webhook or an earlier run brought changes
 * nothing), and only then is the page's cursor stored; once the last page is handled the watermark moves
 * forward, never past the run's start ({@link PollState#watermarkAfter}), so an order modified while the
 * run was reading is read again by the next one. A run that fails (the marketplace away,
 * rate limited beyond the connector's waits) stops where it is and the next round asks for the same page
 * again: no page is skipped. One instance runs an account at a time (a lease in {@code poll_state}).
 */
public class OrderFeedPoller implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OrderFeedPoller.class);
  static final String POLL_PAGES = "sync.poll.pages";
  static final String POLL_LAG = "sync.poll.lag";
  private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

  /** What one run did. */
  public record RunOutcome(int pages, int orders, boolean reachedEnd, String error) {}

  private final Map<String, OrderFeed> feeds = new LinkedHashMap<>();
  private final PollState state;
  private final ReceiveOrder receiveOrder;
  private final MarketplaceAcknowledgements acknowledgements;
  private final ExceptionQueue exceptions;
  private final SyncMetrics metrics;
  private final InstanceRegistry instances;
  private final Clock clock;
  private final Duration runLease;
  private final int maxPagesPerRun;
  private final Instant started;
  private final Map<String, Counter> pages = new ConcurrentHashMap<>();
  private final List<PeriodicTask> tasks = new ArrayList<>();
  /** The version of each order this instance took in last, for the most recent orders of every feed. */
  private final Map<String, String> seen = java.util.Collections.synchronizedMap(
      new LinkedHashMap<>(4096, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > 100_000;
        }
      });
  private volatile boolean running;
  private final boolean scheduled;
  private final io.retailsync.ingestion.intake.ReceiveRefund receiveRefund;

  public OrderFeedPoller(List<OrderFeed> feeds, PollState state, ReceiveOrder receiveOrder,
      io.retailsync.ingestion.intake.ReceiveRefund receiveRefund,
      MarketplaceAcknowledgements acknowledgements, ExceptionQueue exceptions, SyncMetrics metrics,
      InstanceRegistry instances, Clock clock, Duration runLease, int maxPagesPerRun, boolean scheduled) {
    this.receiveRefund = receiveRefund;
    this.scheduled = scheduled;
    feeds.forEach(feed -> this.feeds.put(feed.account(), feed));
    this.state = state;
    this.receiveOrder = receiveOrder;
    this.acknowledgements = acknowledgements;
    this.exceptions = exceptions;
    this.metrics = metrics;
    this.instances = instances;
    this.clock = clock;
    this.runLease = runLease;
    this.maxPagesPerRun = maxPagesPerRun;
    this.started = clock.instant();
    for (OrderFeed feed : this.feeds.values()) {
      for (String outcome : List.of(SyncMetrics.OUTCOME_ACCEPTED, SyncMetrics.OUTCOME_FAILED)) {
        pages.put(feed.account() + "/" + outcome, Counter.builder(POLL_PAGES)
            .description("Pages of marketplace orders read by the pollers, by account and outcome")
            .tag("channel", feed.channel()).tag("account", feed.account()).tag("outcome", outcome)
            .register(metrics.registry()));
      }
      Gauge.builder(POLL_LAG, () -> lagSeconds(feed))
          .description("How far behind now each polled account's watermark is (now - watermark), in seconds")
          .tag("channel", feed.channel()).tag("account", feed.account()).baseUnit("seconds")
          .register(metrics.registry());
    }
  }

  public List<OrderFeed> feeds() {
    return List.copyOf(feeds.values());
  }

  /** One run of a feed: pages until the last one, a failure, or {@code max-pages-per-run}. */
  public RunOutcome pollOnce(OrderFeed feed) {
    String owner = instances.instanceId() + "/" + UUID.randomUUID();
    Optional<PollState.Run> claimed = state.claim(feed.account(), feed.channel(), owner, runLease, feed.overlap(),
        feed.initialLookback());
    if (claimed.isEmpty()) {
      return new RunOutcome(0, 0, false, "another instance is polling " + feed.account());
    }
    PollState.Run run = claimed.get();
    Instant latest = run.latest();
    String cursor = run.cursor();
    int pageCount = 0;
    int orderCount = 0;
    try {
      while (pageCount < maxPagesPerRun) {
        OrderPage page = feed.fetchPage(run.since(), cursor);
        // a time from the far future (a marketplace bug, a forged value) must not reach the stored state
        Instant plausibleUntil = clock.instant().plus(Duration.ofDays(1));
        for (PolledOrder polled : page.orders()) {
          receive(feed, polled);
          orderCount++;
          Instant modified = polled.lastModified();
          if (modified != null && modified.isBefore(plausibleUntil) && modified.isAfter(EARLIEST)
              && (latest == null || modified.isAfter(latest))) {
            latest = modified;
          }
        }
        pageCount++;
        if (!state.pageHandled(feed.account(), owner, run, page.nextCursor(), latest, page.isLast(), runLease,
            feed.overlap())) {
          log.warn("the poll of {} lost its lease; another instance goes on with it", feed.account());
          return new RunOutcome(pageCount, orderCount, false, "lease lost");
        }
        pages.get(feed.account() + "/" + SyncMetrics.OUTCOME_ACCEPTED).increment();
        if (page.isLast()) {
          state.release(feed.account(), owner);
          return new RunOutcome(pageCount, orderCount, true, null);
        }
        cursor = page.nextCursor();
      }
      state.release(feed.account(), owner);
      return new RunOutcome(pageCount, orderCount, false, null);
    } catch (RuntimeException failure) {
      pages.get(feed.account() + "/" + SyncMetrics.OUTCOME_FAILED).increment();
      String reason = FailureClassifier.reason(failure);
      log.warn("polling {} stopped after {} page(s), resuming at the same page next round: {}", feed.account(),
          pageCount, reason);
      try {
        state.failed(feed.account(), owner, reason);
        if (failure instanceof MarketplaceRefusedException && cursor != null) {
          // the marketplace no longer takes the stored cursor (expired, malformed): the run starts over from
          // its first page; what it re-reads is recognised as already received
          log.warn("{} refused the stored page cursor of {}; the run starts again from its first page",
              feed.channel(), feed.account());
          state.restartRun(feed.account());
        }
      } catch (RuntimeException alsoFailed) {
        // the database is away: the lease runs out by itself
      }
      return new RunOutcome(pageCount, orderCount, false, reason);
    } finally {
      // orders the ERP accepted since the last round are acknowledged however far this run got
      try {
        acknowledgements.acknowledgeAccepted(feed);
      } catch (RuntimeException notNow) {
        log.debug("acknowledgements of {} wait for the next round: {}", feed.account(), notNow.toString());
      }
    }
  }

  /**
   * Receives one polled order. A failure that waiting cures (the database away) stops the run before the
   * page is marked handled; any other failure of one order is filed with its raw payload and the page goes
   * on, so one order can never hold up the feed.
   */
  private void receive(OrderFeed feed, PolledOrder polled) {
    String seenKey = feed.account() + "|" + polled.orderId();
    String seenVersion = polled.lastModified() == null || polled.order() == null ? null
        : polled.lastModified() + "#" + polled.state() + "#" + ReceiveOrder.contentHash(polled.order()) + "#"
            + polled.refunds().stream().map(io.retailsync.model.Refund::refundId).toList()
            + polled.refundProblems().size();
    if (seenVersion != null && seenVersion.equals(seen.get(seenKey))) {
      // the overlap re-reads the edge every round: a version this instance took in already is not asked
      // of the database again (it would answer "duplicate")
      metrics.duplicateSuppressed(feed.channel(), SyncMetrics.KIND_ORDER);
      return;
    }
    try {
      if (polled.state() == PolledOrder.State.WAITING) {
        // not for the ERP yet, whatever it holds: a later version (paid, released) comes with a newer time
        return;
      }
      Order order = polled.order();
      if (!polled.isValid() && polled.state() == PolledOrder.State.CANCELLED) {
        // a cancelled order without prices still cancels what was taken in; one never taken in is done
        order = receiveOrder.storedOrder(feed.channel(), polled.orderId()).orElse(null);
        if (order == null) {
          return;
        }
      } else if (!polled.isValid()) {
        fileInvalid(feed, polled, polled.invalidReason());
        return;
      }
      Instant version = polled.lastModified() != null ? polled.lastModified() : OrderVersion.versionOf(order);
      if (!version.equals(order.updatedAt())) {
        order = order.withUpdatedAt(version);
      }
      boolean fulfilmentStarted = false;
      Instant cancelledAt = polled.state() == PolledOrder.State.CANCELLED ? version : null;
      String cancelReason = polled.state() == PolledOrder.State.CANCELLED
          ? "cancelled on " + feed.channel() + (polled.marketplaceStatus() == null ? "" : " (" + polled.marketplaceStatus() + ")")
          : null;
      if (ShopifyOrderMapper.CHANNEL.equals(feed.channel()) && polled.raw() != null) {
        ShopifyOrderLifecycle lifecycle = ShopifyOrderMapper.lifecycle(ShopifyOrderMapper.parse(polled.raw()));
        fulfilmentStarted = lifecycle.fulfilmentStarted();
        if (lifecycle.cancelled()) {
          cancelledAt = lifecycle.cancelledAt();
          cancelReason = lifecycle.cancelReason();
        }
      }
      receiveOrder.receiveVersion(new OrderVersion(order, version, cancelledAt, cancelReason, fulfilmentStarted),
          ReceiveOrder.Source.POLL);
      if (cancelledAt == null && feed.needsAcknowledgement(polled)) {
        acknowledgements.expect(feed, polled);
      }
      receiveRefunds(feed, polled);
      if (seenVersion != null) {
        seen.put(seenKey, seenVersion);
      }
    } catch (RuntimeException failure) {
      if (FailureClassifier.isTransient(failure)) {
        throw failure;
      }
      fileInvalid(feed, polled, "the polled order could not be received: " + FailureClassifier.reason(failure));
    }
  }

  /**
   * The refunds the marketplace lists on the order, after the order: each is taken in once by its id (a
   * re-read is a duplicate) and its credit memo waits for the sales order. One refund that cannot be taken
   * in is filed on its own and holds up neither the order's other refunds nor the page.
   */
  private void receiveRefunds(OrderFeed feed, PolledOrder polled) {
    for (io.retailsync.model.Refund refund : polled.refunds()) {
      try {
        receiveRefund.receive(refund, ReceiveOrder.Source.POLL);
      } catch (RuntimeException failure) {
        if (FailureClassifier.isTransient(failure)) {
          throw failure;
        }
        String reason = "refund " + refund.refundId() + " of " + feed.channel() + " order " + polled.orderId()
            + " could not be taken in: " + FailureClassifier.reason(failure);
        fileRefundProblem(feed, polled, reason);
      }
    }
    for (String problem : polled.refundProblems()) {
      fileRefundProblem(feed, polled, "a refund of " + feed.channel() + " order " + polled.orderId()
          + " was left out: " + problem);
    }
  }

  private void fileRefundProblem(OrderFeed feed, PolledOrder polled, String reason) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("account", feed.account());
    headers.put("marketplaceStatus", String.valueOf(polled.marketplaceStatus()));
    if (polled.lastModified() != null) {
      headers.put("lastModified", polled.lastModified().toString());
    }
    NewException.Builder entry = NewException.builder("INVALID_PAYLOAD", reason)
        .channel(feed.channel()).orderId(polled.orderId())
        .sourceKey("poll-refund-invalid:" + feed.account() + ":" + polled.orderId() + ":" + ReceiveOrder.sha256(reason))
        .payload(polled.raw() == null ? new byte[0] : polled.raw(), headers);
    if (polled.lastModified() != null) {
      // replaying re-reads the order from its time, once the cause is fixed
      entry.replay(ReplayPolledOrder.KIND, feed.account());
    }
    exceptions.record(entry.build());
  }

  private void fileInvalid(OrderFeed feed, PolledOrder polled, String reason) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("account", feed.account());
    headers.put("marketplaceStatus", String.valueOf(polled.marketplaceStatus()));
    if (polled.lastModified() != null) {
      headers.put("lastModified", polled.lastModified().toString());
    }
    exceptions.record(NewException.builder("INVALID_PAYLOAD", reason)
        .channel(feed.channel()).orderId(polled.orderId())
        .sourceKey("poll-invalid:" + feed.account() + ":" + polled.orderId() + ":" + polled.lastModified())
        .replay(ReplayPolledOrder.KIND, feed.account())
        .payload(polled.raw() == null ? new byte[0] : polled.raw(), headers)
        .build());
    metrics.orderIngested(feed.channel(), SyncMetrics.OUTCOME_REJECTED);
  }

  private double lagSeconds(OrderFeed feed) {
    try {
      Instant watermark = state.watermark(feed.account()).orElse(started);
      return Math.max(0, Duration.between(watermark, clock.instant()).toMillis() / 1000.0);
    } catch (RuntimeException databaseAway) {
      return Double.NaN;
    }
  }

  @Override
  public synchronized void start() {
    for (OrderFeed feed : scheduled ? feeds.values() : List.<OrderFeed>of()) {
      PeriodicTask task = new PeriodicTask("poll-" + feed.account(), Duration.ofSeconds(1), feed.pollInterval(),
          () -> pollOnce(feed));
      task.start();
      tasks.add(task);
    }
    running = true;
  }

  @Override
  public synchronized void stop() {
    tasks.forEach(PeriodicTask::stop);
    tasks.clear();
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}

package io.retailsync.ingestion.erpposting;

import io.retailsync.erp.ErpDocument;
import io.retailsync.erp.ErpPort;
import io.retailsync.erp.PostResult;
import io.retailsync.erp.SalesOrderDocument;
import io.retailsync.ingestion.config.IngestionProperties;
import io.retailsync.model.Order;
import io.retailsync.model.OrderLine;
import io.retailsync.model.event.EventType;
import io.retailsync.model.event.OrderAccepted;
import io.retailsync.model.event.OrderRejected;
import io.retailsync.model.event.Topics;
import io.retailsync.model.failure.PermanentSyncException;
import io.retailsync.model.failure.TransientSyncException;
import io.retailsync.model.json.CanonicalJson;
import io.retailsync.sync.events.EventFactory;
import io.retailsync.sync.exceptions.ExceptionQueue;
import io.retailsync.sync.exceptions.NewException;
import io.retailsync.sync.faults.FaultHooks;
import io.retailsync.sync.idempotency.IdempotencyStore;
import io.retailsync.sync.idempotency.IdempotencyStore.Lease;
import io.retailsync.sync.kafka.FailureClassifier;
import io.micrometer.core.instrument.Counter;
import io.retailsync.sync.instances.InstanceRegistry;
import io.retailsync.sync.lineage.LineageStore;
import io.retailsync.sync.metrics.SyncMetrics;
import io.retailsync.sync.outbox.Outbox;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Posts a batch of received orders to the ERP as sales orders, exactly once in effect, against an ERP
 * that does not itself refuse a second document with the same reference.
 *
 * <p>Each order's external reference is claimed in PostgreSQL as a lease (owner: this instance; until:
 * {@code claim-lease} from now) and committed before the ERP is called. A reference another instance holds
 * is left alone: it is at work on it (a consumer that lost its partitions in a slow ERP call still is). A
 * reference claimed before (an earlier attempt, a crash, an expired lease taken over) is looked up in the
 * ERP by its reference before anything is posted. Right before the post the leases are renewed, and only
 * references still held are sent; the batch's time budget ({@code batch-budget}) keeps a poll's work below
 * {@code max.poll.interval.ms}. After the ERP answers, each order's result, its ack
 * ({@code OrderAccepted}/{@code OrderRejected} through the outbox) and its lineage are recorded.
 *
 * <p>A failure that belongs to one order stays with that order: a lookup the ERP refuses, or a result that
 * cannot be recorded, files an exception for it and its neighbours go on. A transient failure (the ERP or
 * the database away) propagates, so the consumer backs off with the batch still in Kafka.
 */
@Service
public class PostSalesOrders {

  static final String SCOPE = "erp-sales-order";
  static final String REJECTED_MARK = "REJECTED";
  private static final String SERVICE = "order-ingestion-service";
  private static final Logger log = LoggerFactory.getLogger(PostSalesOrders.class);

  /** An order to post with the lineage id its event carried. */
  public record OrderToPost(Order order, String correlationId) {}

  /** What one call did, for callers that count (the sweeper) and for tests. */
  public record Outcome(int posted, int foundAlready, int rejected, Set<String> heldElsewhereReferences,
      int alreadyDone) {

    public int heldElsewhere() {
      return heldElsewhereReferences.size();
    }
  }

  private final ErpPort erp;
  private final IdempotencyStore idempotency;
  private final TransactionTemplate transactions;
  private final JdbcClient jdbc;
  private final Outbox outbox;
  private final EventFactory events;
  private final LineageStore lineage;
  private final ExceptionQueue exceptions;
  private final FaultHooks faults;
  private final IngestionProperties properties;
  private final Clock clock;
  private final InstanceRegistry instances;
  private final java.time.Duration takeoverAfter;
  private final io.retailsync.ingestion.enrichment.OrderEnrichment enrichment;
  private final Map<IdempotencyStore.LeaseState, Counter> claimOutcomes = new java.util.EnumMap<>(IdempotencyStore.LeaseState.class);
  private final ErpClaims claims;

  PostSalesOrders(ErpPort erp, IdempotencyStore idempotency, TransactionTemplate transactions, JdbcClient jdbc,
      Outbox outbox, EventFactory events, LineageStore lineage, ExceptionQueue exceptions, FaultHooks faults,
      IngestionProperties properties, Clock clock, SyncMetrics metrics, InstanceRegistry instances,
      io.retailsync.erp.ErpProperties erpProperties, io.retailsync.ingestion.enrichment.OrderEnrichment enrichment, ErpClaims claims) {
    this.claims = claims;
    this.instances = instances;
    this.enrichment = enrichment;
    this.takeoverAfter = properties.takeoverAfter(erpProperties);
    for (IdempotencyStore.LeaseState state : IdempotencyStore.LeaseState.values()) {
      claimOutcomes.put(state, metrics.counter(SyncMetrics.POSTING_CLAIMS, "outcome", state.name().toLowerCase()));
    }
    this.erp = erp;
    this.idempotency = idempotency;
    this.transactions = transactions;
    this.jdbc = jdbc;
    this.outbox = outbox;
    this.events = events;
    this.lineage = lineage;
    this.exceptions = exceptions;
    this.faults = faults;
    this.properties = properties;
    this.clock = clock;
  }

  /** How long an instance must have been silent before its claims are anybody's. */
  java.time.Duration takeoverAfter() {
    return takeoverAfter;
  }

  public Outcome post(List<OrderToPost> batch) {
    Instant deadline = clock.instant().plus(properties.batchBudget());
    Map<String, OrderToPost> byReference = new LinkedHashMap<>();
    batch.forEach(item -> byReference.putIfAbsent(item.order().externalReference(), item));
    if (byReference.isEmpty()) {
      return new Outcome(0, 0, 0, Set.of(), 0);
    }
    // each call is its own owner: another lane or the sweeper of this same instance must not take a claim
    // this call holds while it is in the ERP call
    String owner = instances.instanceId() + "/" + UUID.randomUUID();
    Map<String, Lease> leases = transactions.execute(status -> {
      Map<String, Lease> claimed = new LinkedHashMap<>();
      byReference.keySet().forEach(reference -> claimed.put(reference,
          idempotency.claimLease(SCOPE, reference, owner, properties.claimLease(), takeoverAfter)));
      return claimed;
    });
    Posting posting = new Posting(byReference, owner, deadline);
    try {
      return posting.run(leases);
    } catch (RuntimeException failure) {
      posting.giveBackLeases(failure);
      throw failure;
    }
  }

  /** One call's work: the claims it holds, what the ERP said, what is left to settle. */
  private final class Posting {

    private final Map<String, OrderToPost> byReference;
    private final String owner;
    private final Instant deadline;
    private final Map<String, PostResult> results = new LinkedHashMap<>();
    private final Map<String, String> refusedLookups = new LinkedHashMap<>();
    private final Map<String, io.retailsync.ingestion.enrichment.OrderEnrichment.Result.Refused> refusals =
        new LinkedHashMap<>();
    private final List<String> held = new ArrayList<>();
    private List<String> sent = List.of();

    Posting(Map<String, OrderToPost> byReference, String owner, Instant deadline) {
      this.byReference = byReference;
      this.owner = owner;
      this.deadline = deadline;
      this.lookupsUntil = deadline.minus(properties.batchBudget().dividedBy(2));
    }

    /** Lookups get the first half of the budget, so what they found absent is still posted in time. */
    private final Instant lookupsUntil;
    private final List<String> notLookedUp = new ArrayList<>();

    Outcome run(Map<String, Lease> leases) {
      refreshHeld(leases);
      List<String> toPost = new ArrayList<>();
      Set<String> heldElsewhere = new java.util.LinkedHashSet<>();
      int alreadyDone = 0;
      for (var entry : leases.entrySet()) {
        String reference = entry.getKey();
        claimOutcomes.get(entry.getValue().state()).increment();
        switch (entry.getValue().state()) {
          case COMPLETED -> alreadyDone++;
          case HELD_ELSEWHERE -> heldElsewhere.add(reference);
          case FIRST -> {
            held.add(reference);
            toPost.add(reference);
          }
          case RECLAIMED -> {
            held.add(reference);
            if (!clock.instant().isBefore(lookupsUntil)) {
              notLookedUp.add(reference);
              continue;
            }
            try {
              Optional<ErpDocument> existing = erp.findSalesOrder(reference);
              if (existing.isPresent()) {
                results.put(reference, new PostResult.Posted(reference, existing.get().documentNumber(), true));
              } else {
                toPost.add(reference);
              }
            } catch (PermanentSyncException refused) {
              refusedLookups.put(reference, refused.getMessage());
            }
          }
        }
      }
      int posted = 0;
      Map<String, SalesOrderDocument> ready = new LinkedHashMap<>();
      if (!toPost.isEmpty()) {
        // aliases, item master, tax and currency: an order that cannot be posted as it is waits for operations
        enrichment.enrich(toPost.stream().map(reference -> byReference.get(reference).order()).toList())
            .forEach((reference, result) -> {
              if (result instanceof io.retailsync.ingestion.enrichment.OrderEnrichment.Result.Ready done) {
                ready.put(reference, done.document());
              } else {
                refusals.put(reference, (io.retailsync.ingestion.enrichment.OrderEnrichment.Result.Refused) result);
              }
            });
        toPost.removeIf(refusals::containsKey);
      }
      if (!toPost.isEmpty()) {
        requireTimeLeft();
        faults.beforeErpPost();
        Set<String> stillHeld = transactions.execute(status -> {
          Set<String> renewed = idempotency.renewLeases(SCOPE, toPost, owner, properties.claimLease());
          // which version goes out, recorded before it does: a sales order found later holds this one
          renewed.forEach(reference -> {
            Order order = byReference.get(reference).order();
            jdbc.sql("UPDATE received_orders SET posting_hash = :hash WHERE channel = :channel AND order_id = :orderId")
                .param("hash", io.retailsync.ingestion.intake.ReceiveOrder.contentHash(order))
                .param("channel", order.channel()).param("orderId", order.orderId()).update();
          });
          return renewed;
        });
        List<SalesOrderDocument> documents = toPost.stream().filter(stillHeld::contains)
            .map(ready::get).toList();
        if (stillHeld.size() < toPost.size()) {
          log.warn("{} claim(s) expired before the ERP post and were left to their new holder",
              toPost.size() - stillHeld.size());
        }
        if (!documents.isEmpty()) {
          sent = documents.stream().map(SalesOrderDocument::externalReference).toList();
          // no ERP call starts after the deadline: the claims, renewed just now, outlast it and its call
          for (PostResult result : erp.postSalesOrders(documents, deadline)) {
            results.put(result.externalReference(), result);
            posted += result instanceof PostResult.Posted ? 1 : 0;
          }
          sent = List.of();
          faults.afterErpSuccess();
        }
      }
      recordAll(byReference, results, refusedLookups, refusals);
      if (!notLookedUp.isEmpty()) {
        transactions.executeWithoutResult(status -> idempotency.releaseLeases(SCOPE, notLookedUp, owner));
        throw new BatchBudgetExhaustedException(notLookedUp.size() + " reclaimed order(s) were not looked up within"
            + " half the batch budget of " + properties.batchBudget() + "; they wait for the next attempt");
      }
      int rejected = (int) results.values().stream().filter(PostResult.Rejected.class::isInstance).count()
          + refusedLookups.size();
      int found = (int) results.values().stream()
          .filter(result -> result instanceof PostResult.Posted p && p.existing()).count();
      return new Outcome(posted, found, rejected, Set.copyOf(heldElsewhere), alreadyDone);
    }

    /**
     * Replaces each order this call now holds a claim on by the version stored last: an edit that arrived
     * after the caller read the order (its event, the sweeper's query) is posted, not lost. An order whose
     * cancellation has arrived meanwhile is not posted: its claim is given back for the cancellation, which
     * follows it in the partition, to settle.
     */
    private void refreshHeld(Map<String, Lease> leases) {
      List<String> heldNow = leases.entrySet().stream()
          .filter(entry -> entry.getValue().state() == IdempotencyStore.LeaseState.FIRST
              || entry.getValue().state() == IdempotencyStore.LeaseState.RECLAIMED)
          .map(Map.Entry::getKey).toList();
      if (heldNow.isEmpty()) {
        return;
      }
      String[] ids = heldNow.stream().map(reference -> byReference.get(reference).order().orderId()).distinct()
          .toArray(String[]::new);
      Map<String, byte[]> latest = new LinkedHashMap<>();
      List<String> cancelled = new ArrayList<>();
      jdbc.sql("SELECT channel, order_id, payload, cancelled_at IS NOT NULL OR status = 'CANCELLED' FROM received_orders"
              + " WHERE order_id = ANY(:ids)")
          .param("ids", ids)
          .query((rs, row) -> {
            String reference = rs.getString(1) + ":" + rs.getString(2);
            if (leases.containsKey(reference)) {
              if (rs.getBoolean(4)) {
                cancelled.add(reference);
              } else if (rs.getBytes(3) != null) {
                latest.put(reference, rs.getBytes(3));
              }
            }
            return reference;
          }).list();
      latest.forEach((reference, payload) -> {
        try {
          OrderToPost item = byReference.get(reference);
          byReference.put(reference, new OrderToPost(CanonicalJson.read(payload, Order.class), item.correlationId()));
        } catch (RuntimeException unreadable) {
          log.warn("the stored version of {} cannot be read; posting the one the caller gave", reference);
        }
      });
      if (!cancelled.isEmpty()) {
        transactions.executeWithoutResult(status -> idempotency.releaseLeases(SCOPE, cancelled, owner));
        cancelled.forEach(leases::remove);
      }
    }

    /**
     * Stops the batch when its time budget is spent, so the poll returns well within
     * {@code max.poll.interval.ms}: what is settled is recorded, and the batch is retried (its settled
     * orders are then found completed, the others reclaimed).
     */
    private void requireTimeLeft() {
      if (clock.instant().isBefore(deadline)) {
        return;
      }
      recordAll(byReference, results, refusedLookups, refusals);
      throw new BatchBudgetExhaustedException("the posting batch used its budget of " + properties.batchBudget()
          + "; the orders not settled wait for the next attempt");
    }

    /** A call that failed gives back the claims it still holds (see {@link ErpClaims}). */
    void giveBackLeases(RuntimeException failure) {
      claims.giveBack(SCOPE, held, sent, owner, failure);
    }
  }

  /** Thrown when a batch ran out of time; transient, so the consumer tries the rest again. */
  static final class BatchBudgetExhaustedException extends TransientSyncException {
    BatchBudgetExhaustedException(String message) {
      super(message);
    }
  }

  /**
   * Records every result in one transaction; if that fails for a reason waiting will not cure, records
   * each order in its own, so one order's bad result cannot lose its neighbours' posts.
   */
  private void recordAll(Map<String, OrderToPost> byReference, Map<String, PostResult> results,
      Map<String, String> refusedLookups,
      Map<String, io.retailsync.ingestion.enrichment.OrderEnrichment.Result.Refused> refusals) {
    if (results.isEmpty() && refusedLookups.isEmpty() && refusals.isEmpty()) {
      return;
    }
    if (!refusals.isEmpty()) {
      // refusals are this service's own findings: recorded first, and apart, so none waits on the ERP's results
      transactions.executeWithoutResult(status -> refusals.forEach((reference, refusal) ->
          reject(byReference.get(reference), refusal.type(), refusal.reason(), refusal.sku())));
      refusals.clear();
    }
    if (results.isEmpty() && refusedLookups.isEmpty()) {
      return;
    }
    try {
      transactions.executeWithoutResult(status -> {
        results.forEach((reference, result) -> record(byReference.get(reference), result));
        refusedLookups.forEach((reference, reason) -> recordRefusedLookup(byReference.get(reference), reason));
      });
      return;
    } catch (RuntimeException batchFailure) {
      if (FailureClassifier.isTransient(batchFailure)) {
        throw batchFailure;
      }
      log.warn("recording the results of {} order(s) failed; recording them one by one: {}", results.size(),
          batchFailure.toString());
    }
    results.forEach((reference, result) -> recordAlone(byReference.get(reference), result));
    refusedLookups.forEach((reference, reason) ->
        transactions.executeWithoutResult(status -> recordRefusedLookup(byReference.get(reference), reason)));
  }

  private void recordAlone(OrderToPost item, PostResult result) {
    try {
      transactions.executeWithoutResult(status -> record(item, result));
    } catch (RuntimeException failure) {
      if (FailureClassifier.isTransient(failure)) {
        throw failure;
      }
      try {
        transactions.executeWithoutResult(status -> recordUnrecordable(item, result, failure));
      } catch (RuntimeException alsoFailed) {
        if (FailureClassifier.isTransient(alsoFailed)) {
          throw alsoFailed;
        }
        // the claim stays leased to this instance until it expires; the sweeper then looks the order up
        log.error("could not even set aside the result for {}: {}", item.order().externalReference(),
            alsoFailed.toString());
      }
    }
  }

  private void record(OrderToPost item, PostResult result) {
    Order order = item.order();
    faults.whileRecordingResult(order.externalReference());
    Instant now = clock.instant();
    String key = Topics.orderKey(order.channel(), order.orderId());
    if (result instanceof PostResult.Posted posted) {
      idempotency.complete(SCOPE, order.externalReference(), posted.documentNumber());
      jdbc.sql("""
              UPDATE received_orders SET status = 'POSTED', document_number = :documentNumber, posted_at = :at
               WHERE channel = :channel AND order_id = :orderId""")
          .param("documentNumber", posted.documentNumber()).param("at", Timestamp.from(now))
          .param("channel", order.channel()).param("orderId", order.orderId()).update();
      lineage.recordErpDocument(order.channel(), order.orderId(), posted.documentNumber(), "SALES_ORDER", now);
      if (posted.existing() && !sentBefore(order)) {
        // the ERP already held a sales order under this reference, from an attempt whose result was never
        // recorded, and the version stored since is not the one that attempt sent: it follows as an edit
        // (repeat-safe; skipped when that version's edit was applied before, and left to the newer
        // version's own edit when another content was stored meanwhile)
        jdbc.sql("""
                SELECT revision FROM received_orders
                 WHERE channel = :channel AND order_id = :orderId AND content_hash = :hash""")
            .param("channel", order.channel()).param("orderId", order.orderId())
            .param("hash", io.retailsync.ingestion.intake.ReceiveOrder.contentHash(order))
            .query(Long.class).optional()
            .ifPresent(revision -> outbox.append(events.create(EventType.ORDER_UPDATED, key, order.channel(),
                io.retailsync.ingestion.intake.OrderVersion.updateKey(order, revision), item.correlationId(), order)));
      }
      lineage.recordEvent(order.channel(), order.orderId(), "OrderAccepted", now, SERVICE, posted.documentNumber(),
          "accepted:" + order.externalReference());
      outbox.append(events.create(EventType.ORDER_ACCEPTED, key, order.channel(), order.externalReference(),
          item.correlationId(), new OrderAccepted(order.channel(), order.orderId(), order.externalReference(),
              posted.documentNumber(), now)));
      return;
    }
    PostResult.Rejected rejected = (PostResult.Rejected) result;
    String unknownSku = unknownSku(order, rejected.reason());
    reject(item, unknownSku != null ? "UNKNOWN_SKU" : "ERP_REJECTED", rejected.reason(), unknownSku);
  }

  /** Files the order for operations, completes its claim as rejected and answers {@code OrderRejected}. */
  private void reject(OrderToPost item, String type, String reason, String sku) {
    Order order = item.order();
    Instant now = clock.instant();
    String key = Topics.orderKey(order.channel(), order.orderId());
    fileRejection(item, type, reason, sku);
    lineage.recordEvent(order.channel(), order.orderId(), "OrderRejected", now, SERVICE, type,
        "rejected:" + order.externalReference() + ":" + now.toEpochMilli());
    outbox.append(events.create(EventType.ORDER_REJECTED, key, order.channel(), order.externalReference(),
        item.correlationId(), new OrderRejected(order.channel(), order.orderId(), order.externalReference(), type,
            reason, now)));
  }

  /** Whether the version of {@code order} is the one last sent to the ERP as its sales order. */
  private boolean sentBefore(Order order) {
    return jdbc.sql("SELECT posting_hash FROM received_orders WHERE channel = :channel AND order_id = :orderId")
        .param("channel", order.channel()).param("orderId", order.orderId()).query(String.class).optional()
        .map(io.retailsync.ingestion.intake.ReceiveOrder.contentHash(order)::equals).orElse(false);
  }

  /**
   * The ERP refused to say whether it holds the order: it must not be posted blindly, and it must not
   * hold up its batch. It is set aside for operations; no ack goes out, since the outcome is unknown.
   */
  private void recordRefusedLookup(OrderToPost item, String reason) {
    fileRejection(item, "ERP_REJECTED", "the ERP refused the lookup of " + item.order().externalReference()
        + ", so whether it holds the order is unknown and it was not posted: " + reason, null);
  }

  private void fileRejection(OrderToPost item, String type, String reason, String sku) {
    Order order = item.order();
    exceptions.record(NewException.builder(type, reason)
        .channel(order.channel()).orderId(order.orderId()).sku(sku)
        .correlationId(item.correlationId())
        .sourceKey("erp-rejected:" + order.externalReference())
        .replay(ReplaySalesOrder.KIND, null)
        .payload(CanonicalJson.toBytes(order), null).build());
    idempotency.complete(SCOPE, order.externalReference(), REJECTED_MARK);
    jdbc.sql("UPDATE received_orders SET status = 'REJECTED' WHERE channel = :channel AND order_id = :orderId")
        .param("channel", order.channel()).param("orderId", order.orderId()).update();
  }

  /**
   * The ERP holds (or refused) the order, but its result cannot be stored here. The claim is completed
   * with what the ERP said, so the order is never posted again, and the rest goes to operations.
   */
  private void recordUnrecordable(OrderToPost item, PostResult result, RuntimeException failure) {
    Order order = item.order();
    String outcome = result instanceof PostResult.Posted posted ? posted.documentNumber() : REJECTED_MARK;
    log.error("the ERP result for {} ({}) could not be recorded: {}", order.externalReference(), outcome,
        failure.toString());
    idempotency.complete(SCOPE, order.externalReference(), outcome);
    exceptions.record(NewException.builder("ERP_RESULT_UNRECORDED", "the ERP answered " + outcome + " for "
            + order.externalReference() + " but the result could not be recorded: " + FailureClassifier.reason(failure))
        .channel(order.channel()).orderId(order.orderId()).correlationId(item.correlationId())
        .sourceKey("erp-unrecorded:" + order.externalReference())
        .replay(ReplaySalesOrder.KIND, null)
        .payload(CanonicalJson.toBytes(order), null).build());
  }

  /** The order's SKU an ERP refusal names as unknown (an item-master problem), or null. */
  private static String unknownSku(Order order, String reason) {
    if (reason == null) {
      return null;
    }
    String lower = reason.toLowerCase();
    if (!lower.contains("unknown") && !lower.contains("not found") && !lower.contains("no item")) {
      return null;
    }
    return order.lines().stream().map(OrderLine::sku).filter(reason::contains).findFirst().orElse(null);
  }
}

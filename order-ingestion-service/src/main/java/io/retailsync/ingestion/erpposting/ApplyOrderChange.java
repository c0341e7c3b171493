package io.retailsync.ingestion.erpposting;

import io.retailsync.erp.ErpDocument;
import io.retailsync.erp.ErpPort;
import io.retailsync.erp.PostResult;
import io.retailsync.ingestion.config.IngestionProperties;
import io.retailsync.model.Order;
import io.retailsync.model.OrderCancellation;
import io.retailsync.model.event.EventType;
import io.retailsync.model.event.OrderRejected;
import io.retailsync.model.event.Topics;
import io.retailsync.model.json.CanonicalJson;
import io.retailsync.sync.events.EventFactory;
import io.retailsync.sync.exceptions.ExceptionQueue;
import io.retailsync.sync.exceptions.NewException;
import io.retailsync.sync.idempotency.IdempotencyStore;
import io.retailsync.sync.idempotency.IdempotencyStore.Lease;
import io.retailsync.sync.instances.InstanceRegistry;
import io.retailsync.sync.lineage.LineageStore;
import io.retailsync.sync.outbox.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a marketplace's change to an order already taken in: an edit ({@code OrderUpdated}) to the
 * posted sales order where the ERP allows it, and a cancellation ({@code OrderCancelled}) to the sales order
 * or, when it was never posted, to the claim, so it never will be.
 *
 * <p>Each ERP call is guarded by its own claim ({@code erp-sales-order-update} per version,
 * {@code erp-sales-order-cancel} per order) and both calls are repeat-safe at the ERP (an edit replaces the
 * order with the same version; a cancel of a cancelled order changes nothing), so a crash between the ERP's
 * answer and the local commit leads to the same call again, never to a second document. A change the ERP
 * refuses, or a cancellation after fulfilment started, is an exception for operations and an
 * {@code OrderRejected} ack, never a silent drop.
 */
@Service
public class ApplyOrderChange {

  static final String UPDATE_SCOPE = "erp-sales-order-update";
  static final String CANCEL_SCOPE = "erp-sales-order-cancel";
  static final String CANCELLED_MARK = "CANCELLED";
  static final String UPDATE_REJECTED = "ORDER_UPDATE_REJECTED";
  static final String CANCEL_AFTER_FULFILMENT = "CANCEL_AFTER_FULFILMENT";
  private static final String SERVICE = "order-ingestion-service";

  /** What became of a change. {@code HELD}: another caller holds a claim it needs; try again later. */
  public enum Result { APPLIED, NOTHING_TO_DO, SET_ASIDE, HELD }

  private final ErpPort erp;
  private final IdempotencyStore idempotency;
  private final TransactionTemplate transactions;
  private final JdbcClient jdbc;
  private final Outbox outbox;
  private final EventFactory events;
  private final LineageStore lineage;
  private final ExceptionQueue exceptions;
  private final IngestionProperties properties;
  private final InstanceRegistry instances;
  private final PostSalesOrders postSalesOrders;
  private final io.retailsync.ingestion.enrichment.OrderEnrichment enrichment;
  private final io.retailsync.sync.faults.FaultHooks faults;
  private final Clock clock;
  private final ErpClaims claims;

  ApplyOrderChange(ErpPort erp, IdempotencyStore idempotency, TransactionTemplate transactions, JdbcClient jdbc,
      Outbox outbox, EventFactory events, LineageStore lineage, ExceptionQueue exceptions,
      IngestionProperties properties, InstanceRegistry instances, PostSalesOrders postSalesOrders,
      io.retailsync.ingestion.enrichment.OrderEnrichment enrichment, io.retailsync.sync.faults.FaultHooks faults,
      Clock clock, ErpClaims claims) {
    this.claims = claims;
    this.enrichment = enrichment;
    this.faults = faults;
    this.erp = erp;
    this.idempotency = idempotency;
    this.transactions = transactions;
    this.jdbc = jdbc;
    this.outbox = outbox;
    this.events = events;
    this.lineage = lineage;
    this.exceptions = exceptions;
    this.properties = properties;
    this.instances = instances;
    this.postSalesOrders = postSalesOrders;
    this.clock = clock;
  }

  /** Applies a new version of an order; {@code versionKey} names the version ({@code {ref}:v{millis}}). */
  public Result update(Order order, String versionKey, String correlationId) {
    String reference = order.externalReference();
    record Stored(Instant version, String hash, long revision) {}
    Optional<Stored> stored = jdbc.sql("""
            SELECT version, content_hash, revision FROM received_orders WHERE channel = :channel AND order_id = :orderId""")
        .param("channel", order.channel()).param("orderId", order.orderId())
        .query((rs, row) -> new Stored(rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant(), rs.getString(2),
            rs.getLong(3)))
        .optional().filter(row -> row.version() != null);
    long revision = io.retailsync.ingestion.intake.OrderVersion.revisionOf(versionKey);
    boolean otherContent = stored.isPresent()
        && !io.retailsync.ingestion.intake.ReceiveOrder.contentHash(order).equals(stored.get().hash());
    if (otherContent && (stored.get().version().isAfter(io.retailsync.ingestion.intake.OrderVersion.versionOf(order))
        || (revision >= 0 && stored.get().revision() > revision))) {
      // a newer version (later in time, or a later revision within the same second) with other content was
      // taken in since: its own edit follows in the partition, and this one would take the ERP back
      return Result.NOTHING_TO_DO;
    }
    Optional<IdempotencyStore.Entry> salesOrder = idempotency.find(PostSalesOrders.SCOPE, reference);
    if (salesOrder.isEmpty() || salesOrder.get().status() != IdempotencyStore.Status.COMPLETED) {
      if (salesOrder.isPresent() && heldByAnyone(reference)) {
        return Result.HELD;
      }
      // never posted: whoever posts it (the consumer, the sweeper, a replay) posts the version stored last
      return Result.NOTHING_TO_DO;
    }
    String documentNumber = salesOrder.get().resultRef();
    if (PostSalesOrders.REJECTED_MARK.equals(documentNumber) || CANCELLED_MARK.equals(documentNumber)) {
      return Result.NOTHING_TO_DO;
    }
    String owner = owner();
    Lease lease = transactions.execute(status -> idempotency.claimLease(UPDATE_SCOPE, versionKey, owner,
        properties.claimLease(), postSalesOrders.takeoverAfter()));
    switch (lease.state()) {
      case COMPLETED: return Result.NOTHING_TO_DO;
      case HELD_ELSEWHERE: return Result.HELD;
      default: break;
    }
    PostResult result;
    try {
      var enriched = enrichment.enrich(List.of(order)).get(reference);
      if (enriched instanceof io.retailsync.ingestion.enrichment.OrderEnrichment.Result.Refused refused) {
        transactions.executeWithoutResult(status -> {
          idempotency.complete(UPDATE_SCOPE, versionKey, PostSalesOrders.REJECTED_MARK);
          setAside(order.channel(), order.orderId(), correlationId, refused.type(), "the edit of " + reference
              + " was not sent to the ERP: " + refused.reason(), "update-refused:" + versionKey,
              ReplayOrderChange.UPDATE_KIND, CanonicalJson.toBytes(order));
        });
        return Result.SET_ASIDE;
      }
      result = erp.updateSalesOrder(((io.retailsync.ingestion.enrichment.OrderEnrichment.Result.Ready) enriched).document());
      faults.afterErpSuccess();
    } catch (RuntimeException failure) {
      claims.giveBack(UPDATE_SCOPE, versionKey, owner, failure);
      throw failure;
    }
    Instant now = clock.instant();
    if (result instanceof PostResult.Posted posted) {
      transactions.executeWithoutResult(status -> {
        idempotency.complete(UPDATE_SCOPE, versionKey, posted.documentNumber());
        lineage.recordEvent(order.channel(), order.orderId(), "SalesOrderUpdated", now, SERVICE,
            posted.documentNumber(), "erp-updated:" + versionKey);
      });
      return Result.APPLIED;
    }
    String reason = "the ERP refused the marketplace's edit of " + reference + " (sales order " + documentNumber
        + "): " + ((PostResult.Rejected) result).reason();
    transactions.executeWithoutResult(status -> {
      idempotency.complete(UPDATE_SCOPE, versionKey, PostSalesOrders.REJECTED_MARK);
      setAside(order.channel(), order.orderId(), correlationId, UPDATE_REJECTED, reason, "update-rejected:" + versionKey,
          ReplayOrderChange.UPDATE_KIND, CanonicalJson.toBytes(order));
    });
    return Result.SET_ASIDE;
  }

  /**
   * Cancels an order. {@code overrideFulfilment} is set by an operator's replay: cancel even though the
   * marketplace reported fulfilment started (the ERP still refuses a fulfilled order).
   */
  public Result cancel(OrderCancellation cancellation, String correlationId, boolean overrideFulfilment) {
    String reference = cancellation.externalReference();
    String channel = cancellation.channel();
    String orderId = cancellation.orderId();
    if (Boolean.TRUE.equals(cancellation.fulfilmentStarted()) && !overrideFulfilment) {
      transactions.executeWithoutResult(status -> refuseCancel(channel, orderId, correlationId, CANCEL_AFTER_FULFILMENT,
          "the marketplace cancelled " + reference + " after its fulfilment started; the sales order was not"
              + " cancelled: stop the shipment and cancel it, or replay this entry to cancel it in the ERP",
          "cancel-after-fulfilment:" + reference, ReplayOrderChange.CANCEL_KIND, CanonicalJson.toBytes(cancellation)));
      return Result.SET_ASIDE;
    }
    String owner = owner();
    Lease salesOrder = transactions.execute(status -> idempotency.claimLease(PostSalesOrders.SCOPE, reference, owner,
        properties.claimLease(), postSalesOrders.takeoverAfter()));
    String documentNumber;
    switch (salesOrder.state()) {
      case HELD_ELSEWHERE:
        return Result.HELD;
      case FIRST:
        neverPosted(cancellation, owner, "cancelled before it was posted");
        return Result.APPLIED;
      case RECLAIMED: {
        Optional<ErpDocument> existing;
        try {
          existing = erp.findSalesOrder(reference);
        } catch (RuntimeException failure) {
          release(PostSalesOrders.SCOPE, reference, owner);
          throw failure;
        }
        if (existing.isEmpty()) {
          neverPosted(cancellation, owner, "cancelled before it was posted (not in the ERP)");
          return Result.APPLIED;
        }
        documentNumber = existing.get().documentNumber();
        transactions.executeWithoutResult(status -> {
          idempotency.complete(PostSalesOrders.SCOPE, reference, existing.get().documentNumber());
          markStatus(channel, orderId, "POSTED", existing.get().documentNumber());
        });
        break;
      }
      default:
        documentNumber = salesOrder.resultRef();
    }
    if (PostSalesOrders.REJECTED_MARK.equals(documentNumber) || CANCELLED_MARK.equals(documentNumber)) {
      transactions.executeWithoutResult(status -> markStatus(channel, orderId, "CANCELLED", null));
      return Result.NOTHING_TO_DO;
    }
    Lease cancel = transactions.execute(status -> idempotency.claimLease(CANCEL_SCOPE, reference, owner,
        properties.claimLease(), postSalesOrders.takeoverAfter()));
    switch (cancel.state()) {
      case COMPLETED: return Result.NOTHING_TO_DO;
      case HELD_ELSEWHERE: return Result.HELD;
      default: break;
    }
    PostResult result;
    try {
      result = erp.cancelSalesOrder(reference, cancellation.reason() == null ? "cancelled by the marketplace"
          : cancellation.reason());
      faults.afterErpSuccess();
    } catch (RuntimeException failure) {
      claims.giveBack(CANCEL_SCOPE, reference, owner, failure);
      throw failure;
    }
    Instant now = clock.instant();
    if (result instanceof PostResult.Posted) {
      transactions.executeWithoutResult(status -> {
        idempotency.complete(CANCEL_SCOPE, reference, documentNumber);
        markStatus(channel, orderId, "CANCELLED", null);
        lineage.recordEvent(channel, orderId, "SalesOrderCancelled", now, SERVICE, documentNumber,
            "erp-cancelled:" + reference);
      });
      return Result.APPLIED;
    }
    String erpReason = ((PostResult.Rejected) result).reason();
    boolean fulfilled = erpReason != null && erpReason.toLowerCase(Locale.ROOT).contains("fulfil");
    String type = fulfilled ? CANCEL_AFTER_FULFILMENT : "ERP_REJECTED";
    String reason = "the ERP refused to cancel sales order " + documentNumber + " of " + reference + ": " + erpReason;
    transactions.executeWithoutResult(status -> {
      idempotency.complete(CANCEL_SCOPE, reference, PostSalesOrders.REJECTED_MARK);
      refuseCancel(channel, orderId, correlationId, type, reason, "cancel-rejected:" + reference,
          ReplayOrderChange.CANCEL_KIND, CanonicalJson.toBytes(cancellation));
    });
    return Result.SET_ASIDE;
  }

  private void neverPosted(OrderCancellation cancellation, String owner, String note) {
    transactions.executeWithoutResult(status -> {
      idempotency.complete(PostSalesOrders.SCOPE, cancellation.externalReference(), CANCELLED_MARK);
      markStatus(cancellation.channel(), cancellation.orderId(), "CANCELLED", null);
      lineage.recordEvent(cancellation.channel(), cancellation.orderId(), "OrderCancelled", clock.instant(), SERVICE,
          note, "cancelled:" + cancellation.externalReference());
    });
  }

  private void setAside(String channel, String orderId, String correlationId, String type, String reason,
      String sourceKey, String replayKind, byte[] payload) {
    Instant now = clock.instant();
    String reference = channel + ":" + orderId;
    exceptions.record(NewException.builder(type, reason)
        .channel(channel).orderId(orderId).correlationId(correlationId)
        .sourceKey(sourceKey).replay(replayKind, null).payload(payload, null).build());
    lineage.recordEvent(channel, orderId, "OrderChangeRejected", now, SERVICE, type, sourceKey + ":" + now.toEpochMilli());
    outbox.append(events.create(EventType.ORDER_REJECTED, Topics.orderKey(channel, orderId), channel,
        sourceKey, correlationId, new OrderRejected(channel, orderId, reference, type, reason, now)));
  }

  /**
   * A cancellation that did not happen: set aside for operations, and the order marked as still standing
   * (its refunds then become credit memos instead of waiting for the cancellation).
   */
  private void refuseCancel(String channel, String orderId, String correlationId, String type, String reason,
      String sourceKey, String replayKind, byte[] payload) {
    setAside(channel, orderId, correlationId, type, reason, sourceKey, replayKind, payload);
    // the cancellation is not pending any more: an order never posted is posted as usual (it was not
    // cancelled), a posted one stands and its refunds become credit memos
    jdbc.sql("""
            UPDATE received_orders SET cancelled_at = NULL,
                   status = CASE WHEN status = 'POSTED' THEN 'CANCEL_REFUSED' ELSE status END
             WHERE channel = :channel AND order_id = :orderId AND status <> 'CANCELLED'""")
        .param("channel", channel).param("orderId", orderId).update();
    // an order whose creation was held back for the cancellation goes to the ERP now
    jdbc.sql("SELECT payload FROM received_orders WHERE channel = :channel AND order_id = :orderId AND status = 'RECEIVED'")
        .param("channel", channel).param("orderId", orderId).query((rs, row) -> rs.getBytes(1)).optional()
        .filter(java.util.Objects::nonNull)
        .filter(stored -> idempotency.find(PostSalesOrders.SCOPE, channel + ":" + orderId).isEmpty())
        .ifPresent(stored -> outbox.append(events.create(EventType.ORDER_CREATED, Topics.orderKey(channel, orderId),
            channel, channel + ":" + orderId, correlationId, CanonicalJson.read(stored, Order.class))));
  }

  private void markStatus(String channel, String orderId, String status, String documentNumber) {
    jdbc.sql("""
            UPDATE received_orders SET status = :status, document_number = coalesce(:documentNumber, document_number)
             WHERE channel = :channel AND order_id = :orderId""")
        .param("status", status).param("documentNumber", documentNumber)
        .param("channel", channel).param("orderId", orderId).update();
  }

  private boolean heldByAnyone(String reference) {
    return transactions.execute(status -> {
      Lease probe = idempotency.claimLease(PostSalesOrders.SCOPE, reference, "probe/" + UUID.randomUUID(),
          java.time.Duration.ofMillis(1), postSalesOrders.takeoverAfter());
      if (probe.state() == IdempotencyStore.LeaseState.HELD_ELSEWHERE) {
        return true;
      }
      // the probe must not keep what it took: roll it back
      status.setRollbackOnly();
      return false;
    });
  }

  private void release(String scope, String key, String owner) {
    claims.giveBack(scope, key, owner, null);
  }

  private String owner() {
    return instances.instanceId() + "/" + UUID.randomUUID();
  }
}

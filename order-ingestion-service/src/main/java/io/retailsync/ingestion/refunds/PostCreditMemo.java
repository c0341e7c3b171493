package io.retailsync.ingestion.refunds;

import io.retailsync.erp.CreditMemoDocument;
import io.retailsync.erp.ErpDocument;
import io.retailsync.erp.ErpPort;
import io.retailsync.erp.PostResult;
import io.retailsync.ingestion.config.IngestionProperties;
import io.retailsync.model.Order;
import io.retailsync.model.OrderLine;
import io.retailsync.model.Refund;
import io.retailsync.model.failure.TransientSyncException;
import io.retailsync.model.json.CanonicalJson;
import io.retailsync.sync.exceptions.ExceptionQueue;
import io.retailsync.sync.exceptions.NewException;
import io.retailsync.sync.idempotency.IdempotencyStore;
import io.retailsync.sync.idempotency.IdempotencyStore.Lease;
import io.retailsync.sync.instances.InstanceRegistry;
import io.retailsync.sync.lineage.LineageStore;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Posts a marketplace refund to the ERP as a credit memo against its sales order, exactly once in effect:
 * the credit memo's reference {@code {channel}:{orderId}:refund:{refundId}} is claimed before the post, and
 * a claim found from an earlier attempt is looked up in the ERP before anything is posted.
 *
 * <p>A refund needs its sales order: while the order is received but not yet posted, the refund waits (a
 * transient failure: the consumer backs off); when the order was cancelled before the ERP booked anything,
 * the refund returns the payment and there is nothing to credit; when the order is unknown or was
 * rejected, the refund is set aside as {@code REFUND_UNMATCHED} and replayed once the order is posted.
 */
@Service
public class PostCreditMemo {

  public static final String SCOPE = "erp-credit-memo";
  static final String SALES_ORDER_SCOPE = "erp-sales-order";
  static final String REJECTED_MARK = "REJECTED";
  static final String CANCELLED_MARK = "CANCELLED";
  private static final String SERVICE = "order-ingestion-service";

  public enum Result { POSTED, NOTHING_TO_DO, SET_ASIDE, HELD }

  private final ErpPort erp;
  private final IdempotencyStore idempotency;
  private final TransactionTemplate transactions;
  private final JdbcClient jdbc;
  private final LineageStore lineage;
  private final ExceptionQueue exceptions;
  private final IngestionProperties properties;
  private final InstanceRegistry instances;
  private final Clock clock;
  private final Duration takeoverAfter;
  private final io.retailsync.ingestion.skualias.SkuAliases skuAliases;
  private final io.retailsync.sync.faults.FaultHooks faults;
  private final io.retailsync.ingestion.erpposting.ErpClaims claims;

  PostCreditMemo(ErpPort erp, IdempotencyStore idempotency, TransactionTemplate transactions, JdbcClient jdbc,
      LineageStore lineage, ExceptionQueue exceptions, IngestionProperties properties, InstanceRegistry instances,
      Clock clock, io.retailsync.erp.ErpProperties erpProperties, io.retailsync.ingestion.skualias.SkuAliases skuAliases,
      io.retailsync.sync.faults.FaultHooks faults, io.retailsync.ingestion.erpposting.ErpClaims claims) {
    this.claims = claims;
    this.faults = faults;
    this.skuAliases = skuAliases;
    this.erp = erp;
    this.idempotency = idempotency;
    this.transactions = transactions;
    this.jdbc = jdbc;
    this.lineage = lineage;
    this.exceptions = exceptions;
    this.properties = properties;
    this.instances = instances;
    this.clock = clock;
    this.takeoverAfter = properties.takeoverAfter(erpProperties);
  }

  public Result post(Refund refund, String correlationId) {
    String orderReference = refund.channel() + ":" + refund.orderId();
    String reference = refund.externalReference();
    if (refund.total().signum() == 0 && refund.shippingAmount().signum() == 0
        && refund.lines().stream().allMatch(line -> line.amount().signum() == 0)) {
      // a restock without money back: nothing to credit
      transactions.executeWithoutResult(status -> markRefund(refund, "NOTHING_REFUNDED", null));
      return Result.NOTHING_TO_DO;
    }
    // a cancellation received but not yet carried out counts as pending, so the refund waits for its outcome
    Optional<String> orderStatus = jdbc.sql("""
            SELECT CASE WHEN cancelled_at IS NOT NULL AND status NOT IN ('CANCELLED', 'CANCEL_REFUSED')
                        THEN CASE WHEN received_at < :stuckBefore AND cancelled_at < :stuckBefore
                                  THEN 'CANCEL_STUCK' ELSE 'CANCEL_PENDING' END
                        ELSE status END
              FROM received_orders WHERE channel = :channel AND order_id = :orderId""")
        .param("stuckBefore", Timestamp.from(clock.instant().minus(properties.stuckAfter())))
        .param("channel", refund.channel()).param("orderId", refund.orderId()).query(String.class).optional();
    // read after the order's status, never before: the posting records its claim and the status in one
    // transaction, so a status seen as posted guarantees the claim is seen completed; the other order could
    // see a pending claim and then a posted order, and set a good refund aside
    Optional<IdempotencyStore.Entry> salesOrder = idempotency.find(SALES_ORDER_SCOPE, orderReference);
    if (orderStatus.filter("CANCEL_STUCK"::equals).isPresent()) {
      transactions.executeWithoutResult(status -> {
        markRefund(refund, "UNMATCHED", null);
        setAside(refund, correlationId, "REFUND_UNMATCHED", "refund " + reference + " waits for the cancellation of "
            + orderReference + ", which was not carried out within " + properties.stuckAfter()
            + "; see the order's own exceptions, then replay this entry", "refund-unmatched:" + reference);
      });
      return Result.SET_ASIDE;
    }
    String documentNumber = salesOrder.filter(entry -> entry.status() == IdempotencyStore.Status.COMPLETED)
        .map(IdempotencyStore.Entry::resultRef).orElse(null);
    if (orderStatus.filter("CANCEL_PENDING"::equals).isPresent()) {
      throw new TransientSyncException("refund " + reference + " waits for the cancellation of " + orderReference
          + " to be carried out");
    }
    if (CANCELLED_MARK.equals(documentNumber) || orderStatus.filter("CANCELLED"::equals).isPresent()) {
      transactions.executeWithoutResult(status -> {
        markRefund(refund, "SETTLED_BY_CANCELLATION", null);
        lineage.recordEvent(refund.channel(), refund.orderId(), "RefundSettledByCancellation", clock.instant(), SERVICE,
            refund.refundId(), "refund-settled:" + reference);
      });
      return Result.NOTHING_TO_DO;
    }
    if (documentNumber == null && orderStatus.filter("RECEIVED"::equals).isPresent()) {
      throw new TransientSyncException("refund " + reference + " waits for its sales order " + orderReference
          + " to be posted");
    }
    if (documentNumber == null || REJECTED_MARK.equals(documentNumber)) {
      String why = orderStatus.isEmpty() ? "order " + orderReference + " was never received"
          : "sales order " + orderReference + " is not in the ERP (" + orderStatus.get().toLowerCase() + ")";
      transactions.executeWithoutResult(status -> {
        markRefund(refund, "UNMATCHED", null);
        setAside(refund, correlationId, "REFUND_UNMATCHED", "refund " + reference + " has no sales order to credit: "
            + why + "; replay this entry once the order is posted", "refund-unmatched:" + reference);
      });
      return Result.SET_ASIDE;
    }
    String owner = instances.instanceId() + "/" + UUID.randomUUID();
    Lease lease = transactions.execute(status -> idempotency.claimLease(SCOPE, reference, owner,
        properties.claimLease(), takeoverAfter));
    switch (lease.state()) {
      case COMPLETED:
        return Result.NOTHING_TO_DO;
      case HELD_ELSEWHERE:
        return Result.HELD;
      default:
        break;
    }
    PostResult result;
    try {
      Optional<ErpDocument> existing = lease.state() == IdempotencyStore.LeaseState.RECLAIMED
          ? erp.findCreditMemo(reference) : Optional.empty();
      result = existing.<PostResult>map(document -> new PostResult.Posted(reference, document.documentNumber(), true))
          .orElseGet(() -> erp.postCreditMemos(List.of(toDocument(refund, orderReference))).get(0));
      faults.afterErpSuccess();
    } catch (RuntimeException failure) {
      claims.giveBack(SCOPE, reference, owner, failure);
      throw failure;
    }
    Instant now = clock.instant();
    if (result instanceof PostResult.Posted posted) {
      transactions.executeWithoutResult(status -> {
        idempotency.complete(SCOPE, reference, posted.documentNumber());
        markRefund(refund, "POSTED", posted.documentNumber());
        lineage.recordErpDocument(refund.channel(), refund.orderId(), posted.documentNumber(), "CREDIT_MEMO", now);
        lineage.recordEvent(refund.channel(), refund.orderId(), "CreditMemoPosted", now, SERVICE,
            posted.documentNumber(), "credit-memo:" + reference);
      });
      return Result.POSTED;
    }
    String reason = "the ERP refused credit memo " + reference + ": " + ((PostResult.Rejected) result).reason();
    transactions.executeWithoutResult(status -> {
      idempotency.complete(SCOPE, reference, REJECTED_MARK);
      markRefund(refund, "REJECTED", null);
      setAside(refund, correlationId, "ERP_REJECTED", reason, "credit-memo-rejected:" + reference);
    });
    return Result.SET_ASIDE;
  }

  /**
   * The credit memo of a refund. A refunded line without a SKU of its own (Shopify sends the refunded line
   * item, which may lack one) takes the SKU of the order line it refunds.
   */
  CreditMemoDocument toDocument(Refund refund, String orderReference) {
    Map<String, String> skuByLine = jdbc.sql("SELECT payload FROM received_orders WHERE channel = :channel AND order_id = :orderId")
        .param("channel", refund.channel()).param("orderId", refund.orderId()).query((rs, row) -> rs.getBytes(1))
        .optional().map(payload -> CanonicalJson.read(payload, Order.class).lines().stream()
            .collect(Collectors.toMap(OrderLine::lineId, OrderLine::sku, (a, b) -> a)))
        .orElse(Map.of());
    // a line that returns no unit (an amount-only adjustment) has no quantity to credit; its money is in
    // the memo's total, which is what the marketplace paid back
    List<Refund.Line> units = refund.lines().stream().filter(line -> line.quantity() > 0).toList();
    List<String> marketplaceSkus = units.stream()
        .map(line -> line.sku() != null && !line.sku().isBlank() ? line.sku() : skuByLine.get(line.lineId()))
        .toList();
    Map<String, String> aliases = skuAliases.resolve(refund.channel(),
        marketplaceSkus.stream().filter(java.util.Objects::nonNull).distinct().toList());
    List<CreditMemoDocument.Line> lines = new java.util.ArrayList<>();
    for (int i = 0; i < units.size(); i++) {
      String sku = marketplaceSkus.get(i);
      Refund.Line line = units.get(i);
      lines.add(new CreditMemoDocument.Line(sku == null ? null : aliases.getOrDefault(sku, sku), line.quantity(),
          line.amount(), line.tax()));
    }
    return new CreditMemoDocument(refund.externalReference(), orderReference, refund.currency(), lines,
        refund.shippingAmount(), refund.total(), refund.reason());
  }

  private void setAside(Refund refund, String correlationId, String type, String reason, String sourceKey) {
    exceptions.record(NewException.builder(type, reason)
        .channel(refund.channel()).orderId(refund.orderId()).correlationId(correlationId)
        .sku(refund.lines().isEmpty() ? null : refund.lines().get(0).sku())
        .sourceKey(sourceKey).replay(ReplayCreditMemo.KIND, null)
        .payload(CanonicalJson.toBytes(refund), null).build());
  }

  private void markRefund(Refund refund, String status, String documentNumber) {
    jdbc.sql("""
            UPDATE received_refunds SET status = :status, document_number = coalesce(:documentNumber, document_number),
                   posted_at = CASE WHEN cast(:documentNumber AS text) IS NULL THEN posted_at ELSE :at END
             WHERE channel = :channel AND order_id = :orderId AND refund_id = :refundId""")
        .param("status", status).param("documentNumber", documentNumber).param("at", Timestamp.from(clock.instant()))
        .param("channel", refund.channel()).param("orderId", refund.orderId()).param("refundId", refund.refundId())
        .update();
  }

}

package io.retailsync.ingestion.erpposting;

import io.retailsync.erp.ErpPort;
import io.retailsync.erp.PostResult;
import io.retailsync.erp.SalesOrderDocument;
import io.retailsync.model.Order;
import io.retailsync.model.OrderLine;
import io.retailsync.model.event.EventType;
import io.retailsync.model.event.OrderAccepted;
import io.retailsync.model.event.OrderRejected;
import io.retailsync.model.event.Topics;
import io.retailsync.model.json.CanonicalJson;
import io.retailsync.sync.events.EventFactory;
import io.retailsync.sync.exceptions.ExceptionQueue;
import io.retailsync.sync.exceptions.NewException;
import io.retailsync.sync.faults.FaultHooks;
import io.retailsync.sync.idempotency.IdempotencyStore;
import io.retailsync.sync.lineage.LineageStore;
import io.retailsync.sync.outbox.Outbox;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Posts a batch of received orders to the ERP as sales orders, exactly once in effect.
 *
 * <p>Each order's external reference is claimed in PostgreSQL and committed before the ERP is called.
 * A claim found pending means an earlier attempt may have reached the ERP and crashed before recording
 * the result: that order is looked up in the ERP by its reference instead of being posted again. After
 * the ERP answers, the results, the acks ({@code OrderAccepted}/{@code OrderRejected} through the outbox)
 * and the lineage are recorded in one transaction. A transient ERP failure propagates, so the consumer
 * backs off with the batch still in Kafka.
 */
@Service
public class PostSalesOrders {

  static final String SCOPE = "erp-sales-order";
  static final String REJECTED_MARK = "REJECTED";
  private static final String SERVICE = "order-ingestion-service";

  /** An order to post with the lineage id its event carried. */
  public record OrderToPost(Order order, String correlationId) {}

  private final ErpPort erp;
  private final IdempotencyStore idempotency;
  private final TransactionTemplate transactions;
  private final JdbcClient jdbc;
  private final Outbox outbox;
  private final EventFactory events;
  private final LineageStore lineage;
  private final ExceptionQueue exceptions;
  private final FaultHooks faults;
  private final Clock clock;

  PostSalesOrders(ErpPort erp, IdempotencyStore idempotency, TransactionTemplate transactions, JdbcClient jdbc,
      Outbox outbox, EventFactory events, LineageStore lineage, ExceptionQueue exceptions, FaultHooks faults,
      Clock clock) {
    this.erp = erp;
    this.idempotency = idempotency;
    this.transactions = transactions;
    this.jdbc = jdbc;
    this.outbox = outbox;
    this.events = events;
    this.lineage = lineage;
    this.exceptions = exceptions;
    this.faults = faults;
    this.clock = clock;
  }

  public void post(List<OrderToPost> batch) {
    Map<String, OrderToPost> byReference = new LinkedHashMap<>();
    batch.forEach(item -> byReference.putIfAbsent(item.order().externalReference(), item));
    if (byReference.isEmpty()) {
      return;
    }
    Map<String, IdempotencyStore.Claim> claims = transactions.execute(status -> {
      Map<String, IdempotencyStore.Claim> claimed = new LinkedHashMap<>();
      byReference.keySet().forEach(reference -> claimed.put(reference, idempotency.claim(SCOPE, reference)));
      return claimed;
    });

    Map<String, PostResult> results = new LinkedHashMap<>();
    List<SalesOrderDocument> toPost = new ArrayList<>();
    for (var entry : byReference.entrySet()) {
      String reference = entry.getKey();
      IdempotencyStore.Claim claim = claims.get(reference);
      if (claim.completed()) {
        continue;
      }
      if (!claim.firstSeen()) {
        var existing = erp.findSalesOrder(reference);
        if (existing.isPresent()) {
          results.put(reference, new PostResult.Posted(reference, existing.get().documentNumber(), true));
          continue;
        }
      }
      toPost.add(SalesOrderMapping.toDocument(entry.getValue().order()));
    }
    if (!toPost.isEmpty()) {
      erp.postSalesOrders(toPost).forEach(result -> results.put(result.externalReference(), result));
      faults.afterErpSuccess();
    }
    if (results.isEmpty()) {
      return;
    }
    transactions.executeWithoutResult(status -> results.forEach((reference, result) ->
        record(byReference.get(reference), result)));
  }

  private void record(OrderToPost item, PostResult result) {
    Order order = item.order();
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
      lineage.recordEvent(order.channel(), order.orderId(), "OrderAccepted", now, SERVICE, posted.documentNumber(),
          "accepted:" + order.externalReference());
      outbox.append(events.create(EventType.ORDER_ACCEPTED, key, order.channel(), order.externalReference(),
          item.correlationId(), new OrderAccepted(order.channel(), order.orderId(), order.externalReference(),
              posted.documentNumber(), now)));
      return;
    }
    PostResult.Rejected rejected = (PostResult.Rejected) result;
    String unknownSku = unknownSku(order, rejected.reason());
    String type = unknownSku != null ? "UNKNOWN_SKU" : "ERP_REJECTED";
    exceptions.record(NewException.builder(type, rejected.reason())
        .channel(order.channel()).orderId(order.orderId()).sku(unknownSku)
        .correlationId(item.correlationId())
        .sourceKey("erp-rejected:" + order.externalReference())
        .replay(ReplaySalesOrder.KIND, null)
        .payload(CanonicalJson.toJson(order), null).build());
    idempotency.complete(SCOPE, order.externalReference(), REJECTED_MARK);
    jdbc.sql("UPDATE received_orders SET status = 'REJECTED' WHERE channel = :channel AND order_id = :orderId")
        .param("channel", order.channel()).param("orderId", order.orderId()).update();
    lineage.recordEvent(order.channel(), order.orderId(), "OrderRejected", now, SERVICE, type,
        "rejected:" + order.externalReference() + ":" + now.toEpochMilli());
    outbox.append(events.create(EventType.ORDER_REJECTED, key, order.channel(), order.externalReference(),
        item.correlationId(), new OrderRejected(order.channel(), order.orderId(), order.externalReference(), type,
            rejected.reason(), now)));
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

package io.retailsync.sync.lineage;

import java.time.Instant;
import java.util.List;

/**
 * Everything the suite knows about one marketplace order: the middleware's correlation id, the ERP
 * documents it produced and the events that touched it, across services.
 */
public record Lineage(String channel, String orderId, String correlationId, List<ErpDocumentRef> erpDocuments,
    List<Event> events) {

  public record ErpDocumentRef(String documentNumber, String kind, Instant postedAt) {}

  public record Event(String type, Instant at, String service, String reference) {}
}
